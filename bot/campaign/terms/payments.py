"""What is paid, in which currency, in which milestones, on what trigger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class TriggerEvent(StrEnum):
    """What makes a milestone payable."""

    AGREEMENT_ACCEPTED = "agreement_accepted"
    DELIVERABLE_APPROVED = "deliverable_approved"
    DELIVERABLE_LIVE = "deliverable_live"
    CAMPAIGN_END = "campaign_end"
    DATE = "date"


@dataclass(frozen=True)
class Trigger:
    event: TriggerEvent
    deliverable: str | None = None  # the deliverable's key, for approved and live
    on: date | None = None  # the day, for TriggerEvent.DATE

    def __str__(self) -> str:
        if self.event is TriggerEvent.DATE and self.on is not None:
            return self.on.isoformat()
        if self.deliverable is not None:
            return f"{self.event}:{self.deliverable}"
        return str(self.event)


@dataclass(frozen=True)
class Milestone:
    """One payment. Its size is either an exact amount or a percent of the total, not both."""

    key: str  # m1, m2, ...
    trigger: Trigger
    net_days: int  # days to pay once triggered: 0 is immediate, 30 is Net 30
    amount: Decimal | None = None
    percent: Decimal | None = None

    def due_amount(self, total: Decimal) -> Decimal:
        """The money this milestone stands for, exactly."""
        if self.amount is not None:
            return self.amount
        return total * (self.percent or Decimal(0)) / 100


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class LateFee:
    """Interest on a late payment: a percent of the overdue amount per period."""

    percent: Decimal
    per: Period


@dataclass(frozen=True)
class PaymentTerms:
    currency: str  # ISO 4217: USD, EUR, JPY
    total: Decimal  # exact, in the currency's minor units; 0 for a gift
    milestones: tuple[Milestone, ...] = ()
    late_fee: LateFee | None = None
