"""The journal's time text: UTC, microseconds, a `Z`; the same for any zone the moment is in,
and for the same moment asked twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.clock import format_time, parse_time

zones = st.builds(lambda minutes: timezone(timedelta(minutes=minutes)),
                  st.integers(min_value=-23 * 60, max_value=23 * 60)) | st.just(UTC)
moments = st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2200, 1, 1),
                       timezones=zones)


@given(moments, moments)
def test_time_text_is_utc_with_microseconds(moment: datetime, other: datetime) -> None:
    expected = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert format_time(moment) == expected
    assert format_time(moment) == expected  # asked again, for one write's next entry
    assert format_time(other) == other.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert parse_time(format_time(moment)) == moment


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        format_time(datetime(2026, 11, 21, 9, 0))
