"""Hostile text for the injection tests: markup, a live-link attempt, terminal escape sequences
and bidi overrides, written into every text field of every table by a member called Mallory."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from rich.console import Console

from compact_tui.store import open_store

MARK = "[/]Ma"
HOSTILE = ("[/]Mallory [b]bold?[/b] [@click=app.screenshot('compact.json','.')]click me[/] "
           "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07 "
           "\u202eevil\u202c \x9b31m \r")
HOSTILE_MEMBER = "[/]Mallory \x1b]0;pwned\x07\u202e"

TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "organisations": ("name", "signed_by", "signatory_name", "signatory_role", "address",
                      "telephone", "email", "notes", "status_note"),
    "champions": ("name", "role", "department", "email", "phone"),
    "meetings": ("title", "venue", "video_link", "chair", "minute_taker", "notes"),
    "agenda_items": ("title", "presenter", "notes", "minutes"),
    "attendance": ("name", "role"),
    "decisions": ("ref", "text"),
    "actions": ("ref", "description", "owner_name", "flag"),
    "amendments": ("text",),
    "disputes": ("title", "raised_by_name", "what_happened", "outcome_sought",
                 "compliance_question", "next_step", "mediator", "lesson"),
    "dispute_events": ("note", "recorded_by", "reason", "mediator", "next_step"),
    "self_assessments": ("reviewed_by", "review_summary"),
    "action_plans": ("reviewed_by", "review_summary"),
}


def hostile_fields(table: str, record: dict[str, Any]) -> dict[str, Any]:
    """Every text field of a record (nested notes and answers included) made hostile."""
    changes: dict[str, Any] = {name: HOSTILE for name in TEXT_FIELDS.get(table, ())}
    for name, value in record.items():
        if name.startswith(("answer.", "rating.")) and isinstance(value, dict):
            changes[name] = {**value, "notes" if "notes" in value else "note": HOSTILE}
        elif name.startswith("review.") or (name == "papers" and isinstance(value, list)):
            changes[name] = [HOSTILE] if name == "papers" else HOSTILE
        elif name == "notes" and isinstance(value, list):
            changes[name] = [{**note, "note": HOSTILE, "by": HOSTILE} for note in value]
        elif name == "declarations" and isinstance(value, list):
            changes[name] = [{**d, "name": HOSTILE, "interest": HOSTILE}
                             if isinstance(d, dict) else HOSTILE for d in value]
    return changes


def poison_store(path: Path) -> None:
    """Mallory rewrites every text field, then clashes with Jo on a meeting title."""
    with open_store(path, member=HOSTILE_MEMBER) as store:
        for table in TEXT_FIELDS:
            for record in store.all(table):
                store.update(table, record["id"], hostile_fields(table, record))
    meeting = open_store(path, member="Jo Morgan").all("meetings")[0]["id"]
    mallory = open_store(path, member=HOSTILE_MEMBER, device="mallory-laptop")
    jo = open_store(path, member="Jo Morgan", device="jo-laptop")
    mallory.update("meetings", meeting, {"title": HOSTILE + " one"})
    jo.update("meetings", meeting, {"title": HOSTILE + " two"})
    mallory.close()
    jo.close()


_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H")


def terminal_output(app: Any) -> str:
    """What the app would send the terminal for its whole screen now, less its own styling."""
    update = app.screen._compositor.render_full_update()
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      width=app.size.width)
    return _OWN_SEQUENCES.sub("", update.render_segments(console))


def screen_text(app: Any) -> str:
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def live_links(app: Any) -> list[str]:
    """Click actions on screen that name a screenshot (none of ours do)."""
    update = app.screen._compositor.render_full_update()
    found = []
    for line in update.strips:
        for strip in line:
            for segment in strip:
                meta = segment.style.meta if segment.style else {}
                if "screenshot" in str(meta.get("@click", "")):
                    found.append(str(meta["@click"]))
    return found


def assert_shown_safely(app: Any, where: str) -> None:
    output = terminal_output(app)
    bad = [char for char in ("\x1b", "\x07", "\x9b", "\u202e", "\r") if char in output]
    assert not bad, f"{where}: {bad!r} reaches the terminal"
    assert not live_links(app), f"{where}: a live link from stored text"
