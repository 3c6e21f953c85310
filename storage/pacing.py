"""Whether a SQLite write runs in place on the event loop or in the writer thread.

A commit waits for the disk. Handing it to the writer thread frees the event loop meanwhile,
at the price of two thread switches: worth it when the loop has other events to take (they
queue up and go into the next write together: group commit), wasted when nothing else is
happening. So a write runs in place when nothing else in the process waits on the store and
the event loop is not saturated:

- the loop's thread spent less than `BUSY` of the time since the last write working (it also
  waited for events, so it can spare the commit), or
- the loop has not turned since the last write: one caller writing back to back, with
  nobody else's events in between, for at most `MAX_HOLD`. Then one write goes to the
  thread, so that a long run of writes still lets the loop take other work meanwhile.

Otherwise the write goes to the thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

BUSY = 0.5
"""The share of time the loop's thread may have spent working since the last write."""

MAX_HOLD = 0.020
"""The longest run of in-place writes without the event loop turning."""


class WritePacing:
    """Ask `in_place` before a write and call `wrote` after it, on the event loop's thread."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 cpu_clock: Callable[[], float] = time.thread_time) -> None:
        self._clock = clock
        self._cpu_clock = cpu_clock
        self._last_end = float("-inf")
        self._last_cpu = 0.0
        self._turned = True  # whether the event loop has turned since the last write
        self._held_since = 0.0  # when the loop last turned before a write

    def in_place(self, alone: bool) -> bool:
        """Whether the next write should run in place (else in the writer thread)."""
        if not alone:
            return False
        now = self._clock()
        if self._turned:
            return self._cpu_clock() - self._last_cpu < BUSY * (now - self._last_end)
        return now - self._held_since < MAX_HOLD

    def wrote(self) -> None:
        """Call when a write has ended."""
        self._last_end = self._clock()
        self._last_cpu = self._cpu_clock()
        if self._turned:
            self._turned = False
            self._held_since = self._last_end
            asyncio.get_running_loop().call_soon(self._turn)

    def _turn(self) -> None:
        self._turned = True
