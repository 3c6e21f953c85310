"""After both signatures the case is settled: what follows is compliance (the follow-ups), not
withdrawal. Signing is over, confirming has begun, and the follow-ups stay watched."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.commands import Close, Confirm, FireDeadline, Sign, Withdraw
from bot.domain.deadlines import schedule
from bot.domain.identity import SYSTEM
from bot.domain.phases import ClosedReason, Phase

from .session import ANA, CLEO, MO, TERMS, Session

FOLLOWUP_TERMS = {**TERMS, "followup": "Payment of the fee", "followup_due": "2026-12-15"}


def signed_with_followup() -> Session:
    s = Session().agreeing(FOLLOWUP_TERMS)
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    return s


def test_both_signatures_with_a_follow_up_start_compliance() -> None:
    s = signed_with_followup()
    assert s.phase is Phase.COMPLIANCE
    assert "followup:1" in s.state.deadlines


def test_the_claimant_cannot_withdraw_a_signed_agreement() -> None:
    s = signed_with_followup()
    message = s.refused(ANA, Withdraw("Changed my mind"))
    assert "`withdraw` is not possible" in message
    assert "confirm" in message.partition("Possible now:")[2]
    # Nothing was dropped: the payment is still watched and still goes to the mediators.
    due = schedule(s.state, s.policy)["followup:1"]
    s.now = due
    fired = s.do(SYSTEM, FireDeadline("followup:1", due))
    assert [e.kind for e in fired] == [kinds.FOLLOWUP_OVERDUE, kinds.MEDIATOR_REQUESTED]


def test_withdrawal_is_still_possible_while_the_agreement_awaits_signatures() -> None:
    s = Session().agreeing(FOLLOWUP_TERMS)
    s.do(CLEO, Sign())
    s.do(ANA, Withdraw("Found a better deal"))
    assert s.state.closed_reason is ClosedReason.WITHDRAWN


def test_signing_is_over_and_confirming_begins_only_after_both_signatures() -> None:
    s = Session().agreeing(FOLLOWUP_TERMS)
    assert "`confirm` is not possible" in s.refused(ANA, Confirm(1))
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    assert "`sign` is not possible" in s.refused(ANA, Sign())


def test_a_mediator_declares_no_impasse_after_both_signed_but_may_close() -> None:
    s = signed_with_followup().mediated(MO)
    message = s.refused(MO, Close(ClosedReason.IMPASSE))
    assert "closed_by_mediator" in message
    s.do(MO, Close(ClosedReason.CLOSED_BY_MEDIATOR, "Paid outside the bot, both say so"))
    assert s.state.closed_reason is ClosedReason.CLOSED_BY_MEDIATOR
