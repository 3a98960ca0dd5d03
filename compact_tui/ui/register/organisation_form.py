"""Sign up a new organisation (the Compact's sign-up form and a lead champion), or edit one.

The statement the organisation signs is shown above the form, word for word from the content,
and the Compact Champion role beside the champion's fields, so the person typing can read what
is being agreed to. Bad input keeps the form open with every problem listed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Select, Static

from ...domain.dates import today, typed_date
from ...domain.register import (
    ORGANISATIONS,
    SECTOR_GROUP_LABELS,
    SECTORS,
    InvalidInput,
    Organisation,
    RegisterError,
    RegisterService,
)
from ..widgets.form import FieldLink, FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain

TEXT_FIELDS = ("name", "signed_by", "signatory_name", "signatory_role", "address", "telephone",
               "email", "notes")
KNOWN_FIELDS = {"organisation", "signed_by", "signatory_name", "signatory_role", "address",
                "telephone", "email"}


class OrganisationForm(FormScreen[str | None]):
    """Dismisses with the organisation's id once saved, or None when cancelled.

    The organisation's name, sector and date come first (what the register needs), then the
    rest of the sign-up form in the order the Compact prints it, with its own labels.
    """

    CSS_PATH = "organisation_form.tcss"

    DRAFT = "organisation"

    def __init__(self, organisation_id: str | None = None) -> None:
        super().__init__()
        self.organisation_id = organisation_id

    def draft_args(self) -> dict[str, str]:
        return {"organisation_id": self.organisation_id} if self.organisation_id else {}

    def draft_label(self) -> str:
        return "the organisation form" if self.organisation_id else "the sign-up form"

    @property
    def service(self) -> RegisterService:
        return self.services.register

    def compose(self) -> ComposeResult:
        content = self.compact.content
        org = (self.service.organisation(self.organisation_id) if self.organisation_id
               else None) or Organisation(date_signed=today().isoformat(), sector="")
        signup = content.signup
        with VerticalScroll(classes="form-box", id="organisation-form"):
            if self.organisation_id:
                yield Static(plain(f"Edit {org.name}"), classes="form-title")
            else:
                yield Static(plain(signup.title), classes="form-title")
                yield Static(plain(signup.statement), id="signup-statement")
            labels = {f.key: f.label for f in signup.fields}
            yield form_row(labels.get("organisation", "Organisation"),
                           form_input("org-name", org.name))
            options = [(f"{label} ({SECTOR_GROUP_LABELS[group].lower()})", key)
                       for key, (label, group) in SECTORS.items()]
            yield form_row("Sector", Select(options, prompt="Choose a sector",
                                            value=org.sector or Select.NULL,
                                            id="org-sector", compact=True))
            yield form_row("Date signed", form_input("org-date_signed",
                                                     typed_date(org.date_signed),
                                                     "03/12/2026"))
            if self.organisation_id:
                yield form_row("Last confirmed", form_input(
                    "org-last_confirmed", typed_date(org.last_confirmed), "03/12/2026"))
            for field in signup.fields:
                if field.key in KNOWN_FIELDS and field.key != "organisation":
                    yield form_row(field.label, form_input(f"org-{field.key}",
                                                           getattr(org, field.key)))
            yield form_row("Notes", form_input("org-notes", org.notes))
            if not self.organisation_id:
                yield Static("Lead Compact Champion (optional now, needed later)",
                             classes="form-subtitle")
                yield form_row("Champion", form_input("lead-name", "", "full name"))
                yield form_row("Role", form_input("lead-role"))
                yield form_row("Email", form_input("lead-email"))
                yield form_row("Phone", form_input("lead-phone"))
                yield Checkbox("Has direct access to the person in charge", value=True,
                               id="lead-direct_access", compact=True)
            yield Static("", classes="form-error")
            yield form_hint()
            if not self.organisation_id:
                yield Static(plain(content.champion_role), id="champion-role-text")

    def on_mount(self) -> None:
        self.query_one("#org-name").focus()
        if self.organisation_id:
            self.follow_record(ORGANISATIONS, self.organisation_id, [
                *(FieldLink(f"org-{key}", key) for key in TEXT_FIELDS),
                FieldLink("org-sector", "sector", lambda value: value or Select.NULL),
                FieldLink("org-date_signed", "date_signed", typed_date),
                FieldLink("org-last_confirmed", "last_confirmed",
                          typed_date)])

    def submit(self) -> None:
        """Only what the member changed is sent: a field another member changed meanwhile
        and this member did not touch keeps the other member's value."""
        fields = [*TEXT_FIELDS, "date_signed"]
        if self.organisation_id:
            fields.append("last_confirmed")
        values = {key: self.value_of(f"org-{key}") for key in fields
                  if self.query(f"#org-{key}") and self.edited(f"org-{key}")}
        if self.edited("org-sector"):
            sector = self.query_one("#org-sector", Select).value
            values["sector"] = "" if sector is Select.NULL else str(sector)
        try:
            if self.organisation_id:
                self.service.edit_organisation(self.organisation_id, values)
                self.keep_theirs_in_conflicts()
                org_id = self.organisation_id
            else:
                lead: dict[str, str | bool] = {key: self.value_of(f"lead-{key}")
                                               for key in ("name", "role", "email", "phone")}
                lead["direct_access"] = self.query_one("#lead-direct_access", Checkbox).value
                org_id = self.service.sign_up(values, lead)
        except InvalidInput as error:
            first = error.problems[0].field
            widget_id = (f"lead-{first.split('.', 1)[1]}" if first.startswith("champion.")
                         else f"org-{first}")
            found = self.query(f"#{widget_id}")
            message = "\n".join(p.message for p in error.problems)
            self.show_error(message, found.first() if found else None)
            # The form is taller than a small terminal: say it where it is always seen too.
            self.notify(message, title="Not saved", severity="error")
            return
        except RegisterError as error:
            self.show_error(str(error))
            return
        self.dismiss(org_id)
