"""The ladder's arithmetic: the next step depends only on the count of active strikes within
the window; expired strikes and their order change nothing; a strike expires exactly at
`at + strike_days`."""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.guidelines.ladder import (
    active_count,
    active_strikes,
    count_drops_at,
    expires_at,
    is_active,
    next_step,
)
from bot.guidelines.presets import EXPIRY_LADDER, THREE_STRIKES, ZERO_TOLERANCE
from bot.guidelines.rulebook import Ladder, Scope, StepKind
from tests.guidelines.strategies import START, ladders, moments

DAY = timedelta(days=1)


@given(ladders(), st.lists(moments, max_size=20), moments)
def test_the_next_step_is_the_rung_for_the_count_of_active_strikes(
        ladder: Ladder, strikes: list[datetime], now: datetime) -> None:
    counted_for = timedelta(days=min(ladder.strike_days, ladder.window_days))
    # Counted here from the definition, not through the module under test.
    count = sum(1 for at in strikes if at <= now and now - at < counted_for)
    assert next_step(ladder, strikes, now) == ladder.steps[min(count, len(ladder.steps) - 1)]


@given(ladders(), st.lists(moments, max_size=20), st.lists(moments, max_size=20), moments,
       st.randoms())
def test_expired_strikes_and_order_change_nothing(
        ladder: Ladder, strikes: list[datetime], older: list[datetime], now: datetime,
        random: Random) -> None:
    expired = [now - timedelta(days=ladder.strike_days) - (at - START) for at in older]
    history = strikes + expired
    random.shuffle(history)
    assert next_step(ladder, history, now) == next_step(ladder, strikes, now)
    assert active_count(ladder, history, now) == active_count(ladder, strikes, now)
    assert active_strikes(ladder, history, now) == active_strikes(ladder, sorted(strikes), now)


@given(ladders(), moments)
def test_a_strike_expires_exactly_at_its_end(ladder: Ladder, at: datetime) -> None:
    end = at + timedelta(days=min(ladder.strike_days, ladder.window_days))
    assert expires_at(ladder, at) == end  # it expires, or leaves the window: no later
    assert not is_active(ladder, at, end)
    assert is_active(ladder, at, end - timedelta(microseconds=1))
    assert is_active(ladder, at, at)


def test_three_strikes_at_the_boundary() -> None:
    first, second = START, START + 10 * DAY
    third = START + 89 * DAY
    assert next_step(THREE_STRIKES, [], first).kind is StepKind.WARNING
    assert next_step(THREE_STRIKES, [first], second).kind is StepKind.WARNING
    suspension = next_step(THREE_STRIKES, [first, second], third)
    assert (suspension.kind, suspension.days, suspension.scope) == (
        StepKind.SUSPENSION, 30, Scope.CAMPAIGNS)
    # At exactly 90 days the first strike has expired: the incident is only the 2nd active.
    assert next_step(THREE_STRIKES, [first, second], START + 90 * DAY).kind is StepKind.WARNING
    assert count_drops_at(THREE_STRIKES, [first, second], third) == START + 90 * DAY
    assert count_drops_at(THREE_STRIKES, [first], START + 90 * DAY) is None


def test_active_strikes_say_when_each_expires() -> None:
    strikes = [START + 100 * DAY, START]
    active = active_strikes(EXPIRY_LADDER, strikes, START + 200 * DAY)
    assert [(a.at, a.expires_at) for a in active] == [
        (START, START + 365 * DAY), (START + 100 * DAY, START + 465 * DAY)]


def test_strikes_after_now_are_not_earlier_strikes() -> None:
    assert active_count(THREE_STRIKES, [START + DAY], START) == 0


def test_the_window_can_be_shorter_than_a_strike_lasts() -> None:
    ladder = Ladder("short", THREE_STRIKES.steps, strike_days=90, window_days=30)
    assert active_count(ladder, [START], START + 29 * DAY) == 1
    assert active_count(ladder, [START], START + 30 * DAY) == 0
    assert count_drops_at(ladder, [START], START + DAY) == START + 30 * DAY


def test_zero_tolerance_suspends_at_once_and_a_count_is_never_negative() -> None:
    assert next_step(ZERO_TOLERANCE, [], START).kind is StepKind.SUSPENSION
    with pytest.raises(ValueError):
        THREE_STRIKES.step_for(-1)
