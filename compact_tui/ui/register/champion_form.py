"""Add or edit one Compact Champion, with the Compact's description of the role beneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Static

from ...domain.register import Champion, InvalidInput, RegisterError, RegisterService
from ...domain.register_model import CHAMPIONS
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain

TEXT_FIELDS = (("name", "Name", "full name"), ("role", "Role", "job title"),
               ("department", "Department", "if one per department"),
               ("email", "Email", "name@example.org.uk"), ("phone", "Phone", ""))


WIDGET_FOR = {key: f"champion-{key}" for key in (*(f[0] for f in TEXT_FIELDS), "is_lead",
                                                  "direct_access")}


class ChampionForm(FormScreen[str | None]):
    """Dismisses with the champion's id once saved, or None when cancelled."""

    CSS_PATH = "champion_form.tcss"

    DRAFT = "champion"

    def __init__(self, organisation_id: str, champion_id: str = "") -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.champion_id = champion_id

    def draft_args(self) -> dict[str, str]:
        return {"organisation_id": self.organisation_id, "champion_id": self.champion_id}

    def draft_label(self) -> str:
        return "the champion form"

    @property
    def service(self) -> RegisterService:
        return self.services.register

    def compose(self) -> ComposeResult:
        service = self.service
        org = service.organisation(self.organisation_id)
        existing = service.champions(self.organisation_id)
        champion = (service.champion(self.champion_id) if self.champion_id else None) or \
            Champion(is_lead=not any(c.is_lead for c in existing), direct_access=True)
        org_name = org.name if org else "this organisation"
        title = (f"Edit {champion.name}, champion for {org_name}" if self.champion_id
                 else f"Add a Compact Champion for {org_name}")
        with VerticalScroll(classes="form-box", id="champion-form"):
            yield Static(plain(title), classes="form-title")
            for key, label, placeholder in TEXT_FIELDS:
                yield form_row(label, form_input(f"champion-{key}", getattr(champion, key),
                                                 placeholder))
            yield Checkbox("Lead champion (replaces the current lead)", champion.is_lead,
                           id="champion-is_lead", compact=True)
            yield Checkbox("Has direct access to the person in charge",
                           champion.direct_access, id="champion-direct_access", compact=True)
            yield Static("", classes="form-error")
            yield form_hint()
            yield Static(plain(self.compact.content.champion_role),
                         id="champion-role-text")

    def on_mount(self) -> None:
        self.query_one("#champion-name").focus()
        if self.champion_id:
            self.follow_record(CHAMPIONS, self.champion_id, [
                FieldLink(f"champion-{key}", key) for key in WIDGET_FOR])

    def submit(self) -> None:
        """Editing, only what the member changed is saved (the domain reads the rest from
        the champion as stored now)."""
        values: dict[str, object] = {key: self.value_of(f"champion-{key}")
                                     for key, _label, _hint in TEXT_FIELDS}
        for key in ("is_lead", "direct_access"):
            values[key] = self.query_one(f"#champion-{key}", Checkbox).value
        try:
            if self.champion_id:
                self.save_edits(lambda edits: self.service.save_champion(
                    self.organisation_id, edits, self.champion_id), values, WIDGET_FOR)
                champion_id = self.champion_id
            else:
                champion_id = self.service.save_champion(self.organisation_id, values)
        except InvalidInput as error:
            found = self.query(f"#champion-{error.problems[0].field}")
            self.show_error("\n".join(p.message for p in error.problems),
                            found.first() if found else None)
            return
        except RegisterError as error:
            self.show_error(str(error))
            return
        self.dismiss(champion_id)
