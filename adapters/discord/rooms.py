"""Which Discord thread is which room of which case, both ways, kept in the `rooms` table.

`CaseStore.room(platform, ref)` maps a thread to (case, room). The way back (the thread of a
case's room, to post announcements and notifications) has no port yet, so it is stored as a
second link under the platform `discord:case-room` whose `room` column holds the thread id.
A real `CaseStore.rooms(platform, case_id)` would make this unnecessary.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from bot.ports import CaseStore

PLATFORM = "discord"
REVERSE = "discord:case-room"
_MISS_SECONDS = 30.0  # a thread unknown now may be linked by another process later
_CACHE = 50_000


class Rooms:
    """Thread ↔ (case, room), with a cache: every message in every channel asks."""

    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self._rooms: OrderedDict[int, tuple[str, str]] = OrderedDict()
        self._misses: dict[int, float] = {}
        self._threads: dict[tuple[str, str], int] = {}

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
        found = await self.store.room(REVERSE, f"{case_id}/{room}")
        if found is None or not found[1].isdigit():
            return None
        self._threads[(case_id, room)] = int(found[1])
        return int(found[1])

    async def link(self, channel_id: int, case_id: str, room: str) -> None:
        """Record that `channel_id` is `room` of `case_id` (both ways)."""
        await self.store.link_room(PLATFORM, str(channel_id), case_id, room)
        await self.store.link_room(REVERSE, f"{case_id}/{room}", case_id, str(channel_id))
        self._misses.pop(channel_id, None)
        self._remember(channel_id, (case_id, room))
        self._threads[(case_id, room)] = channel_id

    def _remember(self, channel_id: int, found: tuple[str, str]) -> None:
        self._rooms[channel_id] = found
        self._rooms.move_to_end(channel_id)
        while len(self._rooms) > _CACHE:
            self._rooms.popitem(last=False)
