"""Placeholder until the campaign words land."""

from __future__ import annotations

from bot.campaign.record.state import CampaignState
from bot.domain.journal import JournalEntry
from bot.exchange import THREAD, Reply


def campaign_replies_for(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    return [Reply(THREAD, f"{state.id}: {entry.kind.replace('_', ' ')}", state.id)]
