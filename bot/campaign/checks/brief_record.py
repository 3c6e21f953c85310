"""What a case brief keeps of the campaign's record besides its findings: who accepted the
version in force and when, and the moments each disputed item went through (draft, approval,
going live; falling due, invoiced, paid), so a case's history and exports show them without the
campaign."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypedDict

from bot.campaign.record.state import CampaignState
from bot.domain.clock import format_time


class AcceptancePayload(TypedDict):
    user_id: str
    name: str
    at: str


class MomentPayload(TypedDict):
    item: str
    what: str
    at: str


def acceptances(state: CampaignState) -> list[AcceptancePayload]:
    """Each acceptance of the version in force, in the order they came."""
    if state.agreed is None:
        return []
    return [{"user_id": a.user_id, "name": a.name, "at": format_time(a.at)}
            for a in state.acceptances.get(state.agreed, ())]


def timeline(state: CampaignState, disputed: Sequence[str]) -> list[MomentPayload]:
    """The recorded moments of the disputed items, earliest first."""
    moments: list[tuple[datetime, str, str]] = []
    happened = state.happened
    for key in disputed:
        life = state.deliverables.get(key)
        if life is not None:
            if key in happened.product_delivered:
                moments.append((happened.product_delivered[key], key, "product received"))
            if life.submitted_at is not None:
                moments.append((life.submitted_at, key, f"draft {life.drafts} submitted"))
            if key in happened.approved:
                moments.append((happened.approved[key], key, "draft approved"))
            if life.publication is not None:
                moments.append((life.publication.published_at, key,
                                f"live: {life.publication.permalink}"))
        payment = state.milestones.get(key)
        if payment is not None:
            if payment.triggered_at is not None:
                moments.append((payment.triggered_at, key, "fell due"))
            if payment.paid_at is not None:
                moments.append((payment.paid_at, key, "marked paid"))
    return [{"item": item, "what": what, "at": format_time(at)}
            for at, item, what in sorted(moments)]
