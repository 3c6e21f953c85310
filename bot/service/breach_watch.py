"""Penalties the bot applies itself, where a community opts in (`automatic: true`,
docs/rules.md): after a campaign moves, its breaches under such rules are noticed in the
community's guidelines record (`bot.guidelines.breaches`); when a breach's moment comes, its
row fires with whether the campaign still shows it, read from the campaign's record then."""

from __future__ import annotations

import logging

from bot.campaign.checks.finding import FindingKind
from bot.campaign.record.state import CampaignState
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM
from bot.exchange import Context
from bot.guidelines.breaches import notices, still_stands
from bot.guidelines.commands import FireGuidelinesTimer
from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.record import GuidelinesRecord
from bot.ports import CAMPAIGN, Cases
from bot.service.guidelines import Guidelines

log = logging.getLogger(__name__)


class BreachWatch:
    def __init__(self, guidelines: Guidelines, cases: Cases) -> None:
        self.guidelines = guidelines
        self.cases = cases
        self.caught_up = False

    async def catch_up(self) -> None:
        """Once per process, on its first deadline sweep: watch every campaign still running
        in a community that opted in, so that a breach a crash kept from being noticed (the
        campaign moved, the process died before noticing) is noticed now."""
        if self.caught_up:
            return
        self.caught_up = True
        opted: dict[str, bool] = {}
        for summary in await self.cases.cases(kind=CAMPAIGN, open_only=False):  # ended ones:
            # payments go on
            community = summary.community_id
            if community not in opted:
                opted[community] = (await self.guidelines.rulebook(community)).automatic
            campaign = await self.guidelines.journaling.case(summary.id) \
                if opted[community] else None
            if isinstance(campaign, CampaignState):
                await self.watch(campaign)

    async def watch(self, campaign: CampaignState) -> None:
        """Notice the campaign's breaches under rules the community lets the bot apply (each
        once: noticing again changes nothing). Called after the campaign moves, and for
        every campaign on start-up (`catch_up`)."""
        state = await self.guidelines.record(campaign.community_id)
        rulebook = state.rulebook if state else DEFAULT_RULEBOOK
        known = {b.key for b in state.breaches} if state else set()
        now = self.guidelines.clock()
        wanted = [n for n in notices(campaign, rulebook, now) if n.key not in known]
        if not wanted:
            return
        ctx = Context(SYSTEM, campaign.community_id,
                      await self.guidelines.platform_of(campaign.community_id))
        for notice in wanted:
            try:
                await self.guidelines.act(ctx, notice)
            except Refusal as refusal:  # e.g. the record moved on meanwhile: next time
                log.warning("breach not noticed: %s", refusal.reason,
                            extra={"case_id": campaign.id})

    async def breach_fired(self, record_id: str, key: str) -> FireGuidelinesTimer:
        """The firing of a breach's row, with whether its finding still stands, read from
        the campaign's record now (any other row fires as it is)."""
        what, _, number = key.partition(":")
        state = await self.guidelines.journaling.case(record_id)
        if what != "breach" or not number.isdigit() or not isinstance(state, GuidelinesRecord):
            return FireGuidelinesTimer(key)
        breach = state.breach(int(number))
        if breach is None:
            return FireGuidelinesTimer(key)
        campaign = await self.guidelines.journaling.case(breach.campaign_id)
        stands = still_stands(campaign if isinstance(campaign, CampaignState) else None,
                              breach.item, FindingKind(breach.finding), breach.counts_at,
                              self.guidelines.clock())
        return FireGuidelinesTimer(key, stands)
