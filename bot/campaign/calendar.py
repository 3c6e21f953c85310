"""When a campaign's timers fall due: hours, calendar days and business days, counted in the
time zone the agreement names.

Agreements say "3 business days" and "net 30": people mean their own wall clock, so spans of
days are counted on local dates and keep the local time of day, across daylight-saving changes;
hours are elapsed time. A business day is Monday to Friday and not one of the agreement's
holidays. The rules, for a moment `start` in the agreement's zone:

- `N hours`: exactly N × 3,600 seconds later.
- `N days`: the same local time, N local dates later.
- `N business days`: the same local time on the Nth business day after start's local date, so
  Friday 10:00, Saturday 10:00 and Sunday 10:00 plus one business day are all Monday 10:00.

A local time that does not exist on the due date (the hour skipped when clocks go forward)
is read as it would be before the change, so it falls one hour later in wall-clock terms; a
local time that exists twice takes its first occurrence. Every result is returned in UTC.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.campaign.terms.span import Span, SpanUnit

MAX_SPAN = 3660
"""The longest span counted, in its unit (ten years of days): beyond it, a timer is a typo."""


@dataclass(frozen=True)
class Calendar:
    """The agreement's time zone and its non-working days."""

    zone: ZoneInfo
    holidays: frozenset[date] = frozenset()

    @classmethod
    def named(cls, zone: str, holidays: Collection[date] = ()) -> Calendar:
        """A calendar in the IANA zone `zone` (e.g. `Europe/Paris`); ValueError if unknown."""
        try:
            return cls(ZoneInfo(zone), frozenset(holidays))
        except (ZoneInfoNotFoundError, ValueError) as problem:
            raise ValueError(f"{zone!r} is not a time zone (e.g. Europe/Paris, UTC)") from problem

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add(self, start: datetime, span: Span) -> datetime:
        """When `span`, started at `start`, ends (see the module's rules)."""
        amount, unit = span.amount, span.unit
        if start.tzinfo is None:
            raise ValueError("times must carry a time zone")
        if not 0 <= amount <= MAX_SPAN:
            raise ValueError(f"a span must be between 0 and {MAX_SPAN} {unit}, not {amount}")
        if unit is SpanUnit.HOURS:
            # Elapsed time: aware arithmetic in one zone would add wall-clock hours.
            return start.astimezone(UTC) + timedelta(hours=amount)
        local = start.astimezone(self.zone)
        if unit is SpanUnit.DAYS:
            return self._at(local.date() + timedelta(days=amount), local.time())
        if amount == 0:
            return start.astimezone(UTC)
        day, counted = local.date(), 0
        while counted < amount:
            day += timedelta(days=1)
            if self.is_business_day(day):
                counted += 1
        return self._at(day, local.time())

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """How many business days end after `start`'s local date and by `end`'s: how late,
        in business days, something due at `start` and done at `end` is (0 when on time)."""
        first = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        return sum(1 for n in range(1, (last - first).days + 1)
                   if self.is_business_day(first + timedelta(days=n)))

    def _at(self, day: date, local: time) -> datetime:
        # fold=0: a repeated local time is its first occurrence; a skipped one is read with
        # the offset before the change (zoneinfo's rule, PEP 495).
        return datetime.combine(day, local.replace(tzinfo=None), self.zone).astimezone(UTC)
