"""The domain: records, rules and workflows of the Compact. Plain Python, no Textual, no files."""
