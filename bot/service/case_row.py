"""The `cases` row of a folded case: what storage keeps for queries, with its participants and
its deadline rows."""

from __future__ import annotations

from datetime import datetime

from bot.domain.case import Case
from bot.domain.deadlines import schedule
from bot.domain.policy import Policy
from bot.ports import CaseSummary, DeadlineDue, Participant

CASES_KEPT = 4096
"""How many cases' last derived rows are kept; the least recently written are dropped first."""


class CaseRows:
    """Makes the `cases` row of each new state. A case's participants and deadline rows come
    from its people, its deadlines, its reminders and its community's policy; most appends (a
    message) change none of them, so the rows derived for the case's last state are reused
    while those are the very same objects, and derived again otherwise."""

    def __init__(self, size: int = CASES_KEPT) -> None:
        self._size = size
        self._last: dict[str, tuple[object, object, object, object, Policy,
                                    tuple[Participant, ...], tuple[DeadlineDue, ...]]] = {}

    def summarize(self, case: Case, now: datetime, policy: Policy) -> CaseSummary:
        """The `cases` row for a folded case, with its participants and the deadline rows it
        should have."""
        last = self._last.get(case.id)
        if (last is not None and last[0] is case.deadlines and last[1] is case.reminded
                and last[2] is case.mediator and last[3] is case.observers and last[4] is policy):
            people, rows = last[5], last[6]
        else:
            people, rows = participants(case), deadline_rows(case, policy)
            self._last.pop(case.id, None)
            self._last[case.id] = (case.deadlines, case.reminded, case.mediator, case.observers,
                                   policy, people, rows)
            if len(self._last) > self._size:
                del self._last[next(iter(self._last))]
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
            participants=people,
            deadlines=rows,
        )


def participants(case: Case) -> tuple[Participant, ...]:
    people = [Participant(p.user_id, p.name, role, p.side.value)
              for p, role in ((case.claimant, "claimant"), (case.respondent, "respondent"))]
    if case.mediator:
        people.append(Participant(case.mediator.user_id, case.mediator.name, "mediator", None))
    people += [Participant(o.user_id, o.name, "delegate" if o.acts else "observer", o.side.value)
               for o in case.observers.values()]
    return tuple(people)


def deadline_rows(case: Case, policy: Policy) -> tuple[DeadlineDue, ...]:
    return tuple(DeadlineDue(k, v) for k, v in sorted(schedule(case, policy).items()))
