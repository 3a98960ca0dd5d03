"""Every domain service over one record port, built once (by the app) and shared.

Services hold no state besides the port and the content, so one of each serves every screen.
Each is made the first time it is asked for, so starting the app imports only what the first
screen needs.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..content import Content
from .ports import RecordPort

if TYPE_CHECKING:
    from .actions import ActionsService
    from .assessments import AssessmentsService
    from .clock.consultations import ConsultationsService
    from .clock.cycle import CompactCycleService
    from .clock.funding import FundingChangesService
    from .damaged import DamagedRecordsService
    from .disputes import DisputesService
    from .forms_service import FormsService
    from .mailings import MailingsService
    from .meetings import MeetingsService
    from .register import RegisterService


class Services:
    def __init__(self, store: RecordPort, content: Content) -> None:
        self.store = store
        self.content = content

    @cached_property
    def meetings(self) -> MeetingsService:
        from .meetings import MeetingsService

        return MeetingsService(self.store, self.content)

    @cached_property
    def actions(self) -> ActionsService:
        from .actions import ActionsService

        return ActionsService(self.store)

    @cached_property
    def register(self) -> RegisterService:
        from .register import RegisterService

        return RegisterService(self.store)

    @cached_property
    def disputes(self) -> DisputesService:
        from .disputes import DisputesService

        return DisputesService(self.store, self.content)

    @cached_property
    def assessments(self) -> AssessmentsService:
        from .assessments import AssessmentsService

        return AssessmentsService(self.store, self.content)

    @cached_property
    def forms(self) -> FormsService:
        from .forms_service import FormsService

        return FormsService(self.store, self.content)

    @cached_property
    def mailings(self) -> MailingsService:
        from .mailings import MailingsService

        return MailingsService(self.store, self.content, self.register, self.meetings)

    @cached_property
    def damaged(self) -> DamagedRecordsService:
        from .damaged import DamagedRecordsService

        return DamagedRecordsService(self.store)

    @cached_property
    def consultations(self) -> ConsultationsService:
        from .clock.consultations import ConsultationsService

        return ConsultationsService(self.store, self.content)

    @cached_property
    def funding(self) -> FundingChangesService:
        from .clock.funding import FundingChangesService

        return FundingChangesService(self.store, self.content)

    @cached_property
    def cycle(self) -> CompactCycleService:
        from .clock.cycle import CompactCycleService

        return CompactCycleService(self.store, self.content)
