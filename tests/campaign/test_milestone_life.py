"""The life of a payment milestone, walked: due on its trigger plus the net days, invoiced by
the payee, marked paid by the payer, confirmed by the payee; overdue computed; disputes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.campaign.life.milestone_commands import (
    ConfirmPayment,
    Dispute,
    Invoice,
    MarkPaid,
    TriggerDue,
)
from bot.campaign.life.milestone_life import (
    DISPUTABLE,
    MilestonePhase,
    PaymentPolicy,
    is_overdue,
    start_milestone,
)
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.parties import CampaignParty
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM

from .life_examples import (
    ADA,
    BEA,
    BRUNO,
    CLEO,
    DAY,
    MILESTONE_WALKS,
    NET_30,
    PUBLISHED,
    TOM,
    UTC_CALENDAR,
    milestone_in,
    play_milestone,
)

P = MilestonePhase


def test_due_on_publication_net_30_then_invoiced_paid_and_confirmed() -> None:
    state, events = play_milestone(MILESTONE_WALKS[P.CONFIRMED])
    assert state.phase is P.CONFIRMED
    assert [e.kind for e in events] == [
        "milestone_due", "milestone_invoiced", "milestone_marked_paid", "payment_confirmed"]
    assert events[0].payload == {
        "milestone": "on-publication", "by": "system", "at": "2026-03-09T09:00:00.000000Z",
        "triggered_at": "2026-03-08T09:00:00.000000Z", "due_on": "2026-04-07T09:00:00.000000Z",
        "net_days": "30"}
    assert events[1].payload["invoice"] == "INV-2026-014"
    assert (events[2].payload["by"], events[2].payload["reference"]) == ("console:ada",
                                                                         "SEPA 88213")
    assert events[3].payload["by"] == "console:cleo"


def test_the_due_date_counts_from_the_trigger_not_from_when_the_bot_saw_it() -> None:
    due, _ = decide_milestone(start_milestone("at-signing"), TriggerDue(PUBLISHED), SYSTEM,
                              PaymentPolicy(net_days=0, calendar=UTC_CALENDAR), PUBLISHED + 5 * DAY)
    assert due.due_on == PUBLISHED


def test_a_trigger_in_the_future_or_without_a_time_zone_is_refused() -> None:
    pending = start_milestone("on-publication")
    with pytest.raises(Refusal, match="has not happened yet"):
        decide_milestone(pending, TriggerDue(PUBLISHED + DAY), SYSTEM, NET_30, PUBLISHED)
    with pytest.raises(Refusal, match="time zone"):
        decide_milestone(pending, TriggerDue(PUBLISHED.replace(tzinfo=None)), SYSTEM, NET_30,
                         PUBLISHED)


def test_overdue_is_computed_from_the_due_date_until_someone_marks_it_paid() -> None:
    due_on = PUBLISHED + 30 * DAY
    assert not is_overdue(milestone_in(P.PENDING), PUBLISHED + 400 * DAY)
    invoiced = milestone_in(P.INVOICED)
    assert not is_overdue(invoiced, due_on)
    assert is_overdue(invoiced, due_on + DAY)
    late, _ = decide_milestone(invoiced, MarkPaid(), ADA, NET_30, due_on + 3 * DAY)
    assert not is_overdue(late, due_on + 3 * DAY)
    # A dispute does not stop the clock.
    disputed = milestone_in(P.DISPUTED)
    assert is_overdue(disputed, due_on + DAY)


def test_only_the_payer_marks_a_milestone_paid() -> None:
    invoiced = milestone_in(P.INVOICED)
    for mover in (CLEO, BEA, BRUNO, TOM):
        with pytest.raises(Refusal, match=r"^Only the payer can `mark_paid`\."):
            decide_milestone(invoiced, MarkPaid(), mover, NET_30, PUBLISHED + 9 * DAY)


def test_only_the_payee_invoices_and_confirms() -> None:
    with pytest.raises(Refusal, match=r"^Only the payee can `invoice`\."):
        decide_milestone(milestone_in(P.DUE), Invoice("INV-1"), ADA, NET_30, PUBLISHED + 2 * DAY)
    with pytest.raises(Refusal, match=r"^Only the payee can `confirm_payment`\.") as refused:
        decide_milestone(milestone_in(P.PAID), ConfirmPayment(), TOM, NET_30, PUBLISHED + 25 * DAY)
    assert refused.value.possible == ("dispute",)


def test_an_invoice_comes_after_the_milestone_is_due_and_names_itself() -> None:
    with pytest.raises(Refusal, match="milestone on-publication is pending") as refused:
        decide_milestone(milestone_in(P.PENDING), Invoice("INV-1"), CLEO, NET_30, PUBLISHED)
    assert refused.value.possible == ("dispute",)
    with pytest.raises(Refusal, match="number or link"):
        decide_milestone(milestone_in(P.DUE), Invoice(" "), CLEO, NET_30, PUBLISHED + 2 * DAY)


@pytest.mark.parametrize("phase", sorted(DISPUTABLE))
@pytest.mark.parametrize("mover", [BRUNO, CLEO], ids=["brand", "creator"])
def test_either_side_disputes_a_milestone_short_of_a_confirmed_payment(
    phase: P, mover: CampaignParty
) -> None:
    before = milestone_in(phase)
    state, (event,) = decide_milestone(before, Dispute("not what we agreed"), mover, NET_30,
                                       PUBLISHED + 30 * DAY)
    assert state.phase is P.DISPUTED
    assert state.disputed_from is phase
    assert event.kind == "milestone_disputed"
    assert (event.payload["from"], event.payload["side"]) == (phase.value, mover.side.value)


def test_a_confirmed_payment_is_settled_and_a_dispute_needs_its_reason() -> None:
    with pytest.raises(Refusal, match="paid and confirmed"):
        decide_milestone(milestone_in(P.CONFIRMED), Dispute("late"), CLEO, NET_30,
                         PUBLISHED + 40 * DAY)
    with pytest.raises(Refusal, match="Say what is disputed"):
        decide_milestone(milestone_in(P.DUE), Dispute(""), CLEO, NET_30, PUBLISHED + 4 * DAY)


def test_a_payment_marked_paid_keeps_its_reference_and_time() -> None:
    paid = milestone_in(P.PAID)
    assert paid == replace(milestone_in(P.INVOICED), phase=P.PAID, paid_at=PUBLISHED + 20 * DAY,
                           payment_reference="SEPA 88213")
