"""The numbered proposal ledger: propose, counter, accept, reject, withdraw, expiry."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import kinds
from bot.domain.clock import format_time
from bot.domain.commands import (
    Accept,
    Counter,
    Join,
    Propose,
    Reject,
    SubmitStatement,
    WithdrawProposal,
)
from bot.domain.decide import record
from bot.domain.journal import Event
from bot.domain.phases import Phase
from bot.domain.policy import Policy

from .session import (
    ANA,
    CLAIMANT_STATEMENT,
    CLEO,
    MO,
    OTTO,
    RESPONDENT_STATEMENT,
    TERMS,
    Session,
)

LOWER = {"amount": "800.00", "currency": "EUR"}
MIDDLE = {"amount": "900.00", "currency": "EUR"}


def statuses(s: Session) -> dict[int, str]:
    return {n: p.status_at(s.now) for n, p in s.state.proposals.items()}


def test_proposals_are_numbered_in_order_and_expire_by_the_policy() -> None:
    s = Session(policy=Policy(proposal_window=timedelta(hours=48))).negotiating()
    [first] = s.do(ANA, Propose(TERMS))
    s.later(hours=1)
    [second] = s.do(CLEO, Propose(LOWER))
    assert [first.payload["number"], second.payload["number"]] == [1, 2]
    assert first.payload == {
        "number": 1,
        "by": "brand",
        "answers": None,
        "terms": TERMS,
        "expires_at": format_time(s.now - timedelta(hours=1) + timedelta(hours=48)),
    }
    assert second.payload["by"] == "creator"
    assert s.state.deadlines["proposal:2"] == s.now + timedelta(hours=48)
    assert statuses(s) == {1: "open", 2: "open"}


def test_a_counter_answers_one_proposal_and_marks_it_countered() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    [counter] = s.do(CLEO, Counter(1, LOWER))
    assert counter.payload["number"] == 2 and counter.payload["answers"] == 1
    assert statuses(s) == {1: "countered", 2: "open"}
    assert "proposal:1" not in s.state.deadlines and "proposal:2" in s.state.deadlines
    [again] = s.do(ANA, Counter(2, MIDDLE))
    assert again.payload["answers"] == 2 and again.payload["number"] == 3
    assert statuses(s) == {1: "countered", 2: "countered", 3: "open"}
    assert "no longer open: it was countered" in s.refused(CLEO, Accept(1))


def test_nobody_counters_their_own_proposal_or_a_closed_one() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    assert "is your own" in s.refused(ANA, Counter(1, LOWER))
    s.do(CLEO, Reject(1))
    assert "no longer open: it was rejected" in s.refused(CLEO, Counter(1, LOWER))
    assert "There is no proposal #7" in s.refused(CLEO, Counter(7, LOWER))


def test_accept_drafts_the_agreement_and_moves_to_signing() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    entries = s.do(CLEO, Accept(1))
    assert [e.kind for e in entries] == [kinds.PROPOSAL_ACCEPTED, kinds.AGREEMENT_DRAFTED]
    assert entries[0].payload == {"number": 1}
    assert s.phase is Phase.AGREEMENT and statuses(s) == {1: "accepted"}
    assert not any(k.startswith("proposal:") for k in s.state.deadlines)


def test_a_side_cannot_accept_its_own_proposal() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    assert "cannot accept your own proposal #1" in s.refused(ANA, Accept(1))


def test_a_proposal_cannot_be_accepted_twice() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    s.do(CLEO, Accept(1))
    message = s.refused(CLEO, Accept(1))
    assert "`accept` is not possible while case" in message and "Possible now" in message
    assert s.kinds().count(kinds.AGREEMENT_DRAFTED) == 1


def test_a_proposal_cannot_be_accepted_at_or_after_its_expiry() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    expires = s.state.proposals[1].expires_at
    s.now = expires - timedelta(microseconds=1)
    assert s.state.proposals[1].is_open_at(s.now)
    s.now = expires
    assert statuses(s) == {1: "expired"}
    message = s.refused(CLEO, Accept(1))
    assert f"expired at {format_time(expires)}" in message and "new proposal" in message
    s.refused(CLEO, Reject(1))
    s.refused(CLEO, Counter(1, LOWER))
    s.refused(ANA, WithdrawProposal(1))
    # A new proposal is still possible, and can be accepted.
    s.do(ANA, Propose(TERMS))
    s.do(CLEO, Accept(2))
    assert s.state.agreement is not None and s.state.agreement.proposal == 2


def test_accepting_a_proposal_that_does_not_exist_lists_the_ledger() -> None:
    s = Session().negotiating()
    assert "(proposals: none yet)" in s.refused(CLEO, Accept(1))
    s.do(ANA, Propose(TERMS))
    s.do(CLEO, Propose(LOWER))
    assert "There is no proposal #3" in s.refused(CLEO, Accept(3))
    assert "(proposals: #1, #2)" in s.refused(CLEO, Accept(3))


def test_reject_is_for_the_other_side_once_with_a_reason() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    assert "use withdraw-proposal 1" in s.refused(ANA, Reject(1))
    [entry] = s.do(CLEO, Reject(1, "Too low"))
    assert entry.payload == {"number": 1, "reason": "Too low"}
    assert statuses(s) == {1: "rejected"} and s.phase is Phase.NEGOTIATION
    assert "no longer open: it was rejected" in s.refused(CLEO, Reject(1))
    assert "no longer open: it was rejected" in s.refused(CLEO, Accept(1))


def test_withdraw_proposal_is_for_its_own_side_while_it_is_open() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    assert "Only the side that made proposal #1" in s.refused(CLEO, WithdrawProposal(1))
    [entry] = s.do(ANA, WithdrawProposal(1))
    assert entry.payload == {"number": 1}
    assert statuses(s) == {1: "withdrawn"}
    assert "no longer open: it was withdrawn" in s.refused(ANA, WithdrawProposal(1))
    assert "no longer open: it was withdrawn" in s.refused(CLEO, Accept(1))


def test_the_ledger_is_for_parties_in_negotiation_only() -> None:
    s = Session().joined()
    assert "`propose` is not possible while case" in s.refused(ANA, Propose(TERMS))
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))
    for outsider_move in (
        Propose(TERMS),
        Accept(1),
        Reject(1),
        Counter(1, LOWER),
        WithdrawProposal(1),
    ):
        assert "not a party" in s.refused(OTTO, outsider_move)
        assert "Only " in s.refused(MO, outsider_move)


def test_accepting_one_proposal_supersedes_every_other_open_one_in_the_journal() -> None:
    s = Session().negotiating()
    s.do(ANA, Propose(TERMS))  # 1, Ana's
    s.do(CLEO, Propose(LOWER))  # 2, Cleo's
    s.do(ANA, Propose(MIDDLE))  # 3, Ana's
    s.do(ANA, WithdrawProposal(3))
    entries = s.do(CLEO, Accept(1))
    assert [e.kind for e in entries] == [kinds.PROPOSAL_ACCEPTED, kinds.PROPOSAL_SUPERSEDED,
                                         kinds.AGREEMENT_DRAFTED]
    assert entries[1].payload == {"number": 2, "by": 1} and entries[1].visibility == "all"
    assert statuses(s) == {1: "accepted", 2: "superseded", 3: "withdrawn"}


def test_a_proposal_in_another_currency_than_the_claim_is_refused() -> None:
    s = Session().negotiating()  # the claim is in EUR
    message = s.refused(ANA, Propose({"amount": "1000.00", "currency": "USD"}))
    assert "is in EUR" in message and "not USD" in message
    s.do(ANA, Propose(TERMS))
    assert "is in EUR" in s.refused(CLEO, Counter(1, {"amount": "900.00", "currency": "USD"}))
    s.do(CLEO, Counter(1, LOWER))


def test_without_a_claimed_amount_the_first_proposed_currency_holds() -> None:
    s = Session()
    s.opened(details={"category": "other", "summary": "s", "desired_outcome": "d"})
    s.do(CLEO, Join())
    s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    s.do(ANA, Propose({"deliverables": "One reel"}))  # no amount: no currency fixed yet
    s.do(CLEO, Propose({"amount": "500.00", "currency": "USD"}))
    assert "is in USD" in s.refused(ANA, Propose(TERMS))


def test_a_proposal_journaled_in_another_currency_before_the_rule_is_not_accepted() -> None:
    s = Session().negotiating()
    legacy = Event(kinds.PROPOSAL_MADE, {"number": 1, "by": "creator", "answers": None,
                                         "terms": {"amount": "900.00", "currency": "USD"},
                                         "expires_at": format_time(s.now + timedelta(days=3))})
    entries, s.case = record(s.case, s.state.id, [legacy], actor=CLEO, now=s.now, source=None)
    s.journal.extend(entries)
    message = s.refused(ANA, Accept(1))
    assert "is in USD" in message and "counter 1" in message
    s.do(ANA, Counter(1, MIDDLE))
