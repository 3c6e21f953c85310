"""Messages, edits and deletions of one channel take their turns in the order they came.

Each event's turn is a step: a function that does what it can at once and returns what the
channel must wait for before the next step (a thread's first lookup, a message's files, an
edit or a deletion being written), or None. Steps run in arrival order; those that wait for
nothing run at once, in the listener's own first step, or one after another in the same
step once the channel stops waiting, so that messages that came together are queued for
their case together and reach its next write together (one transaction).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Step = Callable[[], Awaitable[None] | None]
"""An event's turn: None when done, or what the channel waits for (it reports its own
failures)."""


class ChannelTurns:
    """Per channel waiting for something: the steps that came meanwhile, in order."""

    def __init__(self) -> None:
        self._waiting: dict[int, deque[Step]] = {}
        self._holding: set[asyncio.Task[None]] = set()

    def take(self, channel_id: int, step: Step) -> None:
        """Run `step` now if the channel waits for nothing, else after those before it."""
        waiting = self._waiting.get(channel_id)
        if waiting is not None:
            waiting.append(step)
            return
        self._run(channel_id, None, step)

    def _run(self, channel_id: int, waiting: deque[Step] | None, step: Step | None) -> None:
        while step is not None:
            try:
                more = step()
            except Exception:  # a step reports its own failures: this is a bug, not bad input
                log.exception("a step of a channel's turn failed")
                more = None
            if more is not None:
                self._waiting[channel_id] = deque() if waiting is None else waiting
                task = asyncio.get_running_loop().create_task(self._hold(channel_id, more))
                self._holding.add(task)
                task.add_done_callback(self._holding.discard)
                return
            step = waiting.popleft() if waiting else None

    async def _hold(self, channel_id: int, more: Awaitable[None]) -> None:
        try:
            await more
        except Exception:
            log.exception("a step of a channel's turn failed")
        finally:
            waiting = self._waiting.pop(channel_id)
            self._run(channel_id, waiting, waiting.popleft() if waiting else None)
