"""Which Discord thread is which room of which case, both ways, kept in the `rooms` table:
`CaseStore.room` maps a thread to (case, room), `CaseStore.rooms_of` a case to its threads."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict

from bot.ports import CaseStore

PLATFORM = "discord"
_MISS_SECONDS = 30.0  # a thread unknown now may be linked by another process later
_CACHE = 50_000


class Rooms:
    """Thread ↔ (case, room), with a cache: every message in every channel asks."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self._rooms: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._misses: dict[int, float] = {}
        self._threads: dict[tuple[str, str], int] = {}
        # Lookups under way, one per channel, and the tasks running them.
        self._looking: dict[int, asyncio.Future[tuple[str, str] | None]] = {}
        self._lookups: set[asyncio.Task[None]] = set()

    def known(self, channel_id: int) -> tuple[str, str] | None:
        """(case id, room) for a thread already looked up; None when it has to be."""
        return self._rooms.get(channel_id)

    async def of_channel(self, channel_id: int) -> tuple[str, str] | None:
        """(case id, room) for a thread, or None for any other channel."""
        known = self._rooms.get(channel_id)
        if known is not None:
            return known
        return await asyncio.shield(self.look_up(channel_id))

    def look_up(self, channel_id: int) -> asyncio.Future[tuple[str, str] | None]:
        """What `of_channel` answers, as a future. Every caller for a channel whose lookup is
        under way gets the same future: its callbacks run in the order they were added, and
        before anything that arrives once it is known."""
        loop = asyncio.get_running_loop()
        looking = self._looking.get(channel_id)
        if looking is not None:
            return looking
        looking = loop.create_future()
        known = self._rooms.get(channel_id)
        missed = self._misses.get(channel_id)
        if known is not None or (missed is not None
                                 and time.monotonic() - missed < _MISS_SECONDS):
            looking.set_result(known)
            return looking
        self._looking[channel_id] = looking
        task = loop.create_task(self._look_up(channel_id, looking))
        self._lookups.add(task)
        task.add_done_callback(self._lookups.discard)
        return looking

    async def _look_up(self, channel_id: int,
                       looking: asyncio.Future[tuple[str, str] | None]) -> None:
        try:
            found = await self.store.room(PLATFORM, str(channel_id))
        except Exception as problem:
            looking.set_exception(problem)
            return
        except BaseException:
            looking.cancel()
            raise
        finally:
            del self._looking[channel_id]
        if found is None:
            if len(self._misses) > _CACHE:
                self._misses.clear()
            self._misses[channel_id] = time.monotonic()
        else:
            self._remember(channel_id, found)
        looking.set_result(found)  # in the same step as remembering it: nothing comes between

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
