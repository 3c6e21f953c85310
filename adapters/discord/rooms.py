"""Which Discord thread is which room of which case, both ways, kept in the `rooms` table:
`CaseStore.room` maps a thread to (case, room), `CaseStore.rooms_of` a case to its threads."""

from __future__ import annotations

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

    def known(self, channel_id: int) -> tuple[str, str] | None:
        """(case id, room) for a thread already looked up; None when it has to be."""
        return self._rooms.get(channel_id)

    async def of_channel(self, channel_id: int) -> tuple[str, str] | None:
        """(case id, room) for a thread, or None for any other channel."""
        known = self._rooms.get(channel_id)
        if known is not None:
            return known
        missed = self._misses.get(channel_id)
        if missed is not None and time.monotonic() - missed < _MISS_SECONDS:
            return None
        found = await self.store.room(PLATFORM, str(channel_id))
        if found is None:
            if len(self._misses) > _CACHE:
                self._misses.clear()
            self._misses[channel_id] = time.monotonic()
            return None
        self._remember(channel_id, found)
        return found

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
