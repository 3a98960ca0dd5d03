"""Start a return: which organisation, which kind, which year."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from ...content import Rating
from ...domain.assessments import KINDS, AssessmentError, AssessmentsService
from ...domain.dates import today
from ..keys import bind
from ..shell.app_access import UsesApp
from ..widgets.key_hint import KeyHint
from ..widgets.plain import plain, plain_cell
from ..widgets.rating_picker import RatingPicker


class AssessmentStartScreen(UsesApp, ModalScreen[str | None]):
    """Dismisses with the new return's id, or None when cancelled."""

    CSS_PATH = "assessment_start.tcss"
    BINDINGS = [
        bind("select", "start", "Start"),
        bind("back", "cancel", "Cancel"),
    ]

    def __init__(self, service: AssessmentsService, kind: str = "",
                 organisation_id: str = "") -> None:
        super().__init__()
        self.service = service
        self.kind = kind
        self.organisation_id = organisation_id

    def compose(self) -> ComposeResult:
        organisations = self.services.register.organisations(
            include_inactive=False)
        with Vertical(id="start-box"):
            yield Static("Start a return", id="start-title")
            yield Static("Organisation", classes="start-label")
            yield Select([(plain_cell(o.name), o.id) for o in organisations],
                         id="start-organisation",
                         prompt="Choose an organisation",
                         value=self.organisation_id or Select.NULL)
            yield Static("Kind (1 or 2)", classes="start-label")
            yield RatingPicker([Rating(key, label) for key, label in KINDS.items()],
                               self.kind, id="start-kind")
            yield Static("Year", classes="start-label")
            yield Input(str(today().year), id="start-year", max_length=4)
            yield Static("", id="start-error")
            yield KeyHint(("Tab", "next field"), ("select", "start"), ("back", "cancel"),
                          id="start-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def _error(self, message: str, focus: str) -> None:
        self.query_one("#start-error", Static).update(plain(f"✗ {message}"))
        self.query_one(focus).focus()

    def action_start(self) -> None:
        organisation = self.query_one("#start-organisation", Select).value
        kind = self.query_one("#start-kind", RatingPicker).value
        year = self.query_one("#start-year", Input).value.strip()
        if organisation is Select.NULL:
            self._error("Choose an organisation.", "#start-organisation")
            return
        if not kind:
            self._error("Choose the kind: 1 for a self-assessment, 2 for an action plan.",
                        "#start-kind")
            return
        try:
            new_id = self.service.start(kind, str(organisation), year)
        except AssessmentError as error:
            self._error(str(error), "#start-year")
            return
        self.dismiss(new_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
