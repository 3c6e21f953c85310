"""A campaign's card in Slack: posted where the campaign was proposed, its thread linked as the
campaign's room (so the campaign's thread replies go there and what people write there is
journaled in the campaign's record), and updated after each move on the campaign."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.campaign_render import campaign_card, campaign_card_text
from adapters.slack.rooms import CaseRooms, Place
from adapters.slack.turns import Card, CardUpdates
from bot.campaign.record.kinds import AGREEMENT_PROPOSED
from bot.campaign.record.state import CampaignState
from bot.exchange import Outcome
from bot.service.campaigns import Campaigns

log = logging.getLogger(__name__)


def proposed(outcome: Outcome) -> bool:
    """Whether the outcome journaled a new campaign's first version (its card is to post)."""
    return outcome.campaign is not None and any(
        e.kind == AGREEMENT_PROPOSED for e in outcome.entries)


class CampaignCards:
    def __init__(self, campaigns: Campaigns, rooms: CaseRooms,
                 clock: Callable[[], datetime], cards: CardUpdates) -> None:
        self.campaigns = campaigns
        self.rooms = rooms
        self.clock = clock
        self.cards = cards

    async def post(self, client: AsyncWebClient, team: str, state: CampaignState,
                   origin: Place | None) -> None:
        """The new campaign's card in the channel it was proposed in; its thread becomes the
        campaign's room."""
        if origin is None:
            log.warning("a campaign proposed with no channel gets no card",
                        extra={"case_id": state.id})
            return
        posted = await client.chat_postMessage(
            channel=origin.channel, text=campaign_card_text(state),
            blocks=campaign_card(state, self.clock()), unfurl_links=False, unfurl_media=False)
        await self.rooms.link_thread(team, origin.channel, str(posted["ts"]), state.id)

    async def update(self, client: AsyncWebClient, campaign_id: str,
                     community_id: str) -> None:
        """Show the campaign as journaled now: one update per card at a time, each rendered
        from the journal when it is sent (as a case card is)."""
        place = await self.rooms.thread(campaign_id)
        if place is None:
            return

        async def render() -> Card:
            latest = await self.campaigns.campaign(campaign_id, community_id)
            return campaign_card_text(latest), campaign_card(latest, self.clock())

        await self.cards.show(client, campaign_id, place.channel, place.thread_ts or "", render)

    async def refresh(self, client: AsyncWebClient, campaign_id: str,
                      community_id: str) -> None:
        """`update` after an outbox message was posted (a timer's notice): the message is
        delivered either way, so a card that cannot be updated now is only logged."""
        try:
            await self.update(client, campaign_id, community_id)
        except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError,
                OSError) as problem:
            log.warning("the campaign card was not updated: %s", type(problem).__name__,
                        extra={"case_id": campaign_id})
