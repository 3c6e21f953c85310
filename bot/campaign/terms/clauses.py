"""Remedy clauses in a shape a program can apply: each has a key a computed outcome cites."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class DelayPeriod(StrEnum):
    DAY = "day"
    WEEK = "week"


class Rounding(StrEnum):
    """How a part of a period counts. Stated in the clause, so its words and its arithmetic
    cannot disagree."""

    PER_STARTED_PERIOD = "per_started_period"  # 1 day and 1 hour late is 2 days
    PER_WHOLE_PERIOD = "per_whole_period"  # 1 day and 23 hours late is 1 day


@dataclass(frozen=True)
class LateDeliveryClause:
    """A percent of the payment total per period of delay, up to a cap; after so many periods
    the brand may terminate; force majeure may suspend the count."""

    key: str  # c1, c2, ...
    deliverables: tuple[str, ...]  # the deliverable keys it applies to
    percent_per_period: Decimal
    period: DelayPeriod
    rounding: Rounding
    cap_percent: Decimal
    force_majeure_suspends: bool
    terminate_after_periods: int | None = None


# Every kind of remedy clause; one for now, a union as more kinds are agreed.
Clause = LateDeliveryClause
