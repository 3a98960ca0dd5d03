"""New meeting from an agenda template: template, date, time, where, chair and minute taker."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...content.agenda_templates import AgendaTemplate, load_templates_reporting
from ...domain.dates import DateInputError, parse_date, parse_time
from ...domain.meetings import MeetingInputError
from ...domain.meetings.series_rule import EXAMPLE as SERIES_EXAMPLE
from ...store import StoreError
from ..widgets.form import FormScreen, form_hint, form_input, form_row
from ..widgets.plain import plain


def _template_label(template: AgendaTemplate) -> str:
    return (f"{template.name} · {len(template.items)} items, "
            f"{template.planned_minutes} min from {template.default_start}")


class MeetingFormScreen(FormScreen[str | None]):
    """Dismisses with the new meeting's id, or None when cancelled."""

    CSS_PATH = "meeting_form.tcss"

    def __init__(self, agendas_folder: Path) -> None:
        super().__init__()
        self.agendas_folder = agendas_folder
        self.templates: list[AgendaTemplate] = []
        self.template_problems: list[str] = []

    def compose(self) -> ComposeResult:
        templates, errors = load_templates_reporting(self.agendas_folder)
        self.templates = templates
        self.template_problems = [str(error) for error in errors]
        with Vertical(classes="form-box"):
            yield Static("New meeting from a template", classes="form-title")
            yield OptionList(*(Option(plain(_template_label(t)), id=t.key) for t in templates),
                             id="meeting-template")
            if self.template_problems:
                yield Static(plain(f"Skipped {len(errors)} template file(s) with mistakes: "
                                   + "; ".join(self.template_problems)), classes="form-hint")
            yield form_row("Date", form_input("meeting-date", placeholder="e.g. 03/12/2026"))
            yield form_row("Start time", form_input("meeting-start", self._default_start(),
                                                    placeholder="e.g. 14:00"))
            yield form_row("Venue", form_input("meeting-venue",
                                               placeholder="e.g. Committee Room 2, Town Hall"))
            yield form_row("Video link", form_input("meeting-video",
                                                    placeholder="https://… (optional)"))
            yield form_row("Chair", form_input("meeting-chair"))
            yield form_row("Minute taker", form_input("meeting-minutes"))
            yield form_row("Repeats", form_input(
                "meeting-series", placeholder=f"optional, e.g. {SERIES_EXAMPLE}"))
            yield Static("", classes="form-error")
            yield form_hint()

    def on_mount(self) -> None:
        if self.templates:
            self.query_one("#meeting-template", OptionList).highlighted = 0
        else:
            self.show_error("No agenda templates were found, so a meeting cannot be made. "
                            "Check the agendas folder.")

    def _default_start(self) -> str:
        return self.templates[0].default_start if self.templates else "14:00"

    def selected_template(self) -> AgendaTemplate | None:
        index = self.query_one("#meeting-template", OptionList).highlighted
        if index is None or not 0 <= index < len(self.templates):
            return None
        return self.templates[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        start = self.query_one("#meeting-start", Input)
        known_defaults = {t.default_start for t in self.templates}
        template = self.selected_template()
        if template is not None and (not start.value or start.value in known_defaults):
            start.value = template.default_start

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#meeting-date").focus()

    def submit(self) -> None:
        template = self.selected_template()
        if template is None:
            self.show_error("Choose a template from the list.",
                            self.query_one("#meeting-template"))
            return
        try:
            on = parse_date(self.value_of("meeting-date"))
        except DateInputError as error:
            self.show_error(f"Date: {error}", self.query_one("#meeting-date"))
            return
        try:
            start = parse_time(self.value_of("meeting-start"))
        except DateInputError as error:
            self.show_error(f"Start time: {error}", self.query_one("#meeting-start"))
            return
        venue, video = self.value_of("meeting-venue"), self.value_of("meeting-video")
        if not venue and not video:
            self.show_error("Enter a venue or a video link (or both).",
                            self.query_one("#meeting-venue"))
            return
        service = self.services.meetings
        try:
            meeting_id = service.create_from_template(
                template, on, start, venue=venue, video_link=video,
                chair=self.value_of("meeting-chair"),
                minute_taker=self.value_of("meeting-minutes"),
                series=self.value_of("meeting-series"))
        except MeetingInputError as error:
            self.show_error(str(error))
            return
        except StoreError as error:
            self.show_error(f"Could not save the meeting: {error}")
            return
        self.dismiss(meeting_id)
