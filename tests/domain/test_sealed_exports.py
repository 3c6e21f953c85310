"""A property over random blind bidding and random final positions: nothing sealed ever
reaches another viewer's export.

Each run bids random (monotone-or-refused) rounds, lets a round run out if bidding is still
open, and then (sometimes) has the mediator open the review and some of the sides seal final
positions. The JSON export is rendered for the claimant, the respondent, the mediator and an
observer of each side. No bid of one side is in another side's export, and the mediator's
holds no bid at all; each side's bids are in its own side's exports (the observer's too); no
final position of the other side is in a party's or an observer's export before both are
revealed, while the mediator's holds every one; the mediators' briefings are stubs in every
export but the mediator's. A settlement stays between the last demand and the last offer."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import kinds
from bot.domain.commands import AnswerBidding, Bid, FireDeadline, ProposeBidding
from bot.domain.identity import SYSTEM, Actor, Role, Side
from bot.domain.review_commands import AddObserver, OpenReview, SubmitPosition
from bot.exports import render

from .session import ANA, CLEO, MO, Session
from .test_review import BINDING

DAN = Actor("console:dan", "Dan")  # reads along with the brand side (Ana's)
FAY = Actor("console:fay", "Fay")  # reads along with the creator side (Cleo's)
VIEWERS: dict[str, tuple[Actor, Role, Side | None]] = {
    "claimant": (ANA, Role.CLAIMANT, Side.BRAND),
    "respondent": (CLEO, Role.RESPONDENT, Side.CREATOR),
    "mediator": (MO, Role.MEDIATOR, None),
    "brand observer": (DAN, Role.OBSERVER, Side.BRAND),
    "creator observer": (FAY, Role.OBSERVER, Side.CREATOR),
}
BIDDERS = {Side.BRAND: ANA, Side.CREATOR: CLEO}

# Amounts nothing else in the case holds: five digits, cents never ending in 0.
amounts = st.integers(1_000_001, 9_999_999).filter(lambda n: n % 10).map(
    lambda n: Decimal(n) / 100)
tokens = st.text("abcdefghjkmnpqrstuvwxyz", min_size=8, max_size=8)


def exported(s: Session, viewer: str) -> tuple[str, list[dict[str, Any]]]:
    actor, role, _ = VIEWERS[viewer]
    content = render("json", s.state, s.journal, actor, role, s.now).content
    text = content.decode() if isinstance(content, bytes) else content
    return text, json.loads(text)["entries"]


@settings(max_examples=40, deadline=None)
@given(rounds=st.lists(st.tuples(amounts, amounts), min_size=0, max_size=3),
       tolerance=st.sampled_from(["0", "5%", "25.00"]), split=st.integers(0, 100),
       review=st.booleans(), positions=st.sets(st.sampled_from(list(Side))),
       words=tokens)
def test_nothing_sealed_reaches_another_viewers_export(
        rounds: list[tuple[Decimal, Decimal]], tolerance: str, split: int, review: bool,
        positions: set[Side], words: str) -> None:
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(ANA, AddObserver(DAN))
    s.do(CLEO, AddObserver(FAY))
    s.do(ANA, ProposeBidding(tolerance=tolerance, split=split))
    s.do(CLEO, AnswerBidding(accept=True))
    bids: dict[Side, list[Decimal]] = {Side.BRAND: [], Side.CREATOR: []}
    for demand, offer in rounds:
        for side, amount in ((Side.BRAND, demand), (Side.CREATOR, offer)):
            if s.state.bidding.status != "open":
                break
            kept = bids[side]
            if kept and (amount > kept[-1] if side is Side.BRAND else amount < kept[-1]):
                assert s.refused(BIDDERS[side], Bid(f"{amount}"))
                amount = kept[-1]
            s.do(BIDDERS[side], Bid(f"{amount}"))
            kept.append(amount)
    if s.state.bidding.status == "open":  # the round runs out: bidding fails
        [(key, due)] = [(k, d) for k, d in s.state.deadlines.items() if k.startswith("bidding:")]
        s.now = due
        s.do(SYSTEM, FireDeadline(key, due))
    settled = [e for e in s.journal if e.kind == kinds.BIDDING_SETTLED]
    point = Decimal(settled[0].payload["amount"]) if settled else None
    if point is not None:
        demand, offer = bids[Side.BRAND][-1], bids[Side.CREATOR][-1]
        assert min(demand, offer) <= point <= max(demand, offer)
    sealed_positions: dict[Side, str] = {}
    if review and not settled:
        s.do(MO, OpenReview())
        for side in sorted(positions):
            sealed_positions[side] = f"{side.value} final {words}"
            s.do(BIDDERS[side], SubmitPosition({"position": sealed_positions[side]}))
    revealed = s.state.review is not None and s.state.review.revealed

    for viewer, (_, _, side) in VIEWERS.items():
        text, entries = exported(s, viewer)
        assert len(entries) == len(s.journal)
        if side is None:  # the mediator: no bid at all, every final position
            hidden = {*bids[Side.BRAND], *bids[Side.CREATOR]} - {point}
            assert not any(f"{a}" in text for a in hidden), viewer
            assert all(p in text for p in sealed_positions.values())
            assert all("payload" in e for e in entries if e["kind"] == kinds.BRIEFING_GIVEN)
            continue
        own, other = set(bids[side]), set(bids[side.other])
        for amount in other - own - {point}:
            assert f'"{amount}"' not in text, (viewer, amount)
        for amount in own:
            assert f'"{amount}"' in text, (viewer, amount)
        if side.other in sealed_positions and not revealed:
            assert sealed_positions[side.other] not in text, viewer
        if side in sealed_positions:
            assert sealed_positions[side] in text, viewer
        briefings = [e for e in entries if e["kind"] == kinds.BRIEFING_GIVEN]
        assert briefings and all(e.get("redacted") and "payload" not in e for e in briefings)
