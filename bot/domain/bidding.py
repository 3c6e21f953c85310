"""Double-blind bidding on the amount, as Cybersettle and Smartsettle run it.

Either party proposes it, with a tolerance, a split and up to three rounds; the other agrees
(or declines). In each round the claimant seals a demand and the respondent an offer, seen by
nobody else: not the other side, not the mediators. Demands may only go down and offers only
up. Once both bids of a round are in, the bot compares them: when the offer reaches the demand,
or comes within the tolerance, the case settles at the split (the midpoint by default: always
between the two), and the agreement is drafted for both to sign. Otherwise the next round opens
and nothing is said but that; after the last round (or a round's deadline) bidding fails, and
the case goes to a mediator with that fact alone. The bids stay sealed for good.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.domain import kinds
from bot.domain.agreement import agreement_draft
from bot.domain.bidding_fold import KEY
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import AnswerBidding, Bid, FireDeadline, ProposeBidding
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role, Side
from bot.domain.journal import Event
from bot.domain.phases import Phase
from bot.domain.policy import Policy
from bot.domain.proposals import case_currency
from bot.domain.records import Bidding
from bot.domain.visibility import sealed

MAX_ROUNDS = 3
MAX_TOLERANCE_PERCENT = Decimal(50)
MAX_AMOUNT = Decimal(1_000_000_000_000)
CENT = Decimal("0.01")


def amount_of(raw: str) -> Decimal:
    """A bid or tolerance amount: positive, at most two decimals; Refusal otherwise."""
    try:
        value = Decimal(raw.replace(",", "").replace("_", "").strip())
    except InvalidOperation:
        raise Refusal(f"{raw.strip()[:40]!r} is not an amount: give one such as 1500 or "
                      "1500.50.") from None
    if not value.is_finite() or value <= 0 or value > MAX_AMOUNT:
        raise Refusal("An amount is more than 0 and at most 1,000,000,000,000.")
    if value != value.quantize(CENT):
        raise Refusal("An amount has at most two decimals.")
    return value.quantize(CENT)


def tolerance_of(raw: str) -> str:
    """`10%` (of the demand, at most 50%) or an amount; `0` means the bids must meet."""
    text = raw.strip()
    if text in ("", "0"):
        return "0"
    if text.endswith("%"):
        try:
            percent = Decimal(text[:-1])
        except InvalidOperation:
            percent = Decimal(-1)
        if not percent.is_finite() or not 0 <= percent <= MAX_TOLERANCE_PERCENT \
                or percent != percent.quantize(CENT):
            raise Refusal("A tolerance in percent is from 0% to 50%, e.g. tolerance=10%.")
        return f"{percent.normalize():f}%"
    return f"{amount_of(text)}"


def within(demand: Decimal, offer: Decimal, tolerance: str) -> bool:
    """Whether the offer reaches the demand or comes within the tolerance of it."""
    if offer >= demand:
        return True
    if tolerance.endswith("%"):
        return demand - offer <= demand * Decimal(tolerance[:-1]) / 100
    return demand - offer <= Decimal(tolerance)


def settlement(demand: Decimal, offer: Decimal, split: int) -> Decimal:
    """Where between offer and demand it settles: `split` percent of the way from the offer,
    to the cent, never outside the two."""
    low, high = min(demand, offer), max(demand, offer)
    point = (offer + (demand - offer) * Decimal(split) / 100).quantize(CENT, ROUND_HALF_UP)
    return min(max(point, low), high)


def _decimal(value: object) -> Decimal | None:
    """A bid as kept in the state; None for none (or one whose content was erased)."""
    try:
        return Decimal(value) if isinstance(value, str) and value else None
    except InvalidOperation:
        return None


# -- the moves ------------------------------------------------------------------------------------
def propose(case: Case, command: ProposeBidding, actor: Actor, role: Role, now: datetime,
            policy: Policy) -> list[Event]:
    current = case.bidding
    if current is not None and current.status in ("proposed", "open", "settled"):
        raise Refusal({"proposed": "Blind bidding is already proposed: the other side "
                       "answers with `bidding accept` or `bidding decline`.",
                       "open": f"Blind bidding is under way (round {current.round}).",
                       "settled": "Blind bidding already settled this case."}[current.status])
    currency = case_currency(case)
    if not currency:
        raise Refusal("Blind bidding is on an amount: this case names no currency.")
    if not 1 <= command.rounds <= MAX_ROUNDS:
        raise Refusal(f"Bidding runs 1 to {MAX_ROUNDS} rounds.")
    if not 0 <= command.split <= 100:
        raise Refusal("The split is a percent of the gap, from 0 to 100 (50: the midpoint).")
    side = case.side_of(actor)
    assert side is not None
    return [Event(kinds.BIDDING_PROPOSED, {
        "by": side.value, "currency": currency, "tolerance": tolerance_of(command.tolerance),
        "split": command.split, "rounds": command.rounds})]


def answer(case: Case, command: AnswerBidding, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    bidding = case.bidding
    if bidding is None or bidding.status != "proposed":
        raise Refusal("No blind bidding is proposed: propose it with `bidding propose`.")
    side = case.side_of(actor)
    assert side is not None
    if side is bidding.proposed_by:
        raise Refusal("You proposed the bidding: the other side answers.")
    if not command.accept:
        return [Event(kinds.BIDDING_DECLINED, {"by": side.value, "reason": command.reason})]
    return [Event(kinds.BIDDING_OPENED, {
        "by": side.value, "round": 1,
        "due_at": format_time(now + policy.proposal_window)})]


def bid(case: Case, command: Bid, actor: Actor, role: Role, now: datetime,
        policy: Policy) -> list[Event]:
    bidding = case.bidding
    if bidding is None or bidding.status != "open":
        raise Refusal("No blind bidding is open in this case.")
    if bidding.due_at is not None and now >= bidding.due_at:
        raise Refusal(f"Round {bidding.round} of the bidding has ended.")
    side = case.side_of(actor)
    assert side is not None
    amount = amount_of(command.amount)
    this_round = bidding.bids.get(bidding.round, {})
    if side in this_round:
        raise Refusal(f"Your bid for round {bidding.round} is already sealed.")
    demanding = side is case.claimant.side
    earlier = [d for bids in bidding.bids.values() if (d := _decimal(bids.get(side)))]
    if earlier and demanding and amount > min(earlier):
        raise Refusal(f"A demand may only go down: your last was {min(earlier)} "
                      f"{bidding.currency}.")
    if earlier and not demanding and amount < max(earlier):
        raise Refusal(f"An offer may only go up: your last was {max(earlier)} "
                      f"{bidding.currency}.")
    events = [Event(kinds.BID_SEALED, {"side": side.value, "round": bidding.round,
                                       "amount": f"{amount}",
                                       "as": "demand" if demanding else "offer"},
                    visibility=sealed(side))]
    other = _decimal(this_round.get(side.other))
    if other is None:  # not in yet (or erased since: the round then runs out)
        return events
    demand, offer = (amount, other) if demanding else (other, amount)
    return events + _compared(case, bidding, demand, offer, now, policy)


def _compared(case: Case, bidding: Bidding, demand: Decimal, offer: Decimal, now: datetime,
              policy: Policy) -> list[Event]:
    if within(demand, offer, bidding.tolerance):
        amount = f"{settlement(demand, offer, bidding.split)}"
        terms = {"amount": amount, "currency": bidding.currency}
        return [Event(kinds.BIDDING_SETTLED, {"round": bidding.round, "amount": amount,
                                              "currency": bidding.currency}),
                agreement_draft(case, None, terms,
                                f"Settled by blind bidding in round {bidding.round} on "
                                f"{format_time(now)}.")]
    if bidding.round < bidding.rounds:
        return [Event(kinds.BIDDING_ROUND_ENDED, {
            "round": bidding.round, "next": bidding.round + 1,
            "due_at": format_time(now + policy.proposal_window)})]
    return failed(case, bidding, "no_overlap")


def failed(case: Case, bidding: Bidding, cause: str) -> list[Event]:
    """Bidding ends without a settlement: nothing is revealed, and a mediator is asked for."""
    events = [Event(kinds.BIDDING_FAILED, {"round": bidding.round, "cause": cause})]
    if case.mediator is None and not case.mediation_requested:
        events.append(Event(kinds.MEDIATOR_REQUESTED, {
            "reason": "Blind bidding ended without a settlement.", "by": "bidding"}))
    return events


def fire(case: Case, command: FireDeadline) -> list[Event]:
    """A round's deadline passed before both bids were in."""
    bidding = case.bidding
    if (bidding is None or bidding.status != "open" or command.key != f"{KEY}{bidding.round}"
            or bidding.due_at != command.due_at or case.phase is not Phase.NEGOTIATION):
        return []
    return failed(case, bidding, "deadline")


def sides_due(case: Case) -> tuple[Side, ...]:
    """The sides whose bid the open round still waits for."""
    bidding = case.bidding
    if bidding is None or bidding.status != "open":
        return ()
    return tuple(s for s in Side if s not in bidding.bids.get(bidding.round, {}))


def may_use_bidding(case: Case, side: Side | None, now: datetime) -> bool:
    """Whether `bidding` would not be refused: a proposal to make, or one to answer."""
    bidding = case.bidding
    if bidding is None or bidding.status in ("declined", "failed"):
        return bool(case_currency(case))
    return bidding.status == "proposed" and side is not bidding.proposed_by


def may_bid(case: Case, side: Side | None, now: datetime) -> bool:
    bidding = case.bidding
    return (bidding is not None and bidding.status == "open" and side is not None
            and side not in bidding.bids.get(bidding.round, {})
            and (bidding.due_at is None or now < bidding.due_at))
