"""A length of time an agreement states: so many hours, days or business days."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SpanUnit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    BUSINESS_DAYS = "business_days"  # counted against a calendar elsewhere, never here


@dataclass(frozen=True)
class Span:
    """`3 business_days`, `72 hours`: kept as written, so the agreement says what was agreed and
    the arithmetic (business days above all) is done once, by the calendar."""

    amount: int
    unit: SpanUnit

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"
