"""The Compact's clock (key 8): one list at a time, f switches between them.

"Due and overdue" comes first: everything with a date that needs the group, soonest first;
Enter jumps to the record it comes from. Then consultations, funding changes and the
Compact's own cycle, each flagged against the content's numbers; the line under the list
quotes the Compact's words for the highlighted record's flags, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...domain.clock.consultations import UnknownConsultationError
from ...domain.clock.cycle import RETURNS, CycleInputError
from ...domain.clock.due import DueItem, due_items
from ...domain.clock.funding import UnknownFundingChangeError
from ...domain.dates import format_date, format_date_short, from_iso, today
from ...domain.exports.due_list import due_csv, due_json, due_markdown
from ...locations import export_folder
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.plain import plain
from ..widgets.record_table import ColumnSpec, RecordTable, Row

DUE, CONSULTATIONS, FUNDING, CYCLE = "due", "consultations", "funding", "cycle"
VIEWS = {DUE: "Due and overdue", CONSULTATIONS: "Consultations", FUNDING: "Funding changes",
         CYCLE: "The Compact's cycle"}
CYCLE_PREFIX = "cycle:"
CHROME = 14  # body padding, cell padding, a scrollbar


class CompactScreen(SectionScreen):
    SECTION = "compact"
    CSS_PATH = "compact.tcss"
    BINDINGS = [
        bind("select", "open", "Open", show=False),
        bind("filter", "next_view", "Next list"),
        bind("new", "new", "New"),
        bind("edit", "edit", "Edit"),
        bind("history", "history", "History", show=False),
        bind("export", "export", "Export"),
        bind("report", "annual_report", "Annual report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = DUE
        self._shape: tuple[str, int] | None = None
        self._due: dict[str, DueItem] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("", id="compact-heading", classes="section-title")
        yield RecordTable(id="compact-table", classes="body")
        yield Static("", id="compact-selected")

    @property
    def table(self) -> RecordTable:
        return self.query_one("#compact-table", RecordTable)

    def on_resize(self) -> None:
        if self._shape != (self.view, self.size.width):
            self.refresh_data()

    def refresh_data(self) -> None:
        width = self.size.width or 80
        columns: list[ColumnSpec] | None = None
        shape = (self.view, width)
        spare = max(20, width - CHROME)
        if shape != self._shape:
            self._shape = shape
            columns = self._columns(spare)
        rows, heading = {DUE: self._due_rows, CONSULTATIONS: self._consultation_rows,
                         FUNDING: self._funding_rows, CYCLE: self._cycle_rows}[self.view]()
        self.table.refill(rows, columns=columns)
        order = list(VIEWS)
        following = VIEWS[order[(order.index(self.view) + 1) % len(order)]]
        self.query_one("#compact-heading", Static).update(plain(
            f"{heading} · {key_label(self.app, 'filter')}: {following[0].lower()}"
            f"{following[1:]}"))
        self._describe_selected()

    def _columns(self, spare: int) -> list[ColumnSpec]:
        if self.view == DUE:
            return [("Due", 11), ("", 7), ("What", 14), ("Details", spare - 32)]
        if self.view == CONSULTATIONS:
            return [("Consultation", spare - 41), ("Closes", 11), ("Weeks", 6),
                    ("Flags", 22)]
        if self.view == FUNDING:
            return [("Programme", spare - 47), ("Change", 13), ("Takes effect", 12),
                    ("Flags", 20)]
        return [("Part of the cycle", spare - 44), ("Last", 11), ("Next due", 11),
                ("State", 16)]

    # ------------------------------------------------------------------ the four lists

    def _due_rows(self) -> tuple[list[Row], str]:
        items = due_items(self.compact.store, self.compact.content)
        self._due = {}
        rows: list[Row] = []
        for index, item in enumerate(items):
            key = f"{index}:{item.mode}:{item.record_id}"
            self._due[key] = item
            rows.append((key, [format_date_short(item.due), "OVERDUE" if item.overdue else "",
                               item.kind_label, Text(item.text, overflow="ellipsis")]))
        late = sum(1 for item in items if item.overdue)
        days = self.compact.content.timescales.due_within_days
        return rows, f"Due and overdue: {len(items)} ({late} overdue), next {days} days"

    def _consultation_rows(self) -> tuple[list[Row], str]:
        service = self.services.consultations
        rows: list[Row] = []
        flagged = 0
        for consultation in service.consultations():
            flags = service.flags(consultation)
            flagged += bool(flags)
            rows.append((consultation.id, [
                Text(consultation.title, overflow="ellipsis"),
                format_date_short(consultation.closes_on), _weeks(consultation.days_given),
                "! " + ", ".join(f.key.replace("_", " ") for f in flags) if flags else "ok"]))
        return rows, f"Consultations: {len(rows)} ({flagged} flagged)"

    def _funding_rows(self) -> tuple[list[Row], str]:
        service = self.services.funding
        rows: list[Row] = []
        flagged = 0
        for change in service.changes():
            flags = service.flags(change)
            flagged += bool(flags)
            rows.append((change.id, [
                Text(change.programme, overflow="ellipsis"),
                change.kind.replace("_", " "), format_date_short(change.takes_effect_on),
                "! " + ", ".join(f.key.replace("_", " ") for f in flags) if flags else
                ("ok" if change.notice_given_on else "notice not yet given")]))
        return rows, f"Funding changes: {len(rows)} ({flagged} flagged)"

    def _cycle_rows(self) -> tuple[list[Row], str]:
        service = self.services.cycle
        on = today()
        rows: list[Row] = []
        for status in service.statuses():
            state = "never recorded" if status.last is None else (
                "! OVERDUE" if status.overdue(on) else "ok")
            rows.append((f"{CYCLE_PREFIX}{status.rule.key}", [
                status.rule.label, format_date_short(status.last.on) if status.last else "-",
                format_date_short(status.next_due) if status.next_due else "now", state]))
        for deadline in service.returns_deadlines():
            missing = len({m.organisation.id for m in service.missing_returns(deadline.year)})
            due = from_iso(deadline.on)
            late = due is not None and due < on and missing
            rows.append((deadline.id, [f"Returns for {deadline.year}", "-",
                                       format_date_short(deadline.on),
                                       f"{'! ' if late else ''}{missing} not received"]))
        return rows, "The Compact's cycle"

    # ------------------------------------------------------------------ the line below

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _describe_selected(self) -> None:
        self.query_one("#compact-selected", Static).update(plain(self._selected_text()))

    def _selected_text(self) -> str:
        record_id = self.table.selected_id
        new = key_label(self.app, "new")
        if record_id is None:
            return {DUE: "Nothing is due or overdue.",
                    CONSULTATIONS: f"No consultations recorded. Press {new} to add one.",
                    FUNDING: f"No funding changes recorded. Press {new} to add one.",
                    CYCLE: ""}[self.view]
        if self.view == DUE:
            item = self._due.get(record_id)
            return f"{item.line()} · Enter opens it" if item else ""
        if self.view == CONSULTATIONS:
            service = self.services.consultations
            consultation = service.consultation(record_id)
            flags = service.flags(consultation)
            who = service.organisation_name(consultation.organisation_id)
            head = (f"{consultation.title} · {who} · {format_date(consultation.opened_on)} "
                    f"to {format_date(consultation.closes_on)}")
            return "\n".join([head, *(f"! {f.text}. {f.source}" for f in flags)])
        if self.view == FUNDING:
            funding = self.services.funding
            change = funding.change(record_id)
            rule = funding.rule(change.kind)
            flags = funding.flags(change)
            notice = (f"notice given {format_date(change.notice_given_on)}"
                      if change.notice_given_on else "no written notice recorded")
            head = f"{change.programme} · {rule.label} · {notice}"
            return "\n".join([head, *(f"! {f.text}. {f.source}" for f in flags)])
        if record_id.startswith(CYCLE_PREFIX):
            status = self.services.cycle.status(record_id.removeprefix(CYCLE_PREFIX))
            return f"{status.sentence(today())}\n{status.rule.words} ({status.rule.source})"
        return self._returns_text(record_id)

    def _returns_text(self, entry_id: str) -> str:
        service = self.services.cycle
        try:
            entry = service.entry(entry_id)
        except CycleInputError:
            return ""
        names = sorted({m.organisation.name for m in service.missing_returns(entry.year)})
        missing = ", ".join(names) if names else "none"
        return (f"Returns for {entry.year} due by {format_date(entry.on)}. Not yet received "
                f"from: {missing}")

    # ------------------------------------------------------------------ keys

    def action_next_view(self) -> None:
        order = list(VIEWS)
        self.show_view(order[(order.index(self.view) + 1) % len(order)])

    def show_view(self, view: str, select: str | None = None) -> None:
        if view != self.view:
            self.view = view
            self._shape = None
            self.refresh_data()
        if select is not None:
            self.table.select(select)
        self._describe_selected()

    def action_open(self) -> None:
        record_id = self.table.selected_id
        if record_id is None:
            return
        if self.view == DUE:
            item = self._due.get(record_id)
            if item is None:
                return
            if item.mode == self.SECTION:
                self.open_record(item.record_id)
            else:
                self.compact.open_record(item.mode, item.record_id)
        elif self.view in (CONSULTATIONS, FUNDING):
            self._open_detail(self.view, record_id)
        else:
            self.action_new()

    def _open_detail(self, view: str, record_id: str) -> None:
        from .clock_detail import ClockDetailScreen

        self.app.push_screen(ClockDetailScreen(view, record_id))

    def open_record(self, record_id: str) -> None:
        """From the palette or the due list: the record's list, then its detail."""
        if record_id.startswith(CYCLE_PREFIX) or self._in(record_id) == CYCLE:
            self.show_view(CYCLE, record_id)
            return
        view = self._in(record_id)
        if view is None:
            self.notify("That record is no longer in the file.", severity="warning")
            return
        self.show_view(view, record_id)
        self._open_detail(view, record_id)

    def _in(self, record_id: str) -> str | None:
        try:
            self.services.consultations.consultation(record_id)
            return CONSULTATIONS
        except UnknownConsultationError:
            pass
        try:
            self.services.funding.change(record_id)
            return FUNDING
        except UnknownFundingChangeError:
            pass
        try:
            self.services.cycle.entry(record_id)
            return CYCLE
        except CycleInputError:
            return None

    def action_new(self) -> None:
        if self.view == CONSULTATIONS:
            from .consultation_form import ConsultationForm

            self.app.push_screen(ConsultationForm(), self._saved(CONSULTATIONS))
        elif self.view == FUNDING:
            from .funding_form import FundingChangeForm

            self.app.push_screen(FundingChangeForm(), self._saved(FUNDING))
        elif self.view == CYCLE:
            from .cycle_form import CycleForm

            selected = self.table.selected_id or ""
            kind = selected.removeprefix(CYCLE_PREFIX) if selected.startswith(
                CYCLE_PREFIX) else RETURNS
            self.app.push_screen(CycleForm(kind=kind), self._saved(CYCLE))
        else:
            self.notify("Switch to a list with f to add a consultation, a funding change or "
                        "a part of the Compact's cycle.")

    def action_edit(self) -> None:
        record_id = self.table.selected_id
        if record_id is None:
            return
        if self.view == CONSULTATIONS:
            from .consultation_form import ConsultationForm

            self.app.push_screen(ConsultationForm(record_id), self._saved(CONSULTATIONS))
        elif self.view == FUNDING:
            from .funding_form import FundingChangeForm

            self.app.push_screen(FundingChangeForm(record_id), self._saved(FUNDING))
        elif self.view == CYCLE:
            entry_id = self._cycle_entry(record_id)
            if entry_id is None:
                self.notify("Nothing recorded yet: press n to record it.")
                return
            from .cycle_form import CycleForm

            self.app.push_screen(CycleForm(entry_id=entry_id), self._saved(CYCLE))
        else:
            self.action_open()

    def _cycle_entry(self, record_id: str) -> str | None:
        if not record_id.startswith(CYCLE_PREFIX):
            return record_id
        last = self.services.cycle.status(record_id.removeprefix(CYCLE_PREFIX)).last
        return last.id if last else None

    def _saved(self, view: str) -> Callable[[str | None], None]:
        def done(record_id: str | None) -> None:
            if record_id:
                self.notify("Saved.")
                self.refresh_data()
                if view != CYCLE:
                    self.table.select(record_id)

        return done

    def action_history(self) -> None:
        record_id = self.table.selected_id
        if record_id is None:
            return
        table = {CONSULTATIONS: "consultations", FUNDING: "funding_changes",
                 CYCLE: "compact_cycle"}.get(self.view)
        if self.view == CYCLE:
            record_id = self._cycle_entry(record_id) or ""
        if table and record_id:
            self.compact.show_history(table, record_id)
        elif self.view == DUE:
            self.notify("Open the item (Enter) to see its history.")

    def action_export(self) -> None:
        from ..shell.export_dialog import ExportDialog

        store, content = self.compact.store, self.compact.content
        days = content.timescales.due_within_days

        def items() -> list[DueItem]:
            return due_items(store, content, within_days=days)

        formats = {".md": lambda: due_markdown(items(), today(), days),
                   ".csv": lambda: due_csv(items()),
                   ".json": lambda: due_json(items(), today(), days)}
        self.app.push_screen(ExportDialog(
            "Export the Due and overdue list", export_folder(store.path) /
            f"due-{today().isoformat()}.md", formats, data_file=store.path), self._exported)

    def _exported(self, path: Path | None) -> None:
        if path is not None:
            self.notify(f"Saved {path}", title="Exported")

    def action_annual_report(self) -> None:
        from .annual_report import AnnualReportScreen

        self.app.push_screen(AnnualReportScreen())


def _weeks(days: int | None) -> str:
    """Weeks to one decimal place ("6", "11.4"): fits a narrow column."""
    if days is None:
        return "?"
    return f"{days / 7:.1f}".removesuffix(".0")
