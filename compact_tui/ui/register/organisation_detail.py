"""One organisation: every field, its champions, its annual update; the changes to make."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from ...domain.dates import format_date
from ...domain.register import ORGANISATIONS, Champion, RegisterError, RegisterService
from ..keys import bind, key_label
from ..shell.section import SectionScreen
from ..widgets.plain import plain, template
from ..widgets.record_table import RecordTable, fit
from .annual_update import confirm_update


class OrganisationDetailScreen(SectionScreen):
    SECTION = "register"
    CSS_PATH = "organisation_detail.tcss"
    BINDINGS = [
        bind("back", "back", "Back"),
        bind("edit", "edit", "Edit"),
        bind("keep", "confirm_update", "Confirm"),
        bind("new", "add_champion", "Add champion"),
        bind("remove", "remove_champion", "Remove champion"),
        bind("status", "choose_status", "Status"),
        bind("history", "history", "History"),
    ]

    def __init__(self, organisation_id: str) -> None:
        super().__init__()
        self.organisation_id = organisation_id

    @property
    def service(self) -> RegisterService:
        return self.services.register

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="organisation-body", classes="body"):
            yield Static(id="organisation-heading")
            yield Static(id="organisation-warnings")
            yield Static(id="organisation-fields")
            yield Static("Compact Champions", classes="section-title")
            yield RecordTable(("Champion", 16), ("Role, department", 18), ("Lead", 6),
                              ("Direct access", 13), ("Email", 20), ("Phone", 13),
                              id="champion-table")
            yield Static(f"Enter: edit the highlighted champion · {key_label(self.app, 'new')}: "
                         f"add · {key_label(self.app, 'remove')}: remove", classes="hint",
                         id="champion-hint")

    def on_mount(self) -> None:
        # SectionScreen's own on_mount runs after this one (Textual calls both): no super().
        self.champion_table.focus()

    def open_record(self, record_id: str) -> None:
        self.organisation_id = record_id
        self.refresh_data()

    def refresh_data(self) -> None:
        entry = self.service.entry(self.organisation_id)
        heading = self.query_one("#organisation-heading", Static)
        if entry is None:
            heading.update("[b]This organisation is no longer in the register.[/b]\n"
                           f"Press {key_label(self.app, 'back')} to go back to the list.")
            return
        org = entry.organisation
        heading.update(template("[b]$name[/b]  ·  $sector ($group)  ·  $status",
                                name=org.name, sector=org.sector_label,
                                group=org.sector_group_label.lower(), status=org.status_label))
        warnings = [entry.champion_warning] if entry.champion_warning else []
        if entry.update.sentence.startswith(("!", "?")):
            warnings.append(entry.update.sentence)
        if org.status != "active":
            since = f" on {format_date(org.status_changed)}" if org.status_changed else ""
            reason = f": {org.status_note}" if org.status_note else ""
            warnings.insert(0, f"{org.status_label}{since}{reason}. Press "
                                f"{key_label(self.app, 'status')} to reinstate.")
        shown = self.query_one("#organisation-warnings", Static)
        shown.update(plain("\n".join(warnings)))
        shown.display = bool(warnings)
        rows = [
            ("Date signed", format_date(org.date_signed, "not recorded")),
            ("Last confirmed", format_date(org.last_confirmed, "never")),
            ("Annual update", entry.update.sentence.lstrip("!? ").removeprefix(
                "Annual update: ")),
            *((field.label, getattr(org, _FIELD_ATTRIBUTES.get(field.key, field.key), ""))
              for field in self.compact.content.signup.fields),
            ("Notes", org.notes),
        ]
        lines = [template("[dim]$label[/dim] $value", label=f"{label:<20}",
                          value=str(value) or "-") for label, value in rows]
        self.query_one("#organisation-fields", Static).update(Content("\n").join(lines))
        self._show_champions(entry.champions)

    def _show_champions(self, champions: tuple[Champion, ...]) -> None:
        def cells(champion: Champion) -> list[str]:
            role = ", ".join(part for part in (champion.role, champion.department) if part)
            return [fit(champion.name, 16), fit(role, 18), "✓ Lead" if champion.is_lead else "",
                    "Yes" if champion.direct_access else "No", fit(champion.email, 20),
                    champion.phone]

        self.champion_table.refill((champion.id, cells(champion)) for champion in champions)

    @property
    def champion_table(self) -> RecordTable:
        return self.query_one("#champion-table", RecordTable)

    def highlighted_champion(self) -> str | None:
        return self.champion_table.selected_id

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        from .organisation_form import OrganisationForm

        self.app.push_screen(OrganisationForm(self.organisation_id), self._changed)

    def action_confirm_update(self) -> None:
        confirm_update(self, self.service, self.organisation_id)
        self.refresh_data()

    def action_add_champion(self) -> None:
        from .champion_form import ChampionForm

        self.app.push_screen(ChampionForm(self.organisation_id), self._changed)

    @on(DataTable.RowSelected, "#champion-table")
    def _edit_champion(self, event: DataTable.RowSelected) -> None:
        from .champion_form import ChampionForm

        if event.row_key.value:
            self.app.push_screen(ChampionForm(self.organisation_id, event.row_key.value),
                                 self._changed)

    def action_remove_champion(self) -> None:
        from ..shell.confirm import ConfirmScreen

        champion_id = self.highlighted_champion()
        champion = self.service.champion(champion_id) if champion_id else None
        if champion is None:
            self.notify("There is no champion to remove.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.service.remove_champion(champion.id)
            except RegisterError as error:
                self.notify(str(error), severity="warning")
            self.refresh_data()

        detail = ("They are the lead champion: choose a new lead afterwards."
                  if champion.is_lead else "Their details stay in the record's history.")
        self.app.push_screen(ConfirmScreen(f"Remove {champion.name} as a champion?", detail,
                                           yes="remove them"),
                             answered)

    def action_choose_status(self) -> None:
        """One key for every status change; lapsing and withdrawing then ask for a reason."""
        from ..shell.choice import ChoiceScreen

        org = self.service.organisation(self.organisation_id)
        if org is None:
            return
        options = [(status, label) for status, label in (
            ("active", "Active: reinstate as a signatory"),
            ("lapsed", "Lapsed: has not renewed or replied"),
            ("withdrawn", "Withdrawn: has left the Compact")) if status != org.status]

        def chosen(status: str | None) -> None:
            if status:
                self.action_set_status(status)

        self.app.push_screen(ChoiceScreen(f"{org.name} is {org.status_label.lower()}. "
                                          "Change it to:", options), chosen)

    def action_set_status(self, status: str) -> None:
        from ..shell.text_prompt import PromptField, TextPromptScreen

        org = self.service.organisation(self.organisation_id)
        if org is None:
            return
        if org.status == status:
            self.notify(f"{org.name} is already {org.status_label.lower()}.")
            return
        verb = {"lapsed": "Lapse", "withdrawn": "Withdraw", "active": "Reinstate"}[status]
        explain = {
            "lapsed": "A lapsed signatory has not renewed or replied; it stays in the register "
                      "but is not counted or listed publicly.",
            "withdrawn": "A withdrawn signatory has left the Compact; it stays in the register "
                         "but is not counted or listed publicly.",
            "active": "The organisation is a signatory again; today counts as its annual "
                      "confirmation.",
        }[status]

        def answered(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                self.service.set_status(self.organisation_id, status, values["note"])
            except RegisterError as error:
                self.notify(str(error), severity="warning")
                return
            self.notify(f"{org.name} is now {status}.", title="Register")
            self.refresh_data()

        self.app.push_screen(TextPromptScreen(
            f"{verb} {org.name}?", [PromptField("note", "Reason", "e.g. no reply to two "
                                                "letters", required=status != "active")],
            note=explain), answered)

    def action_history(self) -> None:
        self.compact.show_history(ORGANISATIONS, self.organisation_id)

    def _changed(self, result: str | None) -> None:
        if result:
            self.refresh_data()


# Sign-up form keys that the Organisation stores under another name.
_FIELD_ATTRIBUTES = {"organisation": "name"}
