"""Where a SQLite write runs: in place on the event loop, or in the writer thread.

A commit waits for the disk. Handing it to the writer thread frees the event loop meanwhile,
at the price of two thread switches: worth it when the loop has other events to take (they
queue up and go into the next write together: group commit), wasted when nothing else is
happening. So a write runs in place when nothing else in the process waits on the store and
it is not part of a stream of writes the event loop is busy feeding:

- the last write ended more than `STREAM_GAP` ago (a quiet moment), or
- the event loop has not turned since the last write (one caller writing back to back, with
  nobody else's events in between). After `MAX_HOLD` of that, the next write first lets the
  loop turn once, so that a long run of writes still lets it take other work.

Otherwise, and whenever the writer thread is busy, the write goes to the thread.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from enum import Enum

STREAM_GAP = 0.002
"""Writes closer together than this, with the event loop turning in between, are a stream."""

MAX_HOLD = 0.020
"""The longest run of in-place writes without the event loop turning."""


class Place(Enum):
    NOW = "in place, now"
    AFTER_A_TURN = "in place, once the event loop has turned"
    THREAD = "in the writer thread"


class WritePacing:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_end = float("-inf")
        self._turned = True  # whether the event loop has turned since the last write
        self._held_since = 0.0  # when the loop last turned before a write

    def place(self, alone: bool) -> Place:
        """Where the next write should run (the writer thread being idle)."""
        if not alone:
            return Place.THREAD
        now = self._clock()
        if self._turned:
            return Place.NOW if now - self._last_end > STREAM_GAP else Place.THREAD
        return Place.NOW if now - self._held_since < MAX_HOLD else Place.AFTER_A_TURN

    def wrote(self) -> None:
        """Call when a write has ended (on the event loop's thread)."""
        self._last_end = self._clock()
        if self._turned:
            self._turned = False
            self._held_since = self._last_end
            asyncio.get_running_loop().call_soon(self._turn)

    def _turn(self) -> None:
        self._turned = True
