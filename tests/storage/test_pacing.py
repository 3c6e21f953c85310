"""When a SQLite write runs in place and when it goes to the writer thread."""

from __future__ import annotations

import asyncio

from storage.pacing import MAX_HOLD, STREAM_GAP, Place, WritePacing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_write_in_a_quiet_moment_runs_in_place() -> None:
    pacing = WritePacing(Clock())
    assert pacing.place(alone=True) is Place.NOW


async def test_a_write_others_wait_behind_goes_to_the_thread() -> None:
    assert WritePacing(Clock()).place(alone=False) is Place.THREAD


async def test_writes_the_loop_feeds_in_a_stream_go_to_the_thread() -> None:
    clock = Clock()
    pacing = WritePacing(clock)
    pacing.wrote()
    await asyncio.sleep(0)  # the event loop turns: other events were taken in between
    clock.now += STREAM_GAP / 2
    assert pacing.place(alone=True) is Place.THREAD
    clock.now += STREAM_GAP
    assert pacing.place(alone=True) is Place.NOW  # the stream has dried up


async def test_one_caller_writing_back_to_back_stays_in_place_for_a_while() -> None:
    clock = Clock()
    pacing = WritePacing(clock)
    for _ in range(10):  # no await in between: the loop does not turn
        assert pacing.place(alone=True) is Place.NOW
        pacing.wrote()
        clock.now += MAX_HOLD / 20
    clock.now += MAX_HOLD
    # Then one write lets the loop take other work first, and the run starts again.
    assert pacing.place(alone=True) is Place.AFTER_A_TURN
    await asyncio.sleep(0)
    pacing.wrote()
    assert pacing.place(alone=True) is Place.NOW
