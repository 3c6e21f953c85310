"""When the events a campaign's timers count from happened, read from the events themselves.

One function for the fold and the deciders alike: a decision that approves a draft or puts a
post live sees at once which milestones it triggers, exactly as the fold will later read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.campaign.record import kinds
from bot.campaign.schedule import Happened
from bot.domain.clock import parse_time


def happened_after(happened: Happened, kind: str, payload: Mapping[str, Any], at: datetime
                   ) -> Happened:
    """`happened` once an event of `kind` is recorded at `at`.

    The agreement counts from its first agreement (an amendment does not move the schedule);
    a product from its confirmation; an approval by silence from the review window's end, when
    silence approved it; a post from the platform's publish time, not from its report."""
    if kind == kinds.AGREEMENT_AGREED and happened.accepted_at is None:
        return replace(happened, accepted_at=at)
    if kind == kinds.CAMPAIGN_ENDED:
        return replace(happened, campaign_ended_at=at)
    key = payload.get("deliverable")
    if not isinstance(key, str):
        return happened
    if kind == "product_received":
        return replace(happened, product_delivered=_with(happened.product_delivered, key, at))
    if kind == "draft_approved":
        return replace(happened, approved=_with(happened.approved, key, at))
    if kind == "draft_auto_approved":
        ended = parse_time(payload["review_ended"])
        return replace(happened, approved=_with(happened.approved, key, ended))
    if kind == "went_live":
        published = parse_time(payload["published_at"])
        return replace(happened, live=_with(happened.live, key, published))
    return happened


def _with(moments: Mapping[str, datetime], key: str, at: datetime) -> dict[str, datetime]:
    return {**moments, key: at}
