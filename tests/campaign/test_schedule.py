"""When the example agreement's deliverables and payments fall due, from what happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.campaign.calendar import Calendar
from bot.campaign.life.milestone_life import PaymentPolicy, due_date
from bot.campaign.schedule import (
    DeliverableDates,
    Happened,
    deliverable_dates,
    keep_live_until,
    payment_due,
    start_of,
    triggered_at,
)
from bot.campaign.terms.deliverables import Anchor, AnchorEvent

from .terms_strategies import example_terms

NEW_YORK = Calendar.named("America/New_York")
ACCEPTED = datetime(2026, 5, 1, 14, tzinfo=UTC)
PRODUCT = datetime(2026, 5, 4, 15, tzinfo=UTC)  # d1's product arrived: 11:00 in New York


def test_nothing_is_due_before_the_anchor_happens() -> None:
    reel = example_terms().deliverables[0]  # anchored at the product's delivery
    assert deliverable_dates(reel, Happened(accepted_at=ACCEPTED), NEW_YORK) == (
        DeliverableDates("d1"))


def test_a_deliverables_dates_count_from_its_anchor() -> None:
    reel = example_terms().deliverables[0]  # draft 7 days, live between 10 and 14 days
    happened = Happened(accepted_at=ACCEPTED, product_delivered={"d1": PRODUCT})
    assert deliverable_dates(reel, happened, NEW_YORK) == DeliverableDates(
        "d1", PRODUCT, PRODUCT + timedelta(days=7), PRODUCT + timedelta(days=10),
        PRODUCT + timedelta(days=14))


def test_a_fixed_date_anchors_at_the_start_of_that_day_in_the_agreements_zone() -> None:
    reel = example_terms().deliverables[0]
    dated = replace(reel, schedule=replace(reel.schedule,
                                           anchor=Anchor(AnchorEvent.DATE, date(2026, 6, 1))))
    dates = deliverable_dates(dated, Happened(), NEW_YORK)
    assert dates.anchored_at == datetime(2026, 6, 1, 4, tzinfo=UTC)  # midnight in New York
    assert start_of(date(2026, 6, 1), NEW_YORK) == datetime(
        2026, 6, 1, tzinfo=ZoneInfo("America/New_York"))


def test_a_post_stays_up_for_the_agreed_days() -> None:
    reel = example_terms().deliverables[0]  # 90 days
    published = datetime(2026, 5, 15, 18, tzinfo=UTC)
    assert keep_live_until(reel, published, NEW_YORK) == published + timedelta(days=90)


def test_a_payment_is_due_its_net_days_after_its_trigger() -> None:
    m1, m2 = example_terms().payment.milestones  # m1 at acceptance, net 0; m2 net 30 on d2 live
    happened = Happened(accepted_at=ACCEPTED)
    assert payment_due(m1, happened, NEW_YORK) == ACCEPTED
    assert triggered_at(m2, happened, NEW_YORK) is None
    assert payment_due(m2, happened, NEW_YORK) is None
    live = datetime(2026, 5, 20, 16, tzinfo=UTC)
    assert payment_due(m2, replace(happened, live={"d2": live}), NEW_YORK) == (
        live + timedelta(days=30))


def test_net_days_are_calendar_days_in_the_agreements_zone_for_every_reader() -> None:
    _, m2 = example_terms().payment.milestones  # net 30 from d2 going live
    live = datetime(2026, 3, 2, 17, tzinfo=UTC)  # 12:00 in New York, before the clocks change
    due = payment_due(m2, Happened(live={"d2": live}), NEW_YORK)
    assert due == datetime(2026, 4, 1, 12, tzinfo=ZoneInfo("America/New_York"))
    assert due == live + timedelta(days=30) - timedelta(hours=1)  # one hour shorter
    assert due_date(live, PaymentPolicy(m2.net_days, NEW_YORK)) == due
