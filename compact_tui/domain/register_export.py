"""The public list of signatories, as Markdown for the Compact's web pages.

Names and dates signed only: no contact details, no champions, no notes. Only active
signatories are listed; lapsed and withdrawn organisations are not partners any more.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .dates import format_date, today
from .exports.markdown_text import escape_inline
from .register import SECTOR_GROUP_LABELS, Organisation


def public_list_markdown(organisations: Iterable[Organisation], compact_name: str,
                         on: date | None = None) -> str:
    active = [o for o in organisations if o.status == "active"]
    lines = [f"# Signatories of the {escape_inline(compact_name)}", "",
             f"As at {format_date(on or today())}, {len(active)} "
             f"organisation{'' if len(active) == 1 else 's'} "
             f"{'has' if len(active) == 1 else 'have'} signed up to the "
             f"{escape_inline(compact_name)}."]
    for group, label in SECTOR_GROUP_LABELS.items():
        members = sorted((o for o in active if o.sector_group == group),
                         key=lambda o: o.name.casefold())
        if not members:
            continue
        lines += ["", f"## {label}", ""]
        for org in members:
            signed = f" (signed {format_date(org.date_signed)})" if org.date_signed else ""
            lines.append(f"- {escape_inline(org.name)}{signed}")
    if not active:
        lines += ["", "No organisation is listed yet."]
    return "\n".join(lines) + "\n"
