"""A ladder's arithmetic: which of a member's strikes are still active, when each expires, and
the step the next incident gets.

There is no hidden state: the step depends only on how many of the member's earlier strikes
under the ladder are active and within its window at that moment. A strike made at `at` is
active while `at + strike_days > now` (so it has expired at exactly `at + strike_days`), and in
the window while `at + window_days > now`. Strikes dated after `now` are not earlier strikes and
do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.guidelines.rulebook import Ladder, Step


@dataclass(frozen=True)
class ActiveStrike:
    """A strike that still counts, and the moment it stops counting."""

    at: datetime
    expires_at: datetime


def expires_at(ladder: Ladder, at: datetime) -> datetime:
    """When a strike made at `at` stops counting under this ladder: it expires, or leaves
    the window, whichever comes first."""
    return at + timedelta(days=min(ladder.strike_days, ladder.window_days))


def is_active(ladder: Ladder, at: datetime, now: datetime) -> bool:
    """Whether a strike made at `at` still counts at `now`: made by then, not yet expired,
    and within the ladder's window."""
    counted_for = timedelta(days=min(ladder.strike_days, ladder.window_days))
    return at <= now < at + counted_for


def active_strikes(ladder: Ladder, strikes: Iterable[datetime],
                   now: datetime) -> tuple[ActiveStrike, ...]:
    """The strikes that count at `now`, oldest first, each with the moment it expires."""
    return tuple(ActiveStrike(at, expires_at(ladder, at))
                 for at in sorted(strikes) if is_active(ladder, at, now))


def active_count(ladder: Ladder, strikes: Iterable[datetime], now: datetime) -> int:
    """How many strikes count at `now`."""
    return sum(1 for at in strikes if is_active(ladder, at, now))


def next_step(ladder: Ladder, strikes: Iterable[datetime], now: datetime) -> Step:
    """The step an incident at `now` gets, given the member's earlier strikes under the ladder:
    the rung for the count of those that are active within the window."""
    return ladder.step_for(active_count(ladder, strikes, now))


def count_drops_at(ladder: Ladder, strikes: Iterable[datetime], now: datetime) -> datetime | None:
    """When the count next drops: the earliest moment an active strike stops counting (by
    expiring or leaving the window), or None if none is active."""
    counted_for = timedelta(days=min(ladder.strike_days, ladder.window_days))
    return min((at + counted_for for at in strikes if is_active(ladder, at, now)), default=None)
