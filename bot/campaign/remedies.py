"""The outcome an agreement already fixes: its remedy clauses applied to what happened.

A late-delivery clause reads like "5% of the fee for each started day of delay, at most 25%;
after 10 days of delay the brand may end the agreement; force majeure suspends the count". The
arithmetic here does exactly what those words say, and `words()` writes the words from the same
fields, so the two cannot drift apart:

- the delay is elapsed time from the due moment to delivery (or to now, if nothing came),
  less the force-majeure periods when the clause says they suspend it;
- a period is 24 hours (a day) or 7 × 24 hours (a week); "each started day" counts a period as
  soon as it begins (one second late is one day), "each whole day" only once it is complete;
- the percentage is periods × the rate, never more than the cap; the amount is that share of
  the fee, rounded to the currency's minor unit, half up;
- the right to end the agreement comes when the periods reach the clause's threshold.

A kill fee is the agreement's percentage for the stage the work reached; a product invoice is
the product's value up to the agreement's cap. Each result says how it was computed, citing
the clause, so the parties can check it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"

    @property
    def length(self) -> timedelta:
        return timedelta(days=1) if self is Period.DAY else timedelta(days=7)


class Counting(StrEnum):
    STARTED = "started"  # a period counts as soon as it begins
    WHOLE = "whole"  # a period counts once it is complete


@dataclass(frozen=True)
class LateDeliveryClause:
    key: str  # how the outcome cites it: "clause c1"
    percent_per_period: Decimal
    period: Period
    counting: Counting
    cap_percent: Decimal
    terminate_after: int | None = None  # periods of delay after which the payer may end it
    force_majeure_suspends: bool = True

    def words(self) -> str:
        """The clause as the agreement states it."""
        text = (f"{_percent(self.percent_per_period)} of the fee for each {self.counting} "
                f"{self.period} of delay, at most {_percent(self.cap_percent)}")
        if self.terminate_after is not None:
            text += (f"; after {self.terminate_after} {self.period}s of delay the brand may "
                     "end the agreement")
        if self.force_majeure_suspends:
            text += "; force majeure suspends the count"
        return text + "."


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str
    exponent: int  # the currency's minor unit: 2 for USD, 0 for JPY

    def __str__(self) -> str:
        return f"{self.amount:,.{self.exponent}f} {self.currency}"

    def share(self, percent: Decimal) -> Money:
        """`percent` of this amount, rounded to the minor unit, half up."""
        exact = self.amount * percent / HUNDRED
        return Money(exact.quantize(Decimal(1).scaleb(-self.exponent), ROUND_HALF_UP),
                     self.currency, self.exponent)


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
    periods = _periods(delay, clause.period, clause.counting)
    raw = periods * clause.percent_per_period
    percent = min(raw, clause.cap_percent)
    rate = f"{periods} {clause.counting} {clause.period}(s) × {_percent(clause.percent_per_period)}"
    steps.append(f"{rate} = {_percent(raw)}" + (
        f", capped at {_percent(clause.cap_percent)}." if raw > clause.cap_percent else "."))
    amount = fee.share(percent)
    steps.append(f"{_percent(percent)} of {fee} = {amount} (clause {clause.key}: "
                 f"{clause.words()})")
    may_terminate = clause.terminate_after is not None and periods >= clause.terminate_after
    if may_terminate:
        steps.append(f"{periods} {clause.period}s of delay, {clause.terminate_after} or more: "
                     "the brand may end the agreement.")
    return Computation(clause.key, amount, tuple(steps), may_terminate)


def kill_fee(key: str, fee: Money, percent_by_stage: Mapping[str, Decimal],
             stage: str) -> Computation:
    """What cancelling at `stage` costs the brand under the kill-fee clause `key`."""
    if stage not in percent_by_stage:
        raise ValueError(f"the kill fee names no stage {stage!r} "
                         f"(it names {', '.join(percent_by_stage) or 'none'})")
    percent = percent_by_stage[stage]
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


def _periods(delay: timedelta, period: Period, counting: Counting) -> int:
    ratio = delay / period.length
    return math.ceil(ratio) if counting is Counting.STARTED else math.floor(ratio)


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
    return f"{value.normalize():f}%"


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
