"""The frame every section shares: section keys, status line and a problem banner."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from ..keys import key_label
from .plain import plain, template

SECTIONS: list[tuple[str, str, str]] = [
    ("1", "dashboard", "Dashboard"),
    ("2", "meetings", "Meetings"),
    ("3", "actions", "Actions"),
    ("4", "register", "Register"),
    ("5", "disputes", "Disputes"),
    ("6", "assessments", "Assessments"),
    ("7", "conflicts", "Conflicts"),
]
# Sections reached by key and palette whose tab shows only while they are open (the bar of
# seven fills 80 columns).
MORE_SECTIONS: list[tuple[str, str, str]] = [
    ("8", "compact", "Compact's clock"),
]


@dataclass(frozen=True)
class ChromeState:
    """Everything the frame shows, computed once by the app and handed to each screen."""

    path: str = ""
    member: str = ""
    saved: str = ""
    unsaved: bool = False
    others: str = ""
    conflicts: int = 0
    problem: str = ""
    read_only: bool = False
    demo: bool = False
    damaged: tuple[tuple[str, str, str], ...] = ()  # (section, record id, what is wrong)


class SectionTabs(Static):
    """The section keys; the current one is bracketed and reversed, not only coloured."""

    DEFAULT_CSS = """
    SectionTabs { height: 1; background: $panel; color: $text-muted; }
    """
    SHORT_TITLES = {"dashboard": "Home", "assessments": "Assess", "compact": "Clock"}
    FULL_WIDTH = 96

    def __init__(self, current: str) -> None:
        super().__init__(self.label_for(current, 0), markup=True)
        self.current = current
        self._conflicts = 0

    @classmethod
    def label_for(cls, current: str, conflicts: int, narrow: bool = False,
                  keys: dict[str, str] | None = None) -> str:
        """``keys``: each section's key as the user's keymap has it (default: the table's)."""
        parts = []
        extra = [section for section in MORE_SECTIONS if section[1] == current]
        # An extra tab fits 80 columns only with one space, not two, between the others.
        pad = " " if not (narrow and extra) else ""
        for key, mode, title in SECTIONS + extra:
            key = (keys or {}).get(mode, key)
            if narrow:
                title = cls.SHORT_TITLES.get(mode, title)
            if mode == "conflicts" and conflicts:
                title = f"{title}:{conflicts}" if narrow else f"{title} ({conflicts})"
            if mode == current:
                parts.append(f"[b reverse][{key} {title}][/]")
            else:
                parts.append(f"{pad}{key} {title} ")
        return "".join(parts)

    def show(self, state: ChromeState) -> None:
        self._conflicts = state.conflicts
        self._relabel()

    def on_resize(self) -> None:
        self._relabel()

    def _relabel(self) -> None:
        keys = {mode: key_label(self.app, f"section.{mode}")
                for _key, mode, _title in SECTIONS + MORE_SECTIONS}
        full = self.label_for(self.current, self._conflicts, keys=keys)
        narrow = 0 < self.size.width < max(self.FULL_WIDTH, len(Content.from_markup(full)))
        self.update(self.label_for(self.current, self._conflicts, narrow, keys))


class StatusLine(Static):
    """Store path, member name, last-saved time, and who else has the file open."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; background: $primary-background; color: $text; }
    """

    def show(self, state: ChromeState) -> None:
        if state.unsaved:
            saved = "saving…"
        elif state.saved:
            saved = f"saved {state.saved}"
        else:
            saved = "no unsaved changes"
        parts = [state.path, state.member or "no name set", saved]
        if state.demo:
            parts.insert(0, "DEMO DATA")
        if state.others:
            parts.append(f"also open: {state.others}")
        self.update(plain(" · ".join(parts)), layout=False)


class ProblemBanner(Static):
    """Shown only when the data file cannot be read or written; says what happens to edits."""

    DEFAULT_CSS = """
    ProblemBanner { height: auto; padding: 0 1; background: $error 30%; color: $text;
                    display: none; }
    ProblemBanner.-visible { display: block; }
    """

    def show(self, state: ChromeState) -> None:
        self.set_class(bool(state.problem), "-visible")
        if state.problem:
            heading = "Cannot read the shared file" if state.read_only else "Cannot save"
            hint = (" To restore a backup: ctrl+p, then Restore a backup."
                    if state.read_only else "")
            self.update(template("[b]! $heading:[/b] $problem$hint",
                                 heading=heading, problem=state.problem, hint=hint))


DAMAGED_SHOWN = 3


class DamagedBanner(Static):
    """Says which records of this section are damaged (a value that does not fit its field),
    what is wrong and who last changed them; the dashboard counts them all."""

    DEFAULT_CSS = """
    DamagedBanner { height: auto; padding: 0 1; background: $warning 25%; color: $text;
                    display: none; }
    DamagedBanner.-visible { display: block; }
    """

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section

    def show(self, state: ChromeState) -> None:
        lines = [line for section, _record_id, line in state.damaged
                 if section == self.section or self.section == "dashboard"]
        self.set_class(bool(lines), "-visible")
        if not lines:
            return
        if self.section == "dashboard" and len(lines) > 1:
            lines = [f"{len(lines)} damaged records in the shared file."]
        more = len(lines) - DAMAGED_SHOWN
        shown = "\n".join(f"! {line}" for line in lines[:DAMAGED_SHOWN])
        if more > 0:
            shown += f"\n! and {more} more"
        self.update(template("$shown\n[b]To repair or remove:[/b] ctrl+p, then Damaged "
                             "records.", shown=shown))
