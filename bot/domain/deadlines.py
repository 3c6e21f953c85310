"""Deadlines: which ones a case has (with their reminders), and what happens when one falls due.

A case's `deadlines` hold what it waits for (the respondent's answer, statements, the evidence
window, each open proposal, each follow-up of a signed agreement). `schedule` adds a reminder
before each one a person must act on; the storage rows follow `schedule` on every append. When
a row falls due, the system actor fires it: `fire` decides what that does, from the case as it
is then. A row that no longer matches the case (the proposal was accepted meanwhile, the
deadline moved) fires nothing.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import bidding, kinds, retention, review, ruling
from bot.domain.agreement import APPEAL_KEY
from bot.domain.bidding_fold import KEY as BIDDING_ROUND
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import FireDeadline
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Party, Role, Side
from bot.domain.journal import Event
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import OnSilence, Policy
from bot.domain.retention_fold import KEY as RETENTION

REMIND = "remind:"
# Deadlines somebody must act on before they pass; the evidence window only closes.
_REMINDED = ("response", "statements", "proposal:", "followup:", review.REVIEW_KEY,
             review.RECOMMENDATION_KEY)


def schedule(case: Case, policy: Policy) -> dict[str, datetime]:
    """Every deadline row the case should have now: its deadlines and their reminders."""
    rows = dict(case.deadlines)
    for key, due in case.deadlines.items():
        reminder = REMIND + key
        if key.startswith(_REMINDED) and reminder not in case.reminded:
            rows[reminder] = due - policy.reminder_lead
    return rows


def who_must_act(case: Case, key: str) -> tuple[Party, ...]:
    """The parties a deadline waits for."""
    if key == "response":
        return (case.respondent,)
    if key == "statements":
        return tuple(p for p in case.parties() if p.side not in case.statements)
    if key.startswith("proposal:"):
        proposal = case.proposals.get(int(key.partition(":")[2]))
        return (case.party(proposal.by.other),) if proposal else ()
    if key == review.REVIEW_KEY and case.review is not None:
        return tuple(p for p in case.parties() if p.side not in case.review.positions)
    if key == review.RECOMMENDATION_KEY and case.recommendation is not None:
        return tuple(p for p in case.parties() if p.side not in case.recommendation.answers)
    if key.startswith("followup:") and case.agreement is not None:
        followup = case.agreement.followup(int(key.partition(":")[2]))
        if followup is not None:
            return tuple(p for p in case.parties() if p.side not in followup.confirmed)
    return ()


def _escalation(case: Case, reason: str) -> list[Event]:
    """Put the case in the mediators' queue, unless it is there or mediated already."""
    if case.mediator is not None or case.mediation_requested:
        return []
    return [Event(kinds.MEDIATOR_REQUESTED, {"reason": reason, "by": "deadline"})]


def fire(case: Case, command: FireDeadline, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    if role is not Role.SYSTEM:
        raise Refusal("Deadlines are fired by the bot itself.")
    key = command.key
    if key.startswith(REMIND):
        target = key.removeprefix(REMIND)
        due = case.deadlines.get(target)
        # Too late to remind anyone (the process was down): the deadline itself speaks now.
        if due is None or due <= now or key in case.reminded or not case.is_open:
            return []
        people = who_must_act(case, target)
        return [Event(kinds.REMINDER_SENT, {
            "key": key, "deadline": target, "due_at": format_time(due),
            "to": [p.user_id for p in people]})]
    if key == RETENTION:
        return retention.fire(case, command)
    if key.startswith(BIDDING_ROUND):
        return bidding.fire(case, command)
    if key in (review.REVIEW_KEY, review.RECOMMENDATION_KEY):
        return review.fire(case, command)
    if key == APPEAL_KEY:
        return ruling.fire(case, command)
    if case.deadlines.get(key) != command.due_at or not case.is_open:
        return []  # the case moved on since the row was written
    if key == "response" and case.phase is Phase.AWAITING_RESPONSE:
        if policy.on_silence is OnSilence.CLOSE:
            return [Event(kinds.CASE_CLOSED, {"reason": ClosedReason.NO_RESPONSE.value,
                                              "note": "No answer before the deadline."})]
        return [Event(kinds.DEADLINE_PASSED, {"key": key}),
                *_escalation(case, f"{case.respondent.name} did not answer in time.")]
    if key == "statements" and case.phase is Phase.STATEMENTS:
        statements = {side.value: dict(s) for side, s in case.statements.items()}
        events = [Event(kinds.STATEMENTS_REVEALED,
                        {"statements": statements, "cause": "deadline"})]
        missing = [case.party(s).name for s in Side if s not in case.statements]
        if missing and policy.on_silence is OnSilence.ESCALATE:
            events += _escalation(case, f"No statement from {', '.join(missing)} in time.")
        return events
    if key == "evidence":
        return [Event(kinds.EVIDENCE_WINDOW_CLOSED, {})]
    if key.startswith("proposal:"):
        return [Event(kinds.PROPOSAL_EXPIRED, {"number": int(key.partition(":")[2])})]
    if key.startswith("followup:"):
        number = int(key.partition(":")[2])
        return [Event(kinds.FOLLOWUP_OVERDUE, {"number": number}),
                *_escalation(case, f"Follow-up #{number} of the agreement is overdue.")]
    return [Event(kinds.DEADLINE_PASSED, {"key": key})]
