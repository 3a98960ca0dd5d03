"""The Textual app: one module per screen, each with its .tcss beside it."""
