"""Campaigns from Slack: `/mediate campaign propose|counter|amend` opens a modal asking for the
agreement file (a `file_input`); on submission the file is downloaded the way evidence is
(`files.Downloads`: only from the allowed file hosts, capped, checked to be no sign-in page),
and handed to the core with the request. Everything else a campaign does goes through the
same `/mediate` path as a case's moves; its card and thread are `campaign_cards.py`'s."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.campaign_render import (
    RULEBOOK,
    AgreementMeta,
    agreement_view,
    campaign_home_blocks,
)
from adapters.slack.files import Downloads, FileRefused
from adapters.slack.render import Block
from adapters.slack.rooms import Place
from adapters.slack.translate import SharedFile
from bot.campaign.record.figures import may_report
from bot.campaign.record.state import CampaignState, campaign_calendar
from bot.campaign.terms.agreement_file import LARGEST_FILE
from bot.domain.errors import Refusal
from bot.exchange import Context
from bot.input.campaign_requests import FILE_MOVES, campaign_request
from bot.input.grammar import Request
from bot.ports import CAMPAIGN
from bot.text.campaign_agreement import awaited
from bot.text.campaign_status import waiting_for

if TYPE_CHECKING:
    from adapters.slack.mediation import SlackMediation

log = logging.getLogger(__name__)

HOME_CAMPAIGNS = 15


def wants_file(request: Request) -> bool:
    """`/mediate campaign propose|counter|amend …` (a move that needs the agreement file), or
    `/mediate rules set` (the community's rulebook file)."""
    moves = FILE_MOVES if request.subcommand == "campaign" else ("set",) \
        if request.subcommand == RULEBOOK else ()
    return bool(request.args) and request.args[0].lower() in moves


class SlackCampaigns:
    def __init__(self, slack: SlackMediation) -> None:
        self.slack = slack
        self.service = slack.service
        # The evidence downloader, capped at the largest agreement file the core reads.
        self.downloads = Downloads(slack.settings.file_hosts, LARGEST_FILE)

    async def ask_for_file(self, client: AsyncWebClient, ctx: Context, request: Request,
                           channel: str | None, trigger_id: str | None) -> None:
        """Open the agreement-file modal, once the move is known to make sense here."""
        if request.subcommand == RULEBOOK:
            if not ctx.actor.is_mediator:
                raise Refusal("Only the community's mediators may do that.")
            if trigger_id is None:
                raise Refusal("`rules set` needs the rulebook file: type `/mediate rules set` "
                              "to attach it.")
            await client.views_open(trigger_id=trigger_id,
                                    view=agreement_view(AgreementMeta(RULEBOOK, None, channel)))
            return
        wanted = campaign_request(request, ctx.case_id)
        heading = ""
        if wanted.move == "propose":
            if channel is None:
                raise Refusal("Propose a campaign from a channel you share with the other "
                              "parties: its card and thread go there.")
        else:
            if wanted.campaign_id is None:
                raise Refusal(f"Which campaign? `/mediate campaign {wanted.move} CP-XXXXXX`, "
                              "then attach the agreement file.")
            state = await self.service.campaigns.campaign(wanted.campaign_id,
                                                          ctx.community_id)
            heading = f"Campaign {state.id}: {state.title}"
        if trigger_id is None:
            raise Refusal(f"`campaign {wanted.move}` needs the agreement file: type "
                          f"`/mediate campaign {wanted.move}` to attach it.")
        meta = AgreementMeta(wanted.move, wanted.campaign_id, channel)
        await client.views_open(trigger_id=trigger_id, view=agreement_view(meta, heading))

    async def submitted(self, client: AsyncWebClient, team: str, user: str,
                        meta: AgreementMeta, shared: SharedFile, source: str | None) -> None:
        """The agreement modal was sent: fetch the file, let the core read and journal it.
        A problem in the file is answered privately, and nothing is recorded."""
        slack = self.slack
        answer = slack.answer_in(client, meta.channel, user)
        async with slack.in_flight.handling(answer):
            ctx = await slack.context(client, team, user, case_id=meta.campaign_id,
                                      source=source)
            if meta.move == RULEBOOK and not ctx.actor.is_mediator:  # fetch nothing for them
                raise Refusal("Only the community's mediators may do that.")
            content = await self.download(
                client, shared, "rulebook file" if meta.move == RULEBOOK else "agreement file")
            if meta.move == RULEBOOK:
                outcome = await self.service.guidelines.adopt_file(ctx, content, shared.name)
            else:
                args = (meta.move,) + ((meta.campaign_id,) if meta.campaign_id else ())
                request = Request("campaign", None, args, {}, " ".join(args))
                outcome = await self.service.campaigns.with_file(request, ctx, content,
                                                                 shared.name)
            origin = Place(meta.channel) if meta.channel else None
            await slack.delivery.outcome(client, team, outcome, answer, origin, user)
            slack.kick_outbox()

    async def download(self, client: AsyncWebClient, shared: SharedFile,
                       what: str = "agreement file") -> bytes:
        """The file's bytes, never more than the core reads (a longer file is refused)."""
        content = bytearray()
        async with self.downloads.open(shared.url, client.token or "") as chunks:
            async for chunk in chunks:
                content += chunk
                if len(content) > LARGEST_FILE:
                    raise FileRefused(f"The {what} is larger than "
                                      f"{LARGEST_FILE // 1024} KiB; nothing was recorded.")
        log.info("%s %s fetched: %d bytes, SHA-256 %s", what, shared.id, len(content),
                 hashlib.sha256(content).hexdigest())
        return bytes(content)

    async def may_report(self, ctx: Context, campaign_id: str) -> None:
        """Refuse, before it is fetched, a file in a campaign's thread from someone who may
        not report its figures (the core reads and refuses the rest)."""
        state = await self.service.campaigns.campaign(campaign_id, ctx.community_id)
        may_report(state, ctx.actor)

    async def home_blocks(self, ctx: Context) -> list[Block]:
        """The viewer's campaigns for the App Home, with what each waits for."""
        now = self.service.campaigns.clock()
        shown: list[tuple[CampaignState, list[str]]] = []
        rows = await self.slack.store.cases(user_id=ctx.actor.user_id, kind=CAMPAIGN)
        for summary in rows[:HOME_CAMPAIGNS]:
            try:
                state = await self.service.campaigns.campaign(summary.id, ctx.community_id)
            except Refusal:
                continue  # another workspace's campaign
            waiting = waiting_for(state, now, campaign_calendar(state))
            discussed = state.discussed_version
            names = awaited(state, discussed) if discussed is not None else []
            if discussed is not None and names:
                waiting.insert(0, f"acceptance of version {discussed.number} (hash "
                                  f"{discussed.hash[:12]}) by {', '.join(names)}")
            shown.append((state, waiting))
        return campaign_home_blocks(shown)
