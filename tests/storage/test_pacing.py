"""When a SQLite write runs in place and when it goes to the writer thread."""

from __future__ import annotations

import asyncio

from storage.pacing import MAX_HOLD, STREAM_GAP, WritePacing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_write_in_a_quiet_moment_runs_in_place() -> None:
    pacing = WritePacing(Clock())
    assert pacing.in_place(alone=True)


async def test_a_write_others_wait_behind_goes_to_the_thread() -> None:
    assert not WritePacing(Clock()).in_place(alone=False)


async def test_writes_the_loop_feeds_in_a_stream_go_to_the_thread() -> None:
    clock = Clock()
    pacing = WritePacing(clock)
    pacing.wrote()
    await asyncio.sleep(0)  # the event loop turns: other events were taken in between
    clock.now += STREAM_GAP / 2
    assert not pacing.in_place(alone=True)
    clock.now += STREAM_GAP
    assert pacing.in_place(alone=True)  # the stream has dried up


async def test_one_caller_writing_back_to_back_stays_in_place_for_a_while() -> None:
    clock = Clock()
    pacing = WritePacing(clock)
    for _ in range(10):  # no await in between: the loop does not turn
        assert pacing.in_place(alone=True)
        pacing.wrote()
        clock.now += MAX_HOLD / 20
    clock.now += MAX_HOLD
    assert not pacing.in_place(alone=True)  # then one write lets the loop take other work
    await asyncio.sleep(0)
    pacing.wrote()
    assert pacing.in_place(alone=True)
