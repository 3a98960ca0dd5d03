"""Every key the app binds, in one table: one key, one meaning, on every screen.

A binding's id is its meaning ("export", "history"), shared by every screen that offers it, so
a key means the same thing wherever it is pressed and a user's remapping (``keys:`` in the
settings file, applied with ``App.set_keymap``) moves it everywhere at once. Screens build
their bindings with :func:`bind`, which takes the keys from this table; the description says
what the key does on that screen ("New meeting", "Add champion").

Keys the terminal takes first never appear: tmux's and screen's prefixes, the shell's suspend
and quit signals. Flow control (ctrl+s, ctrl+q) is swallowed by some old links and terminals,
so a binding on those keys always has another way to the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import Keys, key_to_character


@dataclass(frozen=True)
class Key:
    keys: str          # Textual key names, comma separated; the first is shown in the footer
    meaning: str


KEYS: dict[str, Key] = {
    # everywhere
    **{f"section.{mode}": Key(str(number), f"Go to {title}") for number, (mode, title) in
       enumerate([("dashboard", "Dashboard"), ("meetings", "Meetings"), ("actions", "Actions"),
                  ("register", "Register"), ("disputes", "Disputes"),
                  ("assessments", "Assessments"), ("conflicts", "Conflicts")], start=1)},
    "section.compact": Key("8", "Go to the Compact's clock: due and overdue, consultations, "
                                "funding changes, the Compact's cycle"),
    "help": Key("f1,question_mark", "Show the keys (press again to close)"),
    "theme": Key("ctrl+t", "Switch theme: dark, light, high contrast"),
    "quit": Key("ctrl+q,f10", "Save and quit"),
    "back": Key("escape", "Go back, close or cancel (never changes anything)"),
    "select": Key("enter", "Open or choose the highlighted line; in a question, the safe answer"),
    "close": Key("q", "Close a page you are reading"),
    "save": Key("ctrl+s", "Save a long form (or Tab to its Save button)"),
    "yes": Key("y", "Yes, do it (only in a question)"),
    # lists and records
    "new": Key("n", "Add something new here"),
    "edit": Key("e", "Edit the highlighted record"),
    "remove": Key("delete", "Remove the highlighted line (asks first)"),
    "export": Key("x", "Export to a file"),
    "history": Key("h", "Who changed what, when"),
    "find": Key("slash", "Find in the list"),
    "filter": Key("f", "Switch what the list shows"),
    "reset": Key("r", "Clear the filters"),
    "sort": Key("b", "Sort by the next column"),
    "reverse": Key("z", "Reverse the order"),
    "status": Key("s", "Change the status"),
    "keep": Key("k", "Keep it as it is (confirm it is up to date)"),
    "import": Key("i", "Import from a file"),
    "report": Key("v", "View the summary report"),
    "progress": Key("g", "View progress"),
    "year": Key("j", "Next year"),
    "meeting": Key("m", "Go to the meeting it came from"),
    "move_up": Key("shift+up", "Move up"),
    "move_down": Key("shift+down", "Move down"),
    # meetings
    "chair": Key("c", "Open chair mode"),
    "issue": Key("u", "Issue the agenda"),
    "mail": Key("at", "Email the agenda or minutes to members (or save drafts)"),
    "pack": Key("P", "Export the agenda pack (agenda, minutes to approve, action log, due and "
                     "overdue)"),
    "next_item": Key("f9,ctrl+n,ctrl+down", "Next agenda item"),
    "previous_item": Key("f8,ctrl+up", "Previous agenda item"),
    "decision": Key("f2,ctrl+o", "Record a decision"),
    "action": Key("f3,ctrl+r", "Record an action"),
    "interest": Key("f4,ctrl+l", "Record a declaration of interest"),
    "votes": Key("f11,ctrl+j", "Record a vote on the item (who took no part, too)"),
    "attendance": Key("f5", "Attendance sheet / minutes"),
    "defer": Key("ctrl+f", "Defer the item"),
    "approve": Key("ctrl+g", "Approve the last meeting's minutes (asks first)"),
    "end_meeting": Key("f12", "End the meeting (asks first)"),
    "present": Key("p", "Mark present"),
    "apologies": Key("a", "Mark apologies"),
    "absent": Key("d", "Mark absent (did not attend)"),
    "other_person": Key("plus", "Someone other than the proposed contact came (or sent "
                                "apologies) for the organisation"),
    # disputes, assessments, conflicts
    "next_step": Key("t", "Set the next step"),
    "lessons": Key("l", "Lessons learned"),
    "take_other": Key("o", "Take the other value"),
    "write_merged": Key("w", "Write the merged text"),
    "page_next": Key("pagedown", "Next page"),
    "page_previous": Key("pageup", "Previous page"),
    "next_line": Key("down", "Next line or question"),
    "previous_line": Key("up", "Previous line or question"),
    # a rating picker: the digits 1-9 type a rating into it, as letters type into a text box
    "next_choice": Key("right", "Next choice"),
    "previous_choice": Key("left", "Previous choice"),
    "clear_value": Key("backspace", "Clear the value"),
}

# Taken before the app sees them (or meaning something else to the person typing).
TERMINAL_OWNED: dict[str, str] = {
    "ctrl+b": "tmux's prefix key",
    "ctrl+a": "GNU screen's prefix key (and start of line in a text box)",
    "ctrl+z": "the shell's suspend key",
    "ctrl+backslash": "the shell's quit signal",
    "ctrl+c": "copy (and the terminal's interrupt)",
    "ctrl+p": "the command palette",
}
FLOW_CONTROL: dict[str, str] = {
    "ctrl+s": "XOFF: freezes the screen on links with flow control on",
    "ctrl+q": "XON: swallowed on links with flow control on",
}
# Where a flow-control key is the only key, the other way to the same thing.
FLOW_CONTROL_FALLBACK: dict[str, str] = {
    "save": "each long form has a Save button (Tab to it, Enter)",
}


def bind(binding_id: str, action: str, description: str, *, show: bool = True,
         priority: bool = False) -> Binding:
    """A binding on the keys this table gives its meaning."""
    return Binding(KEYS[binding_id].keys, action, description, id=binding_id, show=show,
                   priority=priority)


def keys_of(binding_id: str) -> list[str]:
    return [key.strip() for key in KEYS[binding_id].keys.split(",")]


def shown_key(key: str) -> str:
    """How a key name reads in help text."""
    return {"question_mark": "?", "slash": "/", "plus": "+", "escape": "Escape", "enter": "Enter",
            "delete": "Delete"}.get(key, key)


def active_keys(app: object, binding_id: str, default: str = "") -> list[str]:
    """The keys a meaning is on now: the user's keymap if it moved it, else the table's."""
    keymap = getattr(app, "keymap", {}) or {}
    keys = keymap.get(binding_id) or (KEYS[binding_id].keys if binding_id in KEYS else default)
    return [key.strip() for key in keys.split(",") if key.strip()]


def key_label(app: object, binding_id: str) -> str:
    """The first key of a meaning as a person reads it, for hints in sentences."""
    keys = active_keys(app, binding_id)
    return shown_key(keys[0]) if keys else binding_id


def keys_hint(app: object, *parts: tuple[str, str]) -> str:
    """A line of hints, "Tab: next field · Enter: save · Escape: cancel". A key given by its
    meaning in the table ("back") shows as the user's keymap has it, so a moved key reads
    moved; other names (Tab, Enter in a text box, arrows: Textual's own keys) show as given."""
    return " · ".join(f"{key_label(app, key) if key in KEYS else key}: {what}"
                      for key, what in parts)


def check_keymap(wanted: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """A user's ``keys:`` settings: the entries that can be applied, and why others cannot.

    Each entry maps a meaning (a binding id) to one or more keys, comma separated. An entry is
    refused, with the reason, if its meaning is unknown, a key is the terminal's, or a key
    already means something else (unless that meaning is moved away too).
    """
    moved = set(wanted)
    while True:
        usable, problems = _check_keymap_once(wanted, moved)
        if set(usable) == moved:
            return usable, problems
        moved = set(usable)


def _check_keymap_once(wanted: Mapping[str, str], moved: set[str]
                       ) -> tuple[dict[str, str], list[str]]:
    usable: dict[str, str] = {}
    problems: list[str] = []
    taken = {key: binding_id for binding_id in KEYS if binding_id not in moved
             for key in keys_of(binding_id)}
    for binding_id, value in wanted.items():
        if binding_id not in KEYS:
            problems.append(f"keys: {binding_id!r} is not a key name this app knows "
                            f"(see the help screen, F1, for the names)")
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"keys: {binding_id}: give the key as text, e.g. "
                            f"{binding_id}: {keys_of(binding_id)[0]}")
            continue
        keys = [_normalise(key) for key in value.split(",") if key.strip()]
        refused = ""
        for key in keys:
            if not _known_key(key):
                refused = (f"{key!r} is not a key name (write keys as ctrl+e, f5, shift+up, "
                           "e or ?)")
            elif key in TERMINAL_OWNED:
                refused = f"{key} is {TERMINAL_OWNED[key]}"
            elif key in FLOW_CONTROL and len(keys) == 1:
                refused = f"{key} alone is unsafe ({FLOW_CONTROL[key]}); add a second key"
            elif key in taken and taken[key] != binding_id:
                refused = f"{key} already means {taken[key]!r}"
            if refused:
                break
        if refused:
            problems.append(f"keys: {binding_id}: {refused}; kept {KEYS[binding_id].keys}")
            continue
        for key in keys:
            taken[key] = binding_id
        usable[binding_id] = ",".join(keys)
    return usable, problems


_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super"}
_PUNCTUATION_NAMES = {"slash", "plus", "minus", "backslash", "question_mark"}


def _known_key(key: str) -> bool:
    """A name Textual gives a key: modifiers, then a named key or one character."""
    *modifiers, base = key.split("+")
    if not base or any(modifier not in _MODIFIERS for modifier in modifiers):
        return False
    return (len(base) == 1 or base in _PUNCTUATION_NAMES
            or base in {name.value for name in Keys} or key_to_character(base) is not None)


_SHORT_NAMES = {"?": "question_mark", "/": "slash", "esc": "escape", "return": "enter",
                "del": "delete", "\\": "backslash"}


def _normalise(key: str) -> str:
    """Accept the way people write keys: 'Ctrl+E', 'F5', '?'."""
    parts = [part.strip() for part in key.strip().lower().replace("-", "+").split("+")]
    parts = [_SHORT_NAMES.get(part, part) for part in parts]
    return "+".join(parts)


def keys_markdown() -> str:
    """The README's key table, made from this table so the two never disagree."""
    lines = ["| Key | Means | Name in `keys:` |", "|---|---|---|"]
    for binding_id, entry in KEYS.items():
        keys = ", ".join(f"`{shown_key(key)}`" for key in keys_of(binding_id))
        lines.append(f"| {keys} | {entry.meaning} | `{binding_id}` |")
    return "\n".join(lines)

