"""Cells for CSV files that people open in Excel, LibreOffice or Google Sheets.

A cell starting ``= + - @`` is run as a formula when the file is opened (CSV injection: a
stored note ``=HYPERLINK("http://evil.example", "click")`` would become a live link on a
council officer's machine). ``guard_formula`` puts a ``'`` before such a cell, and before a
``'`` that would otherwise be taken for a guard, so ``unguard_formula`` gives back exactly what
was stored. Numbers (``-3``, ``+44 1277``) are left alone.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@")


def guard_formula(value: str) -> str:
    if value[:1] in FORMULA_STARTS and not _is_number(value):
        return f"'{value}"
    if value[:1] == "'" and value[1:2] in (*FORMULA_STARTS, "'"):
        return f"'{value}"
    return value


def unguard_formula(value: str) -> str:
    if value[:1] == "'" and value[1:2] in (*FORMULA_STARTS, "'"):
        return value[1:]
    return value


def _is_number(value: str) -> bool:
    return re.fullmatch(r"[+-]?\d[\d ]*", value) is not None
