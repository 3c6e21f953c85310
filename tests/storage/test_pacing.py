"""When a SQLite write runs in place and when it goes to the writer thread."""

from __future__ import annotations

import asyncio

from storage.pacing import BUSY, MAX_HOLD, WritePacing


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_write_in_a_quiet_moment_runs_in_place() -> None:
    clock, cpu = Clock(), Clock()
    pacing = WritePacing(clock, cpu)
    assert pacing.in_place(alone=True)
    pacing.wrote()
    await asyncio.sleep(0)
    clock.now += 0.010
    cpu.now += 0.010 * BUSY / 2  # the loop mostly waited for events
    assert pacing.in_place(alone=True)


async def test_a_write_others_wait_behind_goes_to_the_thread() -> None:
    assert not WritePacing(Clock(), Clock()).in_place(alone=False)


async def test_writes_while_the_loop_is_saturated_go_to_the_thread() -> None:
    clock, cpu = Clock(), Clock()
    pacing = WritePacing(clock, cpu)
    pacing.wrote()
    await asyncio.sleep(0)  # the event loop turns: other events were taken in between
    clock.now += 0.004
    cpu.now += 0.004 * 0.9  # and it had no time to spare
    assert not pacing.in_place(alone=True)
    pacing.wrote()
    await asyncio.sleep(0)
    clock.now += 0.004
    cpu.now += 0.001  # the stream has dried up
    assert pacing.in_place(alone=True)


async def test_one_caller_writing_back_to_back_stays_in_place_for_a_while() -> None:
    clock = Clock()
    pacing = WritePacing(clock, Clock())
    for _ in range(10):  # no await in between: the loop does not turn
        assert pacing.in_place(alone=True)
        pacing.wrote()
        clock.now += MAX_HOLD / 20
    clock.now += MAX_HOLD
    # Then one write goes to the thread, the loop taking other work meanwhile, and the run
    # starts again.
    assert not pacing.in_place(alone=True)
    await asyncio.sleep(0)
    pacing.wrote()
    assert pacing.in_place(alone=True)
