"""Which Discord thread is which room of which case, both ways, kept in the `rooms` table:
`Rooms.room` maps a thread to (case, room), `Rooms.rooms_of` a case to its threads."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

from adapters.discord.translate import PLATFORM
from bot.ports import Rooms

_MISS_SECONDS = 30.0  # a thread unknown now may be linked by another process later
_CACHE = 50_000

log = logging.getLogger(__name__)

Where = tuple[str, str] | None
"""(case id, room) of a thread, or None for any other channel."""
Then = Callable[[Where, BaseException | None], None]
"""Told what a lookup found, or the exception it met (CancelledError: the bot is stopping)."""


class CaseRooms:
    """Thread ↔ (case, room), with a cache: every message in every channel asks."""

    def __init__(self, store: Rooms) -> None:
        self.store = store
        self._rooms: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._misses: dict[int, float] = {}
        self._threads: dict[tuple[str, str], int] = {}
        # Lookups under way: who waits for each, in the order they asked.
        self._looking: dict[int, list[Then]] = {}
        self._lookups: set[asyncio.Task[None]] = set()

    def known(self, channel_id: int) -> tuple[str, str] | None:
        """(case id, room) for a thread already looked up; None when it has to be (or while
        its lookup is under way: those waiting for it come first)."""
        if channel_id in self._looking:
            return None
        return self._rooms.get(channel_id)

    def needs_lookup(self, channel_id: int) -> bool:
        """Whether `known` cannot answer for the channel yet: it was never looked up (or
        its miss is old), or its lookup is under way."""
        if channel_id in self._looking:
            return True
        if channel_id in self._rooms:
            return False
        missed = self._misses.get(channel_id)
        return missed is None or time.monotonic() - missed >= _MISS_SECONDS

    async def of_channel(self, channel_id: int) -> Where:
        """(case id, room) for a thread, or None for any other channel."""
        known = self.known(channel_id)
        if known is not None:
            return known
        answer: asyncio.Future[Where] = asyncio.get_running_loop().create_future()

        def then(where: Where, error: BaseException | None) -> None:
            if answer.done():  # its caller stopped waiting
                return
            if error is None:
                answer.set_result(where)
            elif isinstance(error, asyncio.CancelledError):
                answer.cancel()
            else:
                answer.set_exception(error)

        self.look_up(channel_id, then)
        return await answer

    def look_up(self, channel_id: int, then: Then) -> None:
        """Call `then` with what `of_channel` answers: at once when it is known (or was
        missed lately), else when the channel's one lookup ends. The waiters of a lookup are
        called in the order they asked, in the step that finds the answer: nothing else sees
        the thread as known before they have all been told."""
        waiting = self._looking.get(channel_id)
        if waiting is not None:
            waiting.append(then)
            return
        known = self._rooms.get(channel_id)
        missed = self._misses.get(channel_id)
        if known is not None or (missed is not None
                                 and time.monotonic() - missed < _MISS_SECONDS):
            then(known, None)
            return
        waiting = self._looking[channel_id] = [then]
        task = asyncio.get_running_loop().create_task(self._look_up(channel_id))
        self._lookups.add(task)
        task.add_done_callback(partial(self._ended, channel_id, waiting))

    async def _look_up(self, channel_id: int) -> None:
        try:
            found = await self.store.room(PLATFORM, str(channel_id))
        except Exception as problem:
            self._tell(channel_id, None, problem)
            return
        found = found or self._rooms.get(channel_id)  # linked meanwhile, by this process
        if found is None:
            if len(self._misses) > _CACHE:
                self._misses.clear()
            self._misses[channel_id] = time.monotonic()
        else:
            self._remember(channel_id, found)
        self._tell(channel_id, found, None)

    def _tell(self, channel_id: int, found: Where, error: BaseException | None) -> None:
        for then in self._looking.pop(channel_id, []):
            try:
                then(found, error)
            except Exception:
                log.exception("a caller waiting for a thread's lookup failed")

    def _ended(self, channel_id: int, waiting: list[Then], task: asyncio.Task[None]) -> None:
        self._lookups.discard(task)
        if self._looking.get(channel_id) is waiting:  # stopped before it could tell them
            self._tell(channel_id, None, asyncio.CancelledError())

    async def thread_of(self, case_id: str, room: str = "thread") -> int | None:
        """The thread of a case's room, or None when the case has none on Discord."""
        known = self._threads.get((case_id, room))
        if known is not None:
            return known
        for platform, ref, linked in await self.store.rooms_of(case_id):
            if platform == PLATFORM and linked == room and ref.isdigit():
                self._remember_thread(case_id, room, int(ref))
                return int(ref)
        return None

    async def link(self, channel_id: int, case_id: str, room: str) -> None:
        """Record that `channel_id` is `room` of `case_id` (both ways)."""
        await self.store.link_room(PLATFORM, str(channel_id), case_id, room)
        self._misses.pop(channel_id, None)
        self._remember(channel_id, (case_id, room))
        self._remember_thread(case_id, room, channel_id)

    def _remember_thread(self, case_id: str, room: str, thread_id: int) -> None:
        if len(self._threads) > _CACHE:
            self._threads.clear()  # rebuilt from the table as needed
        self._threads[(case_id, room)] = thread_id

    def _remember(self, channel_id: int, found: tuple[str, str]) -> None:
        self._rooms[channel_id] = found
        self._rooms.move_to_end(channel_id)
        while len(self._rooms) > _CACHE:
            self._rooms.popitem(last=False)
