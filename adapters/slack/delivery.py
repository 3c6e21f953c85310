"""Outcomes → Slack: the card and its thread, caucus conversations, private answers, and the
outbox (notifications for people who were not the actor)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.people import Directory
from adapters.slack.render import card_text, case_card, message_text
from adapters.slack.rooms import CaseRooms, Place
from adapters.slack.translate import PLATFORM, slack_user
from adapters.slack.work import Answer
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.errors import Refusal
from bot.outcome import ACTOR, THREAD, Outcome, Reply
from bot.ports import CaseStore, OutboxMessage
from bot.service import MediationService

log = logging.getLogger(__name__)

ClientFor = Callable[[str], Awaitable[AsyncWebClient | None]]  # team → its bot's client
Clock = Callable[[], datetime]


def team_of(community_id: str) -> str:
    return community_id.removeprefix(f"{PLATFORM}:")


class Delivery:
    def __init__(self, service: MediationService, store: CaseStore, rooms: CaseRooms,
                 directory: Directory, client_for: ClientFor,
                 clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.service = service
        self.store = store
        self.rooms = rooms
        self.directory = directory
        self.client_for = client_for
        self.clock = clock
        self._outbox_lock = asyncio.Lock()

    async def outcome(self, client: AsyncWebClient, team: str, outcome: Outcome,
                      answer: Answer, origin: Place | None = None) -> None:
        """Post what an outcome says, where it belongs; then keep the card up to date."""
        if outcome.duplicate:
            return  # a retried event: everything was said the first time
        case = outcome.case
        opened = any(e.kind == kinds.CASE_OPENED for e in outcome.entries)
        if opened and case is not None:
            if origin is None:
                raise Refusal("Open cases from a channel: the case gets a card and a thread "
                              "there.")
            await self._post_card(client, team, case, origin)
        for entry in outcome.entries:
            if entry.kind == kinds.CAUCUS_OPENED and case is not None:
                await self._open_caucus(client, team, case, entry.payload["side"],
                                        entry.actor_id)
        for reply in outcome.replies:
            await self.reply(client, reply, answer)
        if outcome.entries and case is not None and not opened:
            await self.update_card(client, case)

    async def reply(self, client: AsyncWebClient, reply: Reply, answer: Answer) -> None:
        text = reply.text
        if reply.attachment is not None:
            text += ("\n(Files are not sent in Slack yet: an operator can run "
                     f"`mediator history {reply.case_id}`.)")
        if reply.audience == ACTOR:
            await answer(message_text(text))
        elif reply.audience == THREAD and reply.case_id:
            await self.post_thread(client, reply.case_id, text)
        elif reply.audience.startswith("side:") and reply.case_id:
            await self.post_caucus(client, reply.case_id, reply.audience[5:], text)

    async def _post_card(self, client: AsyncWebClient, team: str, case: Case,
                         origin: Place) -> None:
        posted = await client.chat_postMessage(
            channel=origin.channel, text=card_text(case), blocks=case_card(case, self.clock()),
            unfurl_links=False, unfurl_media=False)
        await self.rooms.link_thread(team, origin.channel, str(posted["ts"]), case.id)

    async def update_card(self, client: AsyncWebClient, case: Case) -> None:
        place = await self.rooms.thread(case.id)
        if place is None:
            return
        await client.chat_update(channel=place.channel, ts=place.thread_ts or "",
                                 text=card_text(case),
                                 blocks=case_card(case, self.clock()))

    async def post_thread(self, client: AsyncWebClient, case_id: str, text: str) -> bool:
        place = await self.rooms.thread(case_id)
        if place is None:
            log.warning("no Slack thread for a case", extra={"case_id": case_id})
            return False
        await client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts,
                                      text=message_text(text), unfurl_links=False,
                                      unfurl_media=False)
        return True

    async def post_caucus(self, client: AsyncWebClient, case_id: str, side: str,
                          text: str) -> bool:
        place = await self.rooms.caucus(case_id, side)
        if place is None:
            return False
        await client.chat_postMessage(channel=place.channel, text=message_text(text),
                                      unfurl_links=False, unfurl_media=False)
        return True

    async def _open_caucus(self, client: AsyncWebClient, team: str, case: Case, side: str,
                           mediator_id: str) -> None:
        """A private conversation of the bot, the mediator and that side's party."""
        party = next(p for p in case.parties() if p.side.value == side)
        users = [who[1] for who in (slack_user(mediator_id), slack_user(party.user_id)) if who]
        opened = await client.conversations_open(users=",".join(users))
        await self.rooms.link_caucus(team, str(opened["channel"]["id"]), case.id, side)

    async def direct(self, client: AsyncWebClient, user: str, text: str) -> None:
        opened = await client.conversations_open(users=user)
        await client.chat_postMessage(channel=opened["channel"]["id"], text=message_text(text),
                                      unfurl_links=False, unfurl_media=False)

    # -- the outbox ------------------------------------------------------------------------------
    async def outbox(self) -> int:
        """Deliver pending notifications; what fails stays pending for the next sweep."""
        async with self._outbox_lock:  # one sweep at a time in this process
            pending = await self.store.pending_outbox(PLATFORM)
            delivered: list[int] = []
            for message in pending:
                try:
                    if await self._deliver(message):
                        assert message.id is not None
                        delivered.append(message.id)
                except SlackApiError as problem:
                    log.warning("outbox delivery failed: %s", problem.response.get("error"),
                                extra={"case_id": message.case_id})
            await self.store.mark_delivered(delivered)
            return len(delivered)

    async def _deliver(self, message: OutboxMessage) -> bool:
        audience = message.audience
        team = None
        if audience.startswith("user:"):
            who = slack_user(audience[5:])
            if who is None:
                return True  # not a Slack person: nothing this process can do
            team = who[0]
        elif message.case_id:
            summary = await self.store.case(message.case_id)
            team = team_of(summary.community_id) if summary else None
        client = await self.client_for(team) if team else None
        if client is None or team is None:
            return False
        if audience.startswith("user:"):
            await self.direct(client, audience.split(":")[-1], message.text)
        elif audience == "mediators":
            for user in sorted(await self.directory.mediators(client, team)):
                await self.direct(client, user, message.text)
        elif audience == THREAD and message.case_id:
            return await self.post_thread(client, message.case_id, message.text)
        elif audience.startswith("side:") and message.case_id:
            return await self.post_caucus(client, message.case_id, audience[5:], message.text)
        return True
