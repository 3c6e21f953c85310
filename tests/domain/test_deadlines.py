"""Deadlines with time passed in: what each one does when it falls due, which moves set, move
or cancel them, reminders before them, and what silence leads to."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.domain import kinds
from bot.domain.commands import (
    Accept,
    AddEvidence,
    Confirm,
    Counter,
    FireDeadline,
    Join,
    Propose,
    Sign,
    SubmitStatement,
    Withdraw,
)
from bot.domain.deadlines import schedule, who_must_act
from bot.domain.identity import SYSTEM, Side
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import OnSilence, Policy

from .session import ANA, CLAIMANT_STATEMENT, CLEO, MO, TERMS, Session

FOLLOWUP_TERMS = {**TERMS, "followup": "Payment of the fee", "followup_due": "2026-12-15"}
SHA = "ab" * 32


def fire(s: Session, key: str) -> list[str]:
    """Move time to the row's due time (as the scheduler would) and fire it."""
    due = schedule(s.state, s.policy)[key]
    s.now = max(s.now, due)
    return [e.kind for e in s.do(SYSTEM, FireDeadline(key, due))]


def test_opening_sets_the_response_deadline_and_its_reminder() -> None:
    s = Session().opened()
    due = s.state.opened_at + s.policy.response_window
    assert schedule(s.state, s.policy) == {
        "response": due, "remind:response": due - s.policy.reminder_lead}


def test_the_reminder_goes_to_whoever_must_act_once() -> None:
    s = Session().opened()
    assert fire(s, "remind:response") == [kinds.REMINDER_SENT]
    assert s.journal[-1].payload["to"] == [CLEO.user_id]
    assert "remind:response" not in schedule(s.state, s.policy)
    # A second copy of the same row finds nothing more to do.
    assert s.do(SYSTEM, FireDeadline("remind:response", s.now)) == []


@pytest.mark.parametrize("silence", list(OnSilence))
def test_silence_of_the_respondent(silence: OnSilence) -> None:
    s = Session(policy=Policy(on_silence=silence)).opened()
    fired = fire(s, "response")
    if silence is OnSilence.CLOSE:
        assert fired == [kinds.CASE_CLOSED]
        assert s.state.closed_reason is ClosedReason.NO_RESPONSE
    else:
        assert fired == [kinds.DEADLINE_PASSED, kinds.MEDIATOR_REQUESTED]
        assert s.phase is Phase.AWAITING_RESPONSE and s.state.mediation_requested
    assert "response" not in s.state.deadlines


def test_joining_replaces_the_response_deadline() -> None:
    s = Session().opened()
    stale = s.state.deadlines["response"]
    s.do(CLEO, Join())
    assert set(s.state.deadlines) == {"statements", "evidence"}
    # A row for the old deadline that fires late does nothing.
    s.now = stale
    assert s.do(SYSTEM, FireDeadline("response", stale)) == []


def test_at_the_statement_deadline_what_is_in_is_revealed() -> None:
    s = Session().joined()
    s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    assert who_must_act(s.state, "statements") == (s.state.respondent,)
    fired = fire(s, "statements")
    assert fired == [kinds.STATEMENTS_REVEALED, kinds.MEDIATOR_REQUESTED]
    assert s.phase is Phase.NEGOTIATION
    revealed = s.journal[-2].payload
    assert revealed["cause"] == "deadline" and list(revealed["statements"]) == [Side.BRAND]


def test_after_the_evidence_window_evidence_is_accepted_and_flagged_late() -> None:
    s = Session().joined()
    fire(s, "evidence")
    assert s.state.evidence_closed and "evidence" not in s.state.deadlines
    [entry] = s.do(ANA, AddEvidence(SHA, 10, "image/png", "shot.png"))
    assert entry.payload["late"] is True


def test_a_proposal_expires_and_cannot_be_accepted_after() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    assert fire(s, "remind:proposal:1") == [kinds.REMINDER_SENT]
    assert s.journal[-1].payload["to"] == [CLEO.user_id]
    assert fire(s, "proposal:1") == [kinds.PROPOSAL_EXPIRED]
    assert s.state.proposals[1].status == "expired"
    assert "expired" in s.refused(CLEO, Accept(1))


def test_a_counter_offer_replaces_the_expiry_of_the_proposal_it_answers() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    first = s.state.deadlines["proposal:1"]
    s.later(hours=1)
    s.do(CLEO, Counter(1, {"amount": "1200.00", "currency": "EUR"}))
    rows = schedule(s.state, s.policy)
    assert "proposal:1" not in rows and "remind:proposal:1" not in rows
    assert rows["proposal:2"] == first + timedelta(hours=1)
    s.now = first
    assert s.do(SYSTEM, FireDeadline("proposal:1", first)) == []


def test_an_agreement_ends_every_proposal_deadline() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    s.do(CLEO, Propose({"amount": "1400.00", "currency": "EUR"}))
    s.do(CLEO, Accept(1))
    assert not any(k.startswith("proposal:") for k in s.state.deadlines)


def test_withdrawing_a_case_cancels_everything() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    s.do(ANA, Withdraw("Settled elsewhere"))
    assert s.state.deadlines == {} and schedule(s.state, s.policy) == {}


def test_a_follow_up_is_watched_after_both_sign_and_settles_when_confirmed() -> None:
    s = Session().agreeing(FOLLOWUP_TERMS)
    assert "followup:1" not in s.state.deadlines
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    assert s.phase is Phase.COMPLIANCE  # waits for the follow-up
    assert s.state.deadlines["followup:1"].date().isoformat() == "2026-12-16"
    assert "once both sides have signed" not in s.refused(CLEO, Confirm(2))
    s.do(CLEO, Confirm(1))
    assert "already confirmed" in s.refused(CLEO, Confirm(1))
    s.do(ANA, Confirm(1))
    assert s.state.closed_reason is ClosedReason.SETTLED
    assert s.state.deadlines == {}


def test_an_overdue_follow_up_goes_to_the_mediators() -> None:
    s = Session().agreeing(FOLLOWUP_TERMS)
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    assert fire(s, "remind:followup:1") == [kinds.REMINDER_SENT]
    assert s.journal[-1].payload["to"] == [ANA.user_id, CLEO.user_id]
    assert fire(s, "followup:1") == [kinds.FOLLOWUP_OVERDUE, kinds.MEDIATOR_REQUESTED]
    assert s.state.agreement is not None and s.state.agreement.followups[0].overdue
    # Confirming late still settles it.
    s.do(ANA, Confirm(1))
    s.do(CLEO, Confirm(1))
    assert s.state.closed_reason is ClosedReason.SETTLED


def test_a_follow_up_in_the_past_is_refused() -> None:
    s = Session().negotiating()
    assert "not passed yet" in s.refused(ANA, Propose({**FOLLOWUP_TERMS,
                                                       "followup_due": "2020-01-01"}))


def test_no_escalation_when_a_mediator_is_already_there() -> None:
    s = Session().opened().mediated(MO)
    assert fire(s, "response") == [kinds.DEADLINE_PASSED]


def test_only_the_bot_fires_deadlines() -> None:
    s = Session().opened()
    assert "fired by the bot" in s.refused(ANA, FireDeadline("response",
                                                             s.state.deadlines["response"]))


def test_a_longer_reminder_lead_moves_the_reminders() -> None:
    s = Session(policy=replace(Policy(), reminder_lead=timedelta(hours=48))).opened()
    rows = schedule(s.state, s.policy)
    assert rows["response"] - rows["remind:response"] == timedelta(hours=48)


def test_a_reminder_whose_deadline_passed_meanwhile_is_not_sent() -> None:
    s = Session().opened()
    s.now = s.state.deadlines["response"]  # the process was down until the deadline
    reminder = schedule(s.state, s.policy)["remind:response"]
    assert s.do(SYSTEM, FireDeadline("remind:response", reminder)) == []
