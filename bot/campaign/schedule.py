"""When each deliverable and payment of an agreement falls due, from the moments the events its
terms count from happened.

Terms state offsets ("draft 5 business days after the product arrives, live within 14 days");
the moments come from the campaign's record (`Happened`). Until its anchor event happens a
deliverable has no dates, and until its trigger happens a payment is not due. A fixed date
anchors at the start of that day in the agreement's zone. Every span is counted by the
agreement's calendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from bot.campaign.calendar import Calendar
from bot.campaign.life.milestone_life import PaymentPolicy, due_date
from bot.campaign.terms.deliverables import Anchor, AnchorEvent, Deliverable
from bot.campaign.terms.payments import Milestone, TriggerEvent
from bot.campaign.terms.span import Span, SpanUnit


@dataclass(frozen=True)
class Happened:
    """When the events an agreement's timers count from happened (absent: not yet)."""

    accepted_at: datetime | None = None
    product_delivered: Mapping[str, datetime] = field(default_factory=dict)  # by deliverable
    approved: Mapping[str, datetime] = field(default_factory=dict)  # by approver or silence
    live: Mapping[str, datetime] = field(default_factory=dict)  # the platform's publish time
    campaign_ended_at: datetime | None = None


@dataclass(frozen=True)
class DeliverableDates:
    """A deliverable's due moments; all None while its anchor has not happened."""

    key: str
    anchored_at: datetime | None = None
    draft_due: datetime | None = None  # None also when the terms ask for no draft
    publish_from: datetime | None = None
    publish_by: datetime | None = None


def start_of(day: date, calendar: Calendar) -> datetime:
    """The first moment of `day` in the agreement's zone."""
    return datetime.combine(day, time(), calendar.zone).astimezone(UTC)


def anchored_at(deliverable: Deliverable, happened: Happened, calendar: Calendar
                ) -> datetime | None:
    """The moment the deliverable's schedule counts from, or None if it has not come."""
    anchor: Anchor = deliverable.schedule.anchor
    if anchor.event is AnchorEvent.AGREEMENT_ACCEPTED:
        return happened.accepted_at
    if anchor.event is AnchorEvent.PRODUCT_DELIVERED:
        return happened.product_delivered.get(deliverable.key)
    assert anchor.on is not None  # the terms' check requires the day of a date anchor
    return start_of(anchor.on, calendar)


def deliverable_dates(deliverable: Deliverable, happened: Happened, calendar: Calendar
                      ) -> DeliverableDates:
    """The deliverable's draft due, and the window it must go live in."""
    start = anchored_at(deliverable, happened, calendar)
    if start is None:
        return DeliverableDates(deliverable.key)
    schedule = deliverable.schedule
    return DeliverableDates(
        deliverable.key, start,
        calendar.add(start, schedule.draft_due) if schedule.draft_due is not None else None,
        calendar.add(start, schedule.publish_window.start),
        calendar.add(start, schedule.publish_window.end))


def keep_live_until(deliverable: Deliverable, published_at: datetime, calendar: Calendar
                    ) -> datetime:
    """Until when a post published at `published_at` must stay up."""
    return calendar.add(published_at, Span(deliverable.schedule.keep_live_days, SpanUnit.DAYS))


def triggered_at(milestone: Milestone, happened: Happened, calendar: Calendar
                 ) -> datetime | None:
    """When the milestone's trigger happened, or None if it has not."""
    trigger = milestone.trigger
    if trigger.event is TriggerEvent.AGREEMENT_ACCEPTED:
        return happened.accepted_at
    if trigger.event is TriggerEvent.CAMPAIGN_END:
        return happened.campaign_ended_at
    if trigger.event is TriggerEvent.DATE:
        assert trigger.on is not None  # the terms' check requires the day of a date trigger
        return start_of(trigger.on, calendar)
    assert trigger.deliverable is not None  # approved and live name their deliverable
    moments = happened.approved if trigger.event is TriggerEvent.DELIVERABLE_APPROVED else (
        happened.live)
    return moments.get(trigger.deliverable)


def payment_due(milestone: Milestone, happened: Happened, calendar: Calendar
                ) -> datetime | None:
    """When the milestone must be paid (its trigger plus its net days), or None if not yet
    triggered."""
    start = triggered_at(milestone, happened, calendar)
    return None if start is None else due_date(start, PaymentPolicy(milestone.net_days, calendar))
