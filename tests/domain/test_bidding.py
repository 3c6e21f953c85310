"""Double-blind bidding: sealed demands and offers, monotone, compared by the bot alone; a
settlement always between the last demand and offer; nothing sealed in another's view."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import kinds
from bot.domain.bidding import settlement, tolerance_of, within
from bot.domain.commands import AnswerBidding, Bid, FireDeadline, ProposeBidding
from bot.domain.identity import SYSTEM, Role, Side
from bot.domain.phases import Phase
from bot.domain.visibility import can_see, effective

from .session import ANA, CLEO, MO, Session


def bidding(tolerance: str = "0", rounds: int = 3, split: int = 50) -> Session:
    s = Session().negotiating()
    s.do(ANA, ProposeBidding(tolerance=tolerance, rounds=rounds, split=split))
    s.do(CLEO, AnswerBidding(accept=True))
    return s


def test_bids_that_meet_in_round_two_settle_at_the_midpoint_and_draft_the_agreement() -> None:
    s = bidding(tolerance="5%")
    s.do(ANA, Bid("1480.50"))
    ended = s.do(CLEO, Bid("905.75"))
    assert [e.kind for e in ended] == [kinds.BID_SEALED, kinds.BIDDING_ROUND_ENDED]
    assert "905.75" not in ended[1].payload_json and "1480.50" not in ended[1].payload_json
    s.do(CLEO, Bid("1160.40"))
    met = s.do(ANA, Bid("1210.25"))
    assert [e.kind for e in met] == [kinds.BID_SEALED, kinds.BIDDING_SETTLED,
                                     kinds.AGREEMENT_DRAFTED]
    assert met[1].payload == {"round": 2, "amount": "1185.33", "currency": "EUR"}
    assert "- Amount: 1185.33 EUR" in met[2].payload["text"]
    assert "Settled by blind bidding in round 2" in met[2].payload["text"]
    assert s.phase is Phase.AGREEMENT and s.state.agreement is not None
    assert s.state.agreement.proposal is None
    sealed = [e for e in s.journal if e.kind == kinds.BID_SEALED]
    assert {e.visibility for e in sealed} == {"sealed:brand", "sealed:creator"}


def test_bids_that_never_come_close_fail_and_ask_for_a_mediator() -> None:
    s = bidding(rounds=2)
    s.do(ANA, Bid("2000"))
    s.do(CLEO, Bid("100"))
    s.do(ANA, Bid("1900"))
    failed = s.do(CLEO, Bid("200"))
    assert [e.kind for e in failed] == [kinds.BID_SEALED, kinds.BIDDING_FAILED,
                                        kinds.MEDIATOR_REQUESTED]
    assert failed[1].payload == {"round": 2, "cause": "no_overlap"}
    assert s.phase is Phase.NEGOTIATION and s.state.bidding.status == "failed"
    assert "bidding" not in " ".join(s.state.deadlines)


def test_demands_only_go_down_offers_only_up_one_bid_a_round() -> None:
    s = bidding()
    s.do(ANA, Bid("1500"))
    assert "already sealed" in s.refused(ANA, Bid("1400"))
    s.do(CLEO, Bid("500"))
    assert "may only go down" in s.refused(ANA, Bid("1500.01"))
    assert "may only go up" in s.refused(CLEO, Bid("499.99"))
    for bad in ("0", "-5", "1.001", "abc", "NaN", "1e400", "Infinity"):
        assert s.refused(ANA, Bid(bad))
    assert "can use `bid`" in s.refused(MO, Bid("100"))


def test_only_the_other_side_answers_and_a_second_proposal_waits() -> None:
    s = Session().negotiating()
    assert "No blind bidding is proposed" in s.refused(CLEO, AnswerBidding(accept=True))
    s.do(ANA, ProposeBidding(tolerance="10%"))
    assert "other side answers" in s.refused(ANA, AnswerBidding(accept=True))
    assert "already proposed" in s.refused(CLEO, ProposeBidding())
    assert "No blind bidding is open" in s.refused(ANA, Bid("100"))
    s.do(CLEO, AnswerBidding(accept=False, reason="We prefer to talk"))
    assert s.state.bidding.status == "declined"
    for bad in (ProposeBidding(rounds=4), ProposeBidding(split=101),
                ProposeBidding(tolerance="51%"), ProposeBidding(tolerance="x")):
        assert s.refused(CLEO, bad)


def test_a_round_that_runs_out_fails_the_bidding() -> None:
    s = bidding()
    s.do(ANA, Bid("1500"))
    due = s.state.deadlines["bidding:1"]
    s.now = due + timedelta(seconds=1)
    assert "has ended" in s.refused(CLEO, Bid("900"))

    fired = s.do(SYSTEM, FireDeadline("bidding:1", due))
    assert [e.kind for e in fired] == [kinds.BIDDING_FAILED, kinds.MEDIATOR_REQUESTED]
    assert fired[0].payload["cause"] == "deadline"


@pytest.mark.parametrize("raw, expected", [("0", "0"), ("10%", "10%"), ("12.5%", "12.5%"),
                                           ("50", "50.00"), ("0.5%", "0.5%")])
def test_tolerances_read_as_people_write_them(raw: str, expected: str) -> None:
    assert tolerance_of(raw) == expected


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@settings(max_examples=300, deadline=None)
@given(demand=amounts, offer=amounts, split=st.integers(0, 100))
def test_a_settlement_is_always_between_demand_and_offer(demand: Decimal, offer: Decimal,
                                                          split: int) -> None:
    point = settlement(demand, offer, split)
    assert min(demand, offer) <= point <= max(demand, offer)
    assert within(demand, offer, "0") is (offer >= demand)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=3),
       st.sampled_from(["0", "5%", "25.00"]))
def test_random_bidding_keeps_bids_monotone_settles_between_and_seals_them(
        rounds: list[tuple[Decimal, Decimal]], tolerance: str) -> None:
    s = bidding(tolerance=tolerance)
    demands: list[Decimal] = []
    offers: list[Decimal] = []
    for demand, offer in rounds:
        if s.state.bidding.status != "open":
            break
        for actor, amount, kept, rising in ((ANA, demand, demands, False),
                                            (CLEO, offer, offers, True)):
            if kept and (amount < kept[-1] if rising else amount > kept[-1]):
                assert s.refused(actor, Bid(f"{amount}"))
                amount = kept[-1]
            s.do(actor, Bid(f"{amount}"))
            kept.append(amount)
    state = s.state
    settled = [e for e in s.journal if e.kind == kinds.BIDDING_SETTLED]
    if settled:
        point = Decimal(settled[0].payload["amount"])
        assert min(demands[-1], offers[-1]) <= point <= max(demands[-1], offers[-1])
    assert demands == sorted(demands, reverse=True) and offers == sorted(offers)
    revealed = state.revealed
    for entry in s.journal:
        seen = effective(entry.visibility, entry.kind, revealed)
        if entry.kind == kinds.BID_SEALED:
            owner = Side(entry.payload["side"])
            assert can_see(seen, Role.CLAIMANT, owner) and not can_see(seen, Role.MEDIATOR, None)
            assert not can_see(seen, Role.RESPONDENT, owner.other)
        else:
            for amount in {*demands, *offers} - ({point} if settled else set()):
                if can_see(seen, Role.MEDIATOR, None):
                    assert f'"{amount}"' not in entry.payload_json or entry.kind in (
                        kinds.STATEMENT_SUBMITTED, kinds.STATEMENTS_REVEALED,
                        kinds.PROPOSAL_MADE, kinds.CASE_OPENED), entry.kind
