"""The `cases` row of a folded case: what storage keeps for queries, with its participants and
its deadline rows."""

from __future__ import annotations

from datetime import datetime

from bot.domain.case import Case
from bot.domain.deadlines import schedule
from bot.domain.policy import Policy
from bot.ports import CaseSummary, DeadlineDue, Participant


def summarize(case: Case, now: datetime, policy: Policy) -> CaseSummary:
    """The `cases` row for a folded case, with its participants and the deadline rows it
    should have."""
    return CaseSummary(
        id=case.id,
        community_id=case.community_id,
        title=case.title,
        phase=case.phase.value,
        closed_reason=case.closed_reason.value if case.closed_reason else None,
        version=case.version,
        last_hash=case.last_hash,
        opened_at=case.opened_at,
        updated_at=now,
        mediation_requested=case.mediation_requested,
        participants=participants(case),
        deadlines=tuple(DeadlineDue(k, v) for k, v in sorted(schedule(case, policy).items())),
    )


def participants(case: Case) -> tuple[Participant, ...]:
    people = [Participant(p.user_id, p.name, role, p.side.value)
              for p, role in ((case.claimant, "claimant"), (case.respondent, "respondent"))]
    if case.mediator:
        people.append(Participant(case.mediator.user_id, case.mediator.name, "mediator", None))
    return tuple(people)
