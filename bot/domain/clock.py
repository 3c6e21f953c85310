"""UTC time as the journal writes it. The domain never reads a clock: `now` is passed in."""

from __future__ import annotations

from datetime import UTC, datetime

_last: tuple[datetime, str] = (datetime.min.replace(tzinfo=UTC), "0001-01-01T00:00:00.000000Z")


def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds and a `Z`, e.g. `2026-11-21T19:00:00.000000Z`."""
    global _last
    last = _last  # the entries of one write share their moment: it is written out once
    if moment is last[0]:
        return last[1]
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    # isoformat with microseconds: the same text as "%Y-%m-%dT%H:%M:%S.%fZ" and "+00:00", faster.
    text = utc.isoformat(timespec="microseconds")[:-6] + "Z"
    _last = (moment, text)
    return text


def parse_time(text: str) -> datetime:
    """The inverse of `format_time`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
