"""The outcome an agreement already fixes: its remedy clauses applied to what happened.

A late-delivery clause reads like "5% of the fee for each started day of delay, at most 25%;
after 10 days of delay the brand may end the agreement; force majeure suspends the count". The
arithmetic here does exactly what those words say, and `words` writes the words from the same
fields, so the two cannot drift apart (the fee is the agreement's payment total):

- the delay is elapsed time from the due moment to delivery (or to now, if nothing came),
  less the force-majeure periods when the clause says they suspend it;
- a period is 24 hours (a day) or 7 × 24 hours (a week); "each started day" counts a period as
  soon as it begins (one second late is one day), "each whole day" only once it is complete;
- the percentage is periods × the rate, never more than the cap; the amount is that share of
  the fee, rounded to the currency's minor unit, half up;
- the right to end the agreement comes when the periods reach the clause's threshold.

A kill fee is the agreement's percentage for the stage the work reached (no draft yet, a draft,
an approved draft); a product invoice is
the product's value up to the agreement's cap. Each result says how it was computed, citing
the clause, so the parties can check it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.campaign.life.deliverable_life import DeliverablePhase
from bot.campaign.terms.cancellation import Cancellation
from bot.campaign.terms.clauses import DelayPeriod, LateDeliveryClause, Rounding
from bot.campaign.terms.money import minor_units, number_text

HUNDRED = Decimal(100)
PERIOD_LENGTH = {DelayPeriod.DAY: timedelta(days=1), DelayPeriod.WEEK: timedelta(days=7)}
COUNTED = {Rounding.PER_STARTED_PERIOD: "started", Rounding.PER_WHOLE_PERIOD: "whole"}

# The kill fee's stage for the phase a deliverable was cancelled in: before a draft exists,
# once one was submitted, once one was approved.
KILL_FEE_STAGE = {
    DeliverablePhase.AWAITING_PRODUCT: "before_production",
    DeliverablePhase.IN_PRODUCTION: "before_production",
    DeliverablePhase.DRAFT_SUBMITTED: "after_draft",
    DeliverablePhase.CHANGES_REQUESTED: "after_draft",
    DeliverablePhase.REJECTED: "after_draft",
    DeliverablePhase.APPROVED: "after_approval",
    DeliverablePhase.AUTO_APPROVED: "after_approval",
}


def words(clause: LateDeliveryClause) -> str:
    """The late-delivery clause as the agreement states it, from the fields the arithmetic
    uses."""
    period = clause.period.value
    text = (f"{_percent(clause.percent_per_period)} of the fee for each "
            f"{COUNTED[clause.rounding]} {period} of delay, at most {_percent(clause.cap_percent)}")
    if clause.terminate_after_periods is not None:
        text += (f"; after {clause.terminate_after_periods} {period}s of delay the brand may "
                 "end the agreement")
    if clause.force_majeure_suspends:
        text += "; force majeure suspends the count"
    return text + "."


@dataclass(frozen=True)
class Money:
    """An exact amount in an ISO 4217 currency."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if minor_units(self.currency) is None:
            raise ValueError(f"{self.currency!r} is not an ISO 4217 currency code")

    def __str__(self) -> str:
        return f"{self.amount:,.{minor_units(self.currency)}f} {self.currency}"

    def share(self, percent: Decimal) -> Money:
        """`percent` of this amount, rounded to the currency's minor unit, half up."""
        exact = self.amount * percent / HUNDRED
        unit = Decimal(1).scaleb(-(minor_units(self.currency) or 0))
        return Money(exact.quantize(unit, ROUND_HALF_UP), self.currency)


@dataclass(frozen=True)
class Computation:
    """An amount the agreement fixes, with each step of how it was reached."""

    clause: str
    amount: Money
    steps: tuple[str, ...]
    may_terminate: bool = False


def late_delivery(clause: LateDeliveryClause, fee: Money, due: datetime, delivered: datetime,
                  suspensions: Sequence[tuple[datetime, datetime]] = ()) -> Computation:
    """The reduction `clause` gives for something due at `due` and delivered (or still
    missing) at `delivered`; `suspensions` are force-majeure periods."""
    # In UTC: subtracting two times of one zone would give wall-clock, not elapsed, time.
    due, delivered = due.astimezone(UTC), delivered.astimezone(UTC)
    delay = max(delivered - due, timedelta(0))
    steps = [f"Due {_moment(due)}, delivered {_moment(delivered)}: {_duration(delay)} late."]
    if clause.force_majeure_suspends and suspensions:
        suspended = _suspended(due, delivered, suspensions)
        if suspended:
            delay -= suspended
            steps.append(f"Force majeure suspends {_duration(suspended)}: "
                         f"{_duration(delay)} count.")
    periods = _periods(delay, clause.period, clause.rounding)
    raw = periods * clause.percent_per_period
    percent = min(raw, clause.cap_percent)
    counted = f"{periods} {COUNTED[clause.rounding]} {clause.period}(s)"
    rate = f"{counted} × {_percent(clause.percent_per_period)}"
    steps.append(f"{rate} = {_percent(raw)}" + (
        f", capped at {_percent(clause.cap_percent)}." if raw > clause.cap_percent else "."))
    amount = fee.share(percent)
    steps.append(f"{_percent(percent)} of {fee} = {amount} (clause {clause.key}: "
                 f"{words(clause)})")
    threshold = clause.terminate_after_periods
    may_terminate = threshold is not None and periods >= threshold
    if may_terminate:
        steps.append(f"{periods} {clause.period}s of delay, {threshold} or more: "
                     "the brand may end the agreement.")
    return Computation(clause.key, amount, tuple(steps), may_terminate)


def kill_fee(key: str, fee: Money, cancellation: Cancellation,
             cancelled_in: DeliverablePhase) -> Computation:
    """What cancelling a deliverable in phase `cancelled_in` costs the brand, under the
    agreement's cancellation terms (cited as clause `key`)."""
    stage = KILL_FEE_STAGE.get(cancelled_in)
    if stage is None:
        raise ValueError(f"a deliverable {cancelled_in.value.replace('_', ' ')} cannot be "
                         "cancelled for a kill fee")
    percent: Decimal = getattr(cancellation.kill_fee, stage)
    amount = fee.share(percent)
    return Computation(key, amount, (
        f"Cancelled {stage.replace('_', ' ')}: {_percent(percent)} of {fee} = {amount} "
        f"(clause {key}).",))


def product_invoice(key: str, value: Money, cap: Money) -> Computation:
    """What the brand may invoice for product sent and not featured, under clause `key`."""
    if value.currency != cap.currency:
        raise ValueError(f"the product's value is in {value.currency}, the cap in {cap.currency}")
    amount = value if value.amount <= cap.amount else cap
    capped = f", capped at {cap}" if amount is cap and value.amount != cap.amount else ""
    return Computation(key, amount, (
        f"Product sent and not featured: {value}{capped} (clause {key}).",))


def _periods(delay: timedelta, period: DelayPeriod, rounding: Rounding) -> int:
    ratio = delay / PERIOD_LENGTH[period]
    return math.ceil(ratio) if rounding is Rounding.PER_STARTED_PERIOD else math.floor(ratio)


def _suspended(due: datetime, delivered: datetime,
               suspensions: Sequence[tuple[datetime, datetime]]) -> timedelta:
    """How much of (due, delivered) the suspensions cover, each moment counted once."""
    total, reached = timedelta(0), due
    for start, end in sorted((s.astimezone(UTC), e.astimezone(UTC)) for s, e in suspensions):
        start, end = max(start, reached), min(end, delivered)
        if end > start:
            total += end - start
            reached = end
    return total


def _percent(value: Decimal) -> str:
    return f"{number_text(value)}%"


def _moment(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def _duration(span: timedelta) -> str:
    days, seconds = span.days, span.seconds
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    parts = [f"{days} day{'s' * (days != 1)}"] if days else []
    if hours:
        parts.append(f"{hours} hour{'s' * (hours != 1)}")
    if minutes:
        parts.append(f"{minutes} minute{'s' * (minutes != 1)}")
    if not parts:
        left = seconds % 60
        parts.append(f"{left} second{'s' * (left != 1)}")
    return " ".join(parts)
