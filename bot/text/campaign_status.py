"""Placeholder until the campaign status lands."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.record.state import CampaignState


def campaign_status(state: CampaignState, now: datetime) -> str:
    return f"{state.id}: {state.title}"


def campaign_list_line(state: CampaignState) -> str:
    return f"{state.id}: {state.title}"
