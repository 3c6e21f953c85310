"""Timers in the agreement's own time zone: hours elapse, days keep the wall-clock time, and
business days skip weekends and the agreement's holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.campaign.calendar import MAX_SPAN, Calendar
from bot.campaign.terms.span import Span, SpanUnit

PARIS = Calendar.named("Europe/Paris")
NEW_YORK = Calendar.named("America/New_York")


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("Europe/Paris"))  # type: ignore[misc]


@pytest.mark.parametrize(("start", "amount", "due", "why"), [
    (paris(2026, 5, 8, 10), 1, paris(2026, 5, 11, 10), "Friday + 1 is Monday"),
    (paris(2026, 5, 9, 10), 1, paris(2026, 5, 11, 10), "Saturday + 1 is Monday too"),
    (paris(2026, 5, 10, 23), 1, paris(2026, 5, 11, 23), "Sunday night + 1 is Monday night"),
    (paris(2026, 5, 6, 15), 3, paris(2026, 5, 11, 15), "Wednesday + 3 is Monday"),
    (paris(2026, 5, 4, 9), 5, paris(2026, 5, 11, 9), "a working week"),
    (paris(2026, 5, 4, 9), 0, paris(2026, 5, 4, 9), "nothing to wait"),
])
def test_business_days_skip_weekends(start: datetime, amount: int, due: datetime,
                                     why: str) -> None:
    assert PARIS.add(start, Span(amount, SpanUnit.BUSINESS_DAYS)) == due.astimezone(UTC), why


def test_business_days_skip_the_agreements_holidays() -> None:
    with_holiday = Calendar.named("Europe/Paris", holidays=[date(2026, 5, 14)])  # Ascension
    start = paris(2026, 5, 13, 12)  # a Wednesday
    assert with_holiday.add(start, Span(1, SpanUnit.BUSINESS_DAYS)) == paris(2026, 5, 15, 12)
    assert PARIS.add(start, Span(1, SpanUnit.BUSINESS_DAYS)) == paris(2026, 5, 14, 12)


def test_days_keep_the_local_time_across_a_clock_change() -> None:
    # Clocks go forward in Paris on 2026-03-29: three days from Friday noon is Monday noon,
    # which is 71 hours later, not 72.
    start = paris(2026, 3, 27, 12)
    due = PARIS.add(start, Span(3, SpanUnit.DAYS))
    assert due == paris(2026, 3, 30, 12)
    assert due - start == timedelta(hours=71)
    assert PARIS.add(start, Span(72, SpanUnit.HOURS)) - start == timedelta(hours=72)


def test_a_skipped_local_time_falls_an_hour_later_and_a_repeated_one_first() -> None:
    start = paris(2026, 3, 28, 2, 30)  # 02:30 does not exist on the 29th
    assert PARIS.add(start, Span(1, SpanUnit.DAYS)) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    autumn = datetime(2026, 10, 24, 2, 30, tzinfo=ZoneInfo("Europe/Paris"))
    # 02:30 happens twice on the 25th: the first time, still on summer time (UTC+2).
    assert PARIS.add(autumn, Span(1, SpanUnit.DAYS)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_same_moment_counts_in_the_agreements_zone() -> None:
    # Friday 23:00 in New York is already Saturday in Paris.
    start = datetime(2026, 5, 8, 23, tzinfo=ZoneInfo("America/New_York"))
    assert NEW_YORK.add(start, Span(1, SpanUnit.BUSINESS_DAYS)) == datetime(
        2026, 5, 11, 23, tzinfo=ZoneInfo("America/New_York"))
    assert PARIS.add(start, Span(1, SpanUnit.BUSINESS_DAYS)) == paris(2026, 5, 11, 5)


def test_business_days_late() -> None:
    due = paris(2026, 5, 8, 17)  # a Friday
    assert PARIS.business_days_between(due, paris(2026, 5, 8, 23)) == 0
    assert PARIS.business_days_between(due, paris(2026, 5, 10, 12)) == 0  # the weekend
    assert PARIS.business_days_between(due, paris(2026, 5, 12, 9)) == 2


def test_bad_timers_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="not a time zone"):
        Calendar.named("Mars/Olympus")
    with pytest.raises(ValueError, match="not a time zone"):
        Calendar.named("../../etc/passwd")
    with pytest.raises(ValueError, match="time zone"):
        PARIS.add(datetime(2026, 5, 8), Span(1, SpanUnit.DAYS))
    with pytest.raises(ValueError, match="between 0 and"):
        PARIS.add(paris(2026, 5, 8), Span(-1, SpanUnit.DAYS))
    with pytest.raises(ValueError, match="between 0 and"):
        PARIS.add(paris(2026, 5, 8), Span(MAX_SPAN + 1, SpanUnit.HOURS))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                    timezones=st.just(UTC)),
       st.integers(0, 60), st.sampled_from(list(SpanUnit)))
def test_a_span_never_ends_before_it_starts_and_business_days_land_on_one(
        start: datetime, amount: int, unit: SpanUnit) -> None:
    due = PARIS.add(start, Span(amount, unit))
    assert due >= start - timedelta(hours=1)  # at most the hour a clock change takes back
    if unit is SpanUnit.BUSINESS_DAYS and amount:
        assert PARIS.is_business_day(due.astimezone(PARIS.zone).date())
        assert PARIS.business_days_between(start, due) == amount
