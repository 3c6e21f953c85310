"""Caucus conversations on Slack: a group direct message of the bot, the case's mediator and
one side's party (`conversations.open` with both users).

Slack never changes who is in a group direct message, so a caucus follows its case's mediator
by moving: when the mediator changes (a hand-off, a take after an appeal, a reopening) each of
the case's caucuses moves to a new group DM of the new mediator and that party, and the old one
is retired — linked as `former:<side>`, where nothing written is journaled and the bot posts
nothing more. When the deciding mediator steps aside on an appeal, the caucuses are retired
until another mediator takes the case. The one who stepped aside keeps the conversation's old
messages on their screen (Slack offers no way to take them back) but sees nothing new.
"""

from __future__ import annotations

import logging

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import message_text
from adapters.slack.rooms import CaseRooms, Place
from adapters.slack.translate import slack_user
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.journal import JournalEntry

log = logging.getLogger(__name__)

# Entries after which a case's caucuses are with another mediator, or with none.
MEDIATOR_CHANGES = frozenset({kinds.MEDIATOR_HANDED_OFF, kinds.MEDIATOR_ASSIGNED,
                              kinds.APPEAL_LODGED, kinds.CASE_REOPENED})


class Caucuses:
    def __init__(self, rooms: CaseRooms) -> None:
        self.rooms = rooms

    async def open(self, client: AsyncWebClient, team: str, case: Case, side: str,
                   mediator_id: str) -> Place | None:
        """A private conversation of the bot, the mediator and that side's party."""
        party = next((p for p in case.parties() if p.side.value == side), None)
        if party is None:
            return None
        users = [who[1] for who in (slack_user(mediator_id), slack_user(party.user_id))
                 if who]
        opened = await client.conversations_open(users=",".join(users))
        channel = str(opened["channel"]["id"])
        await self.rooms.link_caucus(team, channel, case.id, side)
        return Place(channel)

    async def follow(self, client: AsyncWebClient, team: str, case: Case,
                     entries: tuple[JournalEntry, ...]) -> None:
        """After entries that changed the case's mediator: its caucuses move with it."""
        if not case.caucuses or not any(e.kind in MEDIATOR_CHANGES for e in entries):
            return
        mediator = case.mediator
        for side in sorted(s.value for s in case.caucuses):
            current = await self.rooms.caucus(case.id, side)
            if mediator is None:
                if current is not None:
                    await self._retire(client, team, case, side, current,
                                       "when another mediator takes the case")
                continue
            moved = await self.open(client, team, case, side, mediator.user_id)
            if moved is None or (current is not None and moved.channel == current.channel):
                continue
            if current is not None:
                await self._retire(client, team, case, side, current,
                                   f"with {mediator.name}, who mediates the case now")
            await self._say(client, moved, f"Case {case.id} ({case.title}): this is the "
                            f"{side} side's caucus with {mediator.name}, who mediates the "
                            "case now. What you write here is recorded for the mediator and "
                            "your side only.")

    async def _retire(self, client: AsyncWebClient, team: str, case: Case, side: str,
                      place: Place, where: str) -> None:
        # Retired first: a failed goodbye must not leave the conversation a caucus.
        await self.rooms.retire_caucus(team, place.channel, case.id, side)
        await self._say(client, place, f"Case {case.id}: this conversation is no longer the "
                        f"{side} side's caucus, and nothing written here is recorded any more. "
                        f"The caucus goes on in a new conversation {where}.")

    @staticmethod
    async def _say(client: AsyncWebClient, place: Place, text: str) -> None:
        await client.chat_postMessage(channel=place.channel, text=message_text(text),
                                      unfurl_links=False, unfurl_media=False)
