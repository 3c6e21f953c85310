"""What an agreement sets going, and which milestones a decision makes due.

When a version is agreed, each deliverable it adds starts its life, and so does each payment
milestone. A deliverable waits for the product only when its schedule counts from the
product's delivery: that is the one schedule that cannot start without it. One anchored on the
agreement or on a date is in production at once (product, if any is sent, is then the
creator's to arrange in time). Milestones whose trigger has happened by then (the agreement
itself, a date already past, an approval or publication under the earlier version) become due
in the same decision, as do those a later move triggers (`due_milestones`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_life import start_deliverable
from bot.campaign.life.milestone_commands import TriggerDue
from bot.campaign.life.milestone_life import (
    MilestonePhase,
    MilestoneState,
    PaymentPolicy,
    start_milestone,
)
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.record import kinds
from bot.campaign.record.moments import happened_after
from bot.campaign.record.state import CampaignState
from bot.campaign.schedule import Happened, triggered_at
from bot.campaign.terms.deliverables import AnchorEvent
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.clock import format_time
from bot.domain.identity import SYSTEM
from bot.domain.journal import Event


def agreed(state: CampaignState, version_hash: str, now: datetime, calendar: Calendar
           ) -> list[Event]:
    """The events of a version being agreed: the agreement, the lives it starts, and the
    milestones it makes due."""
    version = state.version_of(version_hash)
    assert version is not None
    terms = version.terms
    at = format_time(now)
    events = [Event(kinds.AGREEMENT_AGREED, {"number": version.number, "hash": version.hash})]
    for deliverable in terms.deliverables:
        if deliverable.key not in state.deliverables:
            needs_product = deliverable.schedule.anchor.event is AnchorEvent.PRODUCT_DELIVERED
            life = start_deliverable(deliverable.key, needs_product)
            events.append(Event("deliverable_started", {
                "deliverable": life.key, "phase": life.phase.value, "at": at}))
    milestones = dict(state.milestones)
    for milestone in terms.payment.milestones:
        if milestone.key not in milestones:
            milestones[milestone.key] = start_milestone(milestone.key)
            events.append(Event("milestone_started", {
                "milestone": milestone.key, "phase": MilestonePhase.PENDING.value, "at": at}))
    happened = happened_after(state.happened, kinds.AGREEMENT_AGREED, {}, now)
    return events + due_milestones(terms, milestones, happened, now, calendar)


def due_milestones(
    terms: CampaignTerms,
    milestones: Mapping[str, MilestoneState],
    happened: Happened,
    now: datetime,
    calendar: Calendar,
) -> list[Event]:
    """Every pending milestone whose trigger has happened by `now`, made due by the bot."""
    events: list[Event] = []
    for milestone in terms.payment.milestones:
        life = milestones.get(milestone.key)
        at = triggered_at(milestone, happened, calendar)
        if life is None or life.phase is not MilestonePhase.PENDING or at is None or at > now:
            continue
        _, recorded = decide_milestone(life, TriggerDue(at), SYSTEM,
                                       PaymentPolicy(milestone.net_days, calendar), now)
        events += [Event(e.kind, dict(e.payload)) for e in recorded]
    return events


def happened_with(state: CampaignState, events: list[Event], now: datetime) -> Happened:
    """When things happened once `events` are recorded: what the milestones they trigger
    count from."""
    happened = state.happened
    for event in events:
        happened = happened_after(happened, event.kind, event.payload, now)
    return happened
