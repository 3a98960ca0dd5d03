"""The "Due and overdue" list as a document: Markdown for a weekly e-mail or an agenda pack,
CSV for a spreadsheet, JSON for a script."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from ..clock.due import DueItem
from ..dates import format_date
from ..spreadsheet_cells import guard_formula
from .markdown_text import escape_inline, table

CSV_FIELDS = ("due", "status", "kind", "text", "section", "record_id")


def due_markdown(items: list[DueItem], on: date, within_days: int, *,
                 heading: str = "# Due and overdue") -> str:
    late = sum(1 for item in items if item.overdue)
    lines = [heading, "",
             escape_inline(f"As at {format_date(on)}: everything overdue, and what falls due "
                           f"in the next {within_days} days. {len(items)} items, {late} "
                           "overdue."), ""]
    if items:
        lines.append(table(["Due", "Status", "What", "Details"],
                           [[format_date(i.due), i.status, i.kind_label, i.text]
                            for i in items]))
    else:
        lines.append("Nothing is due or overdue.")
    return "\n".join(lines) + "\n"


def due_csv(items: list[DueItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for item in items:
        writer.writerow([item.due.isoformat(), item.status, item.kind_label,
                         guard_formula(item.text), item.mode, item.record_id])
    return out.getvalue()


def due_json(items: list[DueItem], on: date, within_days: int) -> str:
    return json.dumps({"as_at": on.isoformat(), "within_days": within_days, "items": [
        {"due": item.due.isoformat(), "overdue": item.overdue, "kind": item.kind,
         "kind_label": item.kind_label, "text": item.text, "section": item.mode,
         "record_id": item.record_id} for item in items]}, ensure_ascii=False, indent=2) + "\n"
