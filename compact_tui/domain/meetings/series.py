"""Meeting series: the next meeting made from a meeting's series rule, with what was
deferred or not reached carried forward (the rule itself is ``series_rule.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import TYPE_CHECKING

from .agenda import AgendaPlanning
from .model import MeetingInputError
from .series_rule import next_date, parse_series

if TYPE_CHECKING:
    from ...content.agenda_templates import AgendaTemplate


class MeetingSeries(AgendaPlanning):
    """The next meeting of a series."""

    def next_in_series(self, meeting_id: str) -> date | None:
        """When the series says the next meeting is, or None when there is no series or the
        next meeting already exists."""
        meeting = self.require(meeting_id)
        if not meeting.series or meeting.on is None:
            return None
        try:
            proposal = next_date(parse_series(meeting.series), meeting.on)
        except MeetingInputError:
            return None
        later = self.following_meeting(meeting_id)
        if later is not None and later.series == meeting.series:
            return None
        return proposal

    def create_next_in_series(self, meeting_id: str,
                              templates: Sequence[AgendaTemplate]) -> str:
        """The next meeting of the series from the same agenda template, same place and people;
        items deferred or not reached are carried to it."""
        meeting = self.require(meeting_id)
        proposal = self.next_in_series(meeting_id)
        if proposal is None:
            raise MeetingInputError("This meeting has no series, or its next meeting exists.")
        template = next((t for t in templates if t.key == meeting.template), None)
        if template is None:
            raise MeetingInputError(f'The agenda template "{meeting.template}" is not in the '
                                    "agendas folder, so the next meeting cannot be made from it.")
        rule = parse_series(meeting.series)
        new_id = self.create_from_template(
            template, proposal, rule.start or meeting.start or time(14, 0), venue=meeting.venue,
            video_link=meeting.video_link, chair=meeting.chair, minute_taker=meeting.minute_taker,
            title=meeting.title, series=meeting.series)
        self.carry_forward(meeting_id, new_id)
        return new_id
