"""Messages of one channel in the order they came: a FIFO lock per channel, kept only while
a message holds or waits for the channel's turn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class ChannelQueues:
    """One FIFO lock per channel while messages wait for or hold its turn (none kept after)."""

    def __init__(self) -> None:
        # Per channel: its lock and how many messages wait for or hold the turn.
        self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}

    def busy(self, channel_id: int) -> bool:
        """Whether a message of the channel holds its turn or waits for it."""
        return channel_id in self._locks

    @asynccontextmanager
    async def turn(self, channel_id: int) -> AsyncIterator[Callable[[], None]]:
        """The channel's turn; the yielded function gives it up early (once is enough). A
        message that gave up its turn no longer makes the channel busy."""
        lock, users = self._locks.setdefault(channel_id, (asyncio.Lock(), [0]))
        users[0] += 1
        held = False
        left = False

        def release() -> None:
            nonlocal held, left
            if held:
                held = False
                lock.release()
            if not left:  # no longer waiting for or holding the turn
                left = True
                users[0] -= 1
                if users[0] == 0:
                    del self._locks[channel_id]

        try:
            await lock.acquire()
            held = True
            yield release
        finally:
            release()
