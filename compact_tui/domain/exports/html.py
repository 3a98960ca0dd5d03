"""Markdown to a print-ready HTML page through the ``markdown`` package.

The Markdown we render was built with every piece of user text escaped
(``markdown_text``), so the page holds no markup a member typed; the only tags are the ones
Markdown makes from our own structure (headings, paragraphs, lists, tables, emphasis).
"""

from __future__ import annotations

import html

import markdown

PRINT_STYLE = """
@page { size: A4; margin: 2cm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4;
       color: #000; max-width: 48em; margin: 1em auto; padding: 0 1em; }
h1 { font-size: 18pt; margin-bottom: 0.3em; }
h2 { font-size: 13pt; margin-top: 1.2em; border-bottom: 1px solid #888; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #555; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print {
  body { margin: 0; max-width: none; }
  h2, h3 { page-break-after: avoid; break-after: avoid; }
  tr, li { page-break-inside: avoid; break-inside: avoid; }
}
""".strip()


def render_markdown(text: str) -> str:
    """The HTML fragment for ``text`` (Markdown with pipe tables)."""
    return markdown.markdown(text, extensions=["tables"], output_format="html")


def html_page(markdown_text: str, title: str) -> str:
    body = render_markdown(markdown_text)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{PRINT_STYLE}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
