"""Moments and lengths of time as findings write them for the parties: days in the
agreement's own zone ("12 May"), delays in days and hours ("7 days")."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.campaign.calendar import Calendar


def is_aware(moment: datetime | None) -> bool:
    """Whether a moment says its time zone: one that does not cannot be compared, so what it
    would show stays indeterminate rather than guessed."""
    return moment is not None and moment.utcoffset() is not None


def day_text(moment: datetime, calendar: Calendar, *, year: bool = False) -> str:
    """The day of `moment` in the agreement's zone: "12 May", or "12 May 2026"."""
    local = moment.astimezone(calendar.zone)
    return f"{local.day} {local:%B}" + (f" {local.year}" if year else "")


def days_apart(first: datetime, second: datetime, calendar: Calendar) -> int:
    """How many local dates lie from `first`'s to `second`'s: day 20 of a post's life."""
    zone = calendar.zone
    return (second.astimezone(zone).date() - first.astimezone(zone).date()).days


def both_days(first: datetime, second: datetime, calendar: Calendar) -> tuple[str, str]:
    """Two days written alike, each with its year when the two years differ."""
    zone = calendar.zone
    year = first.astimezone(zone).year != second.astimezone(zone).year
    return day_text(first, calendar, year=year), day_text(second, calendar, year=year)


def span_text(span: timedelta) -> str:
    """A delay in plain words: "7 days", "2 days and 5 hours", "3 hours", "under a minute"."""
    span = max(span, timedelta(0))
    days, hours, minutes = span.days, span.seconds // 3600, span.seconds % 3600 // 60
    parts = [_count(days, "day"), _count(hours, "hour")]
    if not days:
        parts.append(_count(minutes, "minute"))
    shown = [part for part in parts if part]
    if not shown:
        return "under a minute"
    return " and ".join(shown)


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'s' * (number != 1)}" if number else ""
