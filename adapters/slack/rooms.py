"""Which Slack conversation is which room of which case, kept in the store's `rooms` table:
`<team>:<channel>:<thread_ts>` is a case's thread, `<team>:<channel>` a caucus conversation
(`caucus:<side>`, or `former:<side>` once the case's mediator has moved on: see `caucus.py`)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from adapters.slack.translate import PLATFORM, channel_key, thread_key
from bot.ports import Rooms

KEPT = 10_000  # known rooms remembered per process
RETIRED = "former:"  # a caucus conversation its case has left


def is_retired(room: str) -> bool:
    return room.startswith(RETIRED)


@dataclass(frozen=True)
class Place:
    """A Slack conversation, and the thread in it (None: the conversation itself)."""

    channel: str
    thread_ts: str | None = None


class CaseRooms:
    def __init__(self, store: Rooms) -> None:
        self.store = store
        # A thread, once linked, stays the same room of the same case: found threads are
        # remembered (a conversation that is no room yet may become one). A caucus is not:
        # it may be retired (`caucus.py`) by another worker, so it is read each time.
        self._known: OrderedDict[tuple[str, str], tuple[str, str]] = OrderedDict()

    async def _room(self, platform: str, key: str) -> tuple[str, str] | None:
        found = self._known.get((platform, key))
        if found is None:
            found = await self.store.room(platform, key)
            if found is not None and found[1] == "thread":
                self._known[(platform, key)] = found
                while len(self._known) > KEPT:
                    self._known.popitem(last=False)
        return found

    async def link_thread(self, team: str, channel: str, ts: str, case_id: str) -> None:
        await self.store.link_room(PLATFORM, thread_key(team, channel, ts), case_id, "thread")

    async def link_caucus(self, team: str, channel: str, case_id: str, side: str) -> None:
        await self._relink(channel_key(team, channel), case_id, f"caucus:{side}")

    async def retire_caucus(self, team: str, channel: str, case_id: str, side: str) -> None:
        """A caucus conversation the case's mediator has left (`caucus.py`): no room of the
        case any more, kept as `former:<side>` for the record."""
        await self._relink(channel_key(team, channel), case_id, f"{RETIRED}{side}")

    async def _relink(self, key: str, case_id: str, room: str) -> None:
        await self.store.link_room(PLATFORM, key, case_id, room)

    async def room_of(self, team: str, channel: str,
                      thread_ts: str | None) -> tuple[str, str] | None:
        """(case_id, room) for a message: a case thread first, then a caucus conversation."""
        if thread_ts:
            found = await self._room(PLATFORM, thread_key(team, channel, thread_ts))
            if found:
                return found
        found = await self._room(PLATFORM, channel_key(team, channel))
        return None if found is None or is_retired(found[1]) else found

    async def _linked(self, case_id: str, room: str) -> list[list[str]]:
        """The keys (team first) of the Slack conversations that are `room` of a case."""
        return [ref.split(":") for platform, ref, linked in await self.store.rooms_of(case_id)
                if platform == PLATFORM and linked == room]

    async def thread(self, case_id: str) -> Place | None:
        for parts in await self._linked(case_id, "thread"):
            if len(parts) == 3:
                return Place(parts[1], parts[2])
        return None

    async def caucus(self, case_id: str, side: str) -> Place | None:
        for parts in await self._linked(case_id, f"caucus:{side}"):
            if len(parts) == 2:
                return Place(parts[1])
        return None
