"""Outcomes → Slack: the card and its thread, caucus conversations, private answers, and the
outbox (notifications for people who were not the actor: reminders, escalations, what the bot
does by itself).

The outbox is delivered by `adapters.outbox.Courier` with `Delivery.send`, which maps Slack's
answers to the courier's contract: 429 → try again after Retry-After; 5xx, connection errors
and a case with no Slack conversation yet → try again with backoff; errors that cannot get
better (no such channel or user, bad token, missing scope) → failed for good."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.outbox import Courier, DeliveryError, DeliveryStore
from adapters.slack.briefing import briefing_view
from adapters.slack.campaign_cards import CampaignCards, proposed
from adapters.slack.caucus import Caucuses
from adapters.slack.failures import not_uploaded, slack_failure
from adapters.slack.in_flight import Answer
from adapters.slack.people import Directory
from adapters.slack.render import bid_round_blocks, card_text, case_card, message_text
from adapters.slack.rooms import CaseRooms, Place
from adapters.slack.translate import PLATFORM, slack_user
from adapters.slack.turns import Card, CardUpdates
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import parse_time
from bot.domain.errors import Refusal
from bot.exchange import ACTOR, THREAD, Outcome, Reply
from bot.ports import CAMPAIGN, OutboxMessage
from bot.service.mediation import MediationService

log = logging.getLogger(__name__)

ClientFor = Callable[[str], Awaitable[AsyncWebClient | None]]  # team → its bot's client
Clock = Callable[[], datetime]


REACHED_KEPT = 10_000
# Entries whose thread announcement carries a "Seal my bid" button: a round of bids begins.
BID_ROUNDS = frozenset({kinds.BIDDING_OPENED, kinds.BIDDING_ROUND_ENDED})
UPLOAD_PROBLEMS = (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError, OSError)


def team_of(community_id: str) -> str:
    return community_id.removeprefix(f"{PLATFORM}:")


class Delivery:
    def __init__(self, service: MediationService, store: DeliveryStore, rooms: CaseRooms,
                 directory: Directory, client_for: ClientFor,
                 clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.service = service
        self.store = store
        self.rooms = rooms
        self.directory = directory
        self.client_for = client_for
        self.clock = clock
        # Which mediators each outbox message already reached, until it is delivered.
        self._reached: dict[int, set[str]] = {}
        self.cards = CardUpdates()
        self.caucuses = Caucuses(rooms)
        self.campaign_cards = CampaignCards(service.campaigns, rooms,
                                            service.campaigns.clock, self.cards)
        self.courier = Courier(store, PLATFORM, self.send, clock=clock)

    async def outcome(self, client: AsyncWebClient, team: str, outcome: Outcome,
                      answer: Answer, origin: Place | None = None,
                      user: str | None = None, trigger_id: str | None = None) -> None:
        """Post what an outcome says, where it belongs; then keep the card up to date.
        `user`: the Slack user who acted (files and a briefing for them go to a direct
        message); `trigger_id`: their command's or click's, to show a briefing in a modal."""
        if outcome.duplicate:
            return  # a retried event: everything was said the first time
        case = outcome.case
        opened = any(e.kind == kinds.CASE_OPENED for e in outcome.entries)
        if opened and case is not None:
            if origin is None:
                raise Refusal("Open cases from a channel: the case gets a card and a thread "
                              "there.")
            await self._post_card(client, team, case, origin)
        new_campaign = proposed(outcome)
        if new_campaign and outcome.campaign is not None:
            await self.campaign_cards.post(client, team, outcome.campaign, origin)
        for entry in outcome.entries:
            if entry.kind == kinds.CAUCUS_OPENED and case is not None:
                await self.caucuses.open(client, team, case, entry.payload["side"],
                                         entry.actor_id)
        if case is not None:
            await self.caucuses.follow(client, team, case, outcome.entries)
        rounds = any(e.kind in BID_ROUNDS for e in outcome.entries)
        said = [r for r in outcome.replies if r.audience == THREAD]
        bid_button = said[-1] if rounds and said else None  # on the round's announcement
        for reply in outcome.replies:
            if reply.kind == "briefing" and case is not None:
                await self._brief(client, reply, case, outcome, user, trigger_id)
                continue
            await self.reply(client, reply, answer, user, with_bid=reply is bid_button)
        if outcome.entries and case is not None and not opened:
            await self.update_card(client, case)
        if outcome.entries and outcome.campaign is not None and not new_campaign:
            await self.campaign_cards.update(client, outcome.campaign.id,
                                             outcome.campaign.community_id)

    async def reply(self, client: AsyncWebClient, reply: Reply, answer: Answer,
                    user: str | None = None, *, with_bid: bool = False) -> None:
        text = reply.text
        if reply.attachment is not None and reply.audience == THREAD and reply.case_id:
            if await self.post_thread(client, reply.case_id, text):
                await self._thread_file(client, reply)
            return
        if reply.attachment is not None:
            text = await self._send_file(client, reply, user)
        if reply.audience == ACTOR:
            await answer(message_text(text))
        elif reply.audience == THREAD and reply.case_id:
            await self.post_thread(client, reply.case_id, text, with_bid=with_bid)
        elif reply.audience.startswith("side:") and reply.case_id:
            await self.post_caucus(client, reply.case_id, reply.audience[5:], text)

    async def _post_card(self, client: AsyncWebClient, team: str, case: Case,
                         origin: Place) -> None:
        posted = await client.chat_postMessage(
            channel=origin.channel, text=card_text(case), blocks=case_card(case, self.clock()),
            unfurl_links=False, unfurl_media=False)
        await self.rooms.link_thread(team, origin.channel, str(posted["ts"]), case.id)

    async def update_card(self, client: AsyncWebClient, case: Case) -> None:
        """Show the case's latest state on its card. Two moves close together, on this worker
        or another, must not leave the older one on the card: each update is rendered from the
        journal as it is when it is sent, never from the (maybe older) `case` it was asked
        for, and checked once shown (`CardUpdates`)."""
        place = await self.rooms.thread(case.id)
        if place is None:
            return

        async def render() -> Card:
            latest = await self.service.case(case.id)
            return card_text(latest), case_card(latest, self.clock())

        await self.cards.show(client, case.id, place.channel, place.thread_ts or "", render)

    async def post_thread(self, client: AsyncWebClient, case_id: str, text: str, *,
                          with_bid: bool = False) -> bool:
        place = await self.rooms.thread(case_id)
        if place is None:
            log.warning("no Slack thread for a case", extra={"case_id": case_id})
            return False
        extra = {"blocks": bid_round_blocks(text, case_id)} if with_bid else {}
        await client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts,
                                      text=message_text(text), unfurl_links=False,
                                      unfurl_media=False, **extra)
        return True

    async def post_caucus(self, client: AsyncWebClient, case_id: str, side: str,
                          text: str) -> bool:
        place = await self.rooms.caucus(case_id, side)
        if place is None:
            return False
        await client.chat_postMessage(channel=place.channel, text=message_text(text),
                                      unfurl_links=False, unfurl_media=False)
        return True

    async def _brief(self, client: AsyncWebClient, reply: Reply, case: Case, outcome: Outcome,
                     user: str | None, trigger_id: str | None) -> None:
        """A briefing, for one mediator's eyes only, never in the thread: a modal when it
        answers their own command or click, else a direct message (the outbox brings a
        handed-off case's briefing to its new mediator the same way)."""
        if reply.audience == ACTOR and trigger_id:
            given = [e for e in outcome.entries if e.kind == kinds.BRIEFING_GIVEN]
            at = parse_time(given[-1].at) if given else self.clock()
            try:
                await client.views_open(trigger_id=trigger_id, view=briefing_view(case, at))
                return
            except SlackApiError as problem:  # e.g. expired_trigger_id: a slow answer
                log.warning("briefing modal not opened: %s", problem.response.get("error"),
                            extra={"case_id": case.id})
        who = slack_user(reply.audience[5:]) if reply.audience.startswith("user:") else None
        to = user if reply.audience == ACTOR else (who[1] if who else None)
        if to:
            await self.direct(client, to, reply.text)

    async def _send_file(self, client: AsyncWebClient, reply: Reply, user: str | None) -> str:
        """Upload a reply's file (an export, made for one viewer) to that person's direct
        messages: an ephemeral answer cannot carry a file, and a channel would show it to
        others. What to tell them: where it went, or why it did not."""
        attachment = reply.attachment
        assert attachment is not None
        if reply.audience != ACTOR or user is None:  # only the person who asked gets a file
            return (f"{reply.text}\n(The file goes only to the person who asked: an operator "
                    f"can make it with `mediator export {reply.case_id}`.)")
        try:
            opened = await client.conversations_open(users=user)
            await client.files_upload_v2(
                channel=opened["channel"]["id"], file=attachment.content,
                filename=attachment.filename, title=attachment.filename,
                initial_comment=message_text(reply.text))
        except UPLOAD_PROBLEMS as problem:
            why = not_uploaded(problem, reply.case_id)
        else:
            return f"{reply.text}\nSent to you in a direct message from me."
        return (f"{reply.text}\nI could not send you the file: {why}. An operator can make "
                f"it with `mediator export {reply.case_id} --as <you>`.")

    async def _thread_file(self, client: AsyncWebClient, reply: Reply) -> None:
        """A reply's file for everyone in the thread (the KPI chart), uploaded there under
        its text; when Slack will not take it, the thread is told why."""
        attachment, place = reply.attachment, await self.rooms.thread(reply.case_id or "")
        if attachment is None or place is None:
            return
        try:
            await client.files_upload_v2(
                channel=place.channel, thread_ts=place.thread_ts, file=attachment.content,
                filename=attachment.filename, title=attachment.filename)
        except UPLOAD_PROBLEMS as problem:
            why = not_uploaded(problem, reply.case_id)
            await self.post_thread(client, reply.case_id or "",
                                   f"(I could not attach {attachment.filename}: {why}.)")

    async def direct(self, client: AsyncWebClient, user: str, text: str) -> None:
        opened = await client.conversations_open(users=user)
        await client.chat_postMessage(channel=opened["channel"]["id"], text=message_text(text),
                                      unfurl_links=False, unfurl_media=False)

    # -- the outbox ------------------------------------------------------------------------------
    async def send(self, message: OutboxMessage) -> None:
        """Deliver one outbox message: the courier's `send`. Returns once Slack has it; raises
        DeliveryError saying whether (and when) trying again can help."""
        try:
            await self._send(message)
        except SlackApiError as problem:
            raise slack_failure(problem) from problem
        except (aiohttp.ClientError, TimeoutError, OSError) as problem:
            raise DeliveryError(f"cannot reach Slack: {type(problem).__name__}: {problem}"
                                ) from problem

    async def _send(self, message: OutboxMessage) -> None:
        audience = message.audience
        if audience.startswith("user:"):
            who = slack_user(audience[5:])
            if who is None:
                raise DeliveryError(f"{audience} is not a Slack user", permanent=True)
            team, user = who
            client = await self._client(team)
            await self.direct(client, user, message.text)
            return
        if not message.case_id:
            raise DeliveryError(f"a message to {audience} without a case", permanent=True)
        summary = await self.store.case(message.case_id)
        if summary is None:
            raise DeliveryError(f"no case {message.case_id}", permanent=True)
        team = team_of(summary.community_id)
        client = await self._client(team)
        if audience == "mediators":
            await self._to_mediators(client, team, message)
        elif audience == THREAD:
            if not await self.post_thread(client, message.case_id, message.text):
                raise DeliveryError("no Slack thread for this case yet")
            if summary.kind == CAMPAIGN:  # a timer moved the campaign: its card shows it
                await self.campaign_cards.refresh(client, message.case_id,
                                                  summary.community_id)
        elif audience.startswith("side:"):
            if not await self.post_caucus(client, message.case_id, audience[5:], message.text):
                raise DeliveryError(f"no Slack caucus conversation for {audience} yet")
        else:
            raise DeliveryError(f"unknown audience {audience!r}", permanent=True)

    async def _client(self, team: str) -> AsyncWebClient:
        client = await self.client_for(team)
        if client is None:  # an OAuth workspace without an installation (yet, or any more)
            raise DeliveryError(f"no bot installation for workspace {team}")
        return client

    async def _to_mediators(self, client: AsyncWebClient, team: str,
                            message: OutboxMessage) -> None:
        """A direct message to each mediator. Those already reached by an earlier attempt of
        this message (in this process) are not written to again when a later one fails."""
        assert message.id is not None
        mediators = sorted(await self.directory.mediators(client, team))
        if not mediators:
            raise DeliveryError("no mediators found (SLACK_MEDIATORS, SLACK_MEDIATOR_GROUP)")
        reached = self._reached.setdefault(message.id, set())
        while len(self._reached) > REACHED_KEPT:
            self._reached.pop(next(iter(self._reached)))
        for user in mediators:
            if user not in reached:
                await self.direct(client, user, message.text)
                reached.add(user)
        self._reached.pop(message.id, None)
