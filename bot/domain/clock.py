"""UTC time as the journal writes it. The domain never reads a clock: `now` is passed in."""

from __future__ import annotations

from datetime import UTC, datetime


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds and a `Z`, e.g. `2026-11-21T19:00:00.000000Z`."""
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # isoformat with microseconds: the same text as "%Y-%m-%dT%H:%M:%S.%fZ" and "+00:00", faster.
    return moment.isoformat(timespec="microseconds")[:-6] + "Z"


def parse_time(text: str) -> datetime:
    """The inverse of `format_time`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
