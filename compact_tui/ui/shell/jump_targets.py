"""What the command palette can jump to, gathered from each area's domain service."""

from __future__ import annotations

from ...domain.dates import format_date
from ...domain.services import Services


def jump_targets(services: Services) -> list[tuple[str, str, str, str]]:
    """(label, help, section mode, record id) for records a person might look for."""
    targets = []
    register = services.register
    names = {}
    for org in register.organisations():
        names[org.id] = org.name
        targets.append((org.name, f"Organisation · {org.sector_label} · {org.status_label}",
                        "register", org.id))
    for champion in register.champions():
        if champion.organisation_id in names:
            kind = "Lead champion" if champion.is_lead else "Champion"
            targets.append((champion.name, f"{kind} · {names[champion.organisation_id]}",
                            "register", champion.organisation_id))
    disputes = services.disputes
    for dispute in disputes.disputes():
        # A confidential dispute is listed by a neutral label only: palettes get shared screens.
        targets.append((dispute.label(include_confidential=False),
                        f"Dispute · {disputes.stage_label(dispute.stage)}", "disputes",
                        dispute.id))
    for summary, name in services.assessments.listing():
        targets.append((f"{name}: {summary.kind_label.lower()} {summary.year}",
                        f"{summary.kind_label} · {summary.status_label}", "assessments",
                        summary.id))
    for meeting in services.meetings.meetings():
        targets.append((f"{format_date(meeting.date)}: {meeting.title}",
                        f"Meeting · {meeting.status_label}", "meetings", meeting.id))
    for consultation in services.consultations.consultations():
        flagged = "flagged" if services.consultations.flags(consultation) else "ok"
        targets.append((f"Consultation: {consultation.title}",
                        f"Consultation · closes {format_date(consultation.closes_on)} · "
                        f"{flagged}", "compact", consultation.id))
    for change in services.funding.changes():
        flagged = "flagged" if services.funding.flags(change) else "ok"
        targets.append((f"Funding change: {change.programme}",
                        f"Funding change · takes effect {format_date(change.takes_effect_on)}"
                        f" · {flagged}", "compact", change.id))
    for action in services.actions.actions():
        targets.append((f"Action {action.ref}: {action.description}",
                        f"Action · {action.status_label}", "actions", action.id))
    return targets
