"""Messages, edits and deletions of one channel take their turns in the order they came.

A turn that may suspend while it is held (a message with files to store, an edit, a
deletion) is taken alone. Turns that only queue a message's text for its case never suspend
once the thread is known, so every such message waiting is let in at once, in order: they
are queued in one step and reach the case's next write together (one transaction, not one
per loop turn). A message let in with others resumes in the order it came, and a newcomer
waits while any of them is still inside, so none overtakes another.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable


class _Line:
    __slots__ = ("inside", "waiting")

    def __init__(self) -> None:
        self.inside = 0  # let in, not out yet
        self.waiting: deque[tuple[asyncio.Future[None], bool]] = deque()


class ChannelTurns:
    """Per channel, who is let in and who waits (nothing kept for a quiet channel)."""

    def __init__(self) -> None:
        self._lines: dict[int, _Line] = {}

    def turn(self, channel_id: int, *, alone: bool = False) -> Turn:
        """`async with`: the channel's turn; the value given is a function that gives it up
        early (once is enough). `alone`: nobody after it is let in until it is out."""
        return Turn(self, channel_id, alone)

    def _enter(self, channel_id: int, alone: bool) -> asyncio.Future[None] | None:
        """None when let in at once; else a future set when it is let in."""
        line = self._lines.get(channel_id)
        if line is None:
            line = self._lines[channel_id] = _Line()
        if line.inside == 0 and not line.waiting:
            line.inside = 1
            return None
        admitted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        line.waiting.append((admitted, alone))
        return admitted

    def _leave(self, channel_id: int) -> None:
        line = self._lines[channel_id]
        line.inside -= 1
        if line.inside:
            return
        # Let in, in order, every waiting message up to (and with) the first turn taken alone.
        waiting = line.waiting
        while waiting:
            admitted, alone = waiting[0]
            if alone and line.inside:
                break
            waiting.popleft()
            line.inside += 1
            admitted.set_result(None)
            if alone:
                break
        if not line.inside:
            del self._lines[channel_id]

    def _give_up_waiting(self, channel_id: int, admitted: asyncio.Future[None],
                         alone: bool) -> None:
        """A waiter was cancelled: out of the line, or out of the channel if let in."""
        if admitted.done() and not admitted.cancelled():
            self._leave(channel_id)
        else:
            self._lines[channel_id].waiting.remove((admitted, alone))


class Turn:
    """One message's (or edit's, or deletion's) turn in its channel."""

    __slots__ = ("_alone", "_channel_id", "_inside", "_turns")

    def __init__(self, turns: ChannelTurns, channel_id: int, alone: bool) -> None:
        self._turns, self._channel_id, self._alone = turns, channel_id, alone
        self._inside = False

    async def __aenter__(self) -> Callable[[], None]:
        admitted = self._turns._enter(self._channel_id, self._alone)
        if admitted is not None:
            try:
                await admitted
            except asyncio.CancelledError:
                self._turns._give_up_waiting(self._channel_id, admitted, self._alone)
                raise
        self._inside = True
        return self.release

    def release(self) -> None:
        """Give up the turn (the next ones may be let in)."""
        if self._inside:
            self._inside = False
            self._turns._leave(self._channel_id)

    async def __aexit__(self, *_exc: object) -> None:
        self.release()
