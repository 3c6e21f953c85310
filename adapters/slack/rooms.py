"""Which Slack conversation is which room of which case, kept in the store's `rooms` table.

Forward links (`<team>:<channel>:<thread_ts>` → the case's thread, `<team>:<channel>` → a
caucus conversation) are what the port is made for. The port has no lookup from a case to its
rooms, so the way back is stored as rows of its own under platform `slack:back`, keyed
`thread:<case>` or `caucus:<case>:<side>`, with the conversation in the `room` column.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.slack.translate import PLATFORM, channel_key, thread_key
from bot.ports import CaseStore

BACK = f"{PLATFORM}:back"


@dataclass(frozen=True)
class Place:
    """A Slack conversation, and the thread in it (None: the conversation itself)."""

    channel: str
    thread_ts: str | None = None


class CaseRooms:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    async def link_thread(self, team: str, channel: str, ts: str, case_id: str) -> None:
        await self.store.link_room(PLATFORM, thread_key(team, channel, ts), case_id, "thread")
        await self.store.link_room(BACK, f"thread:{case_id}", case_id, f"{channel}:{ts}")

    async def link_caucus(self, team: str, channel: str, case_id: str, side: str) -> None:
        room = f"caucus:{side}"
        await self.store.link_room(PLATFORM, channel_key(team, channel), case_id, room)
        await self.store.link_room(BACK, f"caucus:{case_id}:{side}", case_id, channel)

    async def room_of(self, team: str, channel: str,
                      thread_ts: str | None) -> tuple[str, str] | None:
        """(case_id, room) for a message: a case thread first, then a caucus conversation."""
        if thread_ts:
            found = await self.store.room(PLATFORM, thread_key(team, channel, thread_ts))
            if found:
                return found
        return await self.store.room(PLATFORM, channel_key(team, channel))

    async def thread(self, case_id: str) -> Place | None:
        found = await self.store.room(BACK, f"thread:{case_id}")
        if found is None:
            return None
        channel, _, ts = found[1].partition(":")
        return Place(channel, ts)

    async def caucus(self, case_id: str, side: str) -> Place | None:
        found = await self.store.room(BACK, f"caucus:{case_id}:{side}")
        return Place(found[1]) if found else None

    async def case_in(self, team: str, channel: str) -> str | None:
        """The case whose caucus `channel` is (a slash command typed there needs no case id)."""
        found = await self.store.room(PLATFORM, channel_key(team, channel))
        return found[0] if found else None
