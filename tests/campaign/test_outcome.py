"""The pre-agreed outcome: the example agreement's clauses applied to a case's findings, the
arithmetic exactly `remedies`', offered as a proposal marked as computed from its clauses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.campaign.checks.findings import case_findings
from bot.campaign.checks.outcome import NEGOTIATE, Outcome, RemedyKind, pre_agreed_outcome
from bot.campaign.checks.remedies import Money, kill_fee, late_delivery, product_invoice
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverableState
from bot.campaign.life.milestone_life import MilestoneState
from bot.campaign.schedule import Happened
from bot.domain.identity import Side
from tests.campaign.findings_examples import (
    ACCEPTED,
    D1_DUE,
    D2_DUE,
    DAY,
    GOOD_REEL,
    GOOD_TIKTOK,
    PRODUCT,
    TERMS,
    UTC_CALENDAR,
    VERSION,
    findings_for,
    happened_for,
    live,
    paid,
    unpaid,
    waiting,
)

FEE = Money(Decimal("3000.00"), "USD")  # the example's payment total: the clause's fee
C1 = TERMS.clauses[0]
M1_PAID = paid("m1", ACCEPTED)  # 1,500.00 USD paid at signing: 1,500.00 USD still unpaid
USD = "USD"


def outcome_of(*states: DeliverableState, now: datetime,
               milestones: tuple[MilestoneState, ...] = (M1_PAID, unpaid("m2")),
               product_values: Mapping[str, Money] | None = None) -> Outcome:
    found = findings_for(*states, now=now, milestones=milestones)
    return pre_agreed_outcome(TERMS, found, {m.key: m for m in milestones},
                              happened_for(*states), now, product_values=product_values)


def test_seven_days_late_costs_the_clauses_capped_25_percent() -> None:
    outcome = outcome_of(live("d1", D1_DUE + 7 * DAY, GOOD_REEL),
                         live("d2", D2_DUE, GOOD_TIKTOK), now=D2_DUE + DAY)
    expected = late_delivery(C1, FEE, D1_DUE, D1_DUE + 7 * DAY)
    assert [(r.kind, r.item, r.computation) for r in outcome.remedies] == [
        (RemedyKind.LATE_DELIVERY, "d1", expected)]
    assert expected.amount == Money(Decimal("750.00"), USD)  # 7 × 5% = 35%, capped at 25%
    assert (outcome.reduction, outcome.unpaid, outcome.capped) == (
        Money(Decimal("750.00"), USD), Money(Decimal("1500.00"), USD), False)
    assert outcome.clauses == ("c1",)
    assert outcome.proposal.splitlines() == [
        "Late delivery, d1:",
        "  Due 2026-05-12 17:00 UTC, delivered 2026-05-19 17:00 UTC: 7 days late.",
        "  7 started day(s) × 5% = 35%, capped at 25%.",
        "  25% of 3,000.00 USD = 750.00 USD (clause c1: 5% of the fee for each started day of "
        "delay, at most 25%; after 10 days of delay the brand may end the agreement; force "
        "majeure suspends the count.)",
        "Reductions: 750.00 USD.",
        "Proposal: the brand pays 750.00 USD less than the 1,500.00 USD still unpaid.",
        "Marked as computed from clause c1.",
    ]


def test_a_missed_deliverable_is_counted_to_now_and_still_running() -> None:
    now = D1_DUE + 2 * DAY + timedelta(hours=3)
    outcome = outcome_of(waiting("d1"), live("d2", D2_DUE, GOOD_TIKTOK), now=now)
    remedy = outcome.remedies[0]
    assert remedy.computation.amount == late_delivery(C1, FEE, D1_DUE, now).amount
    assert remedy.computation.amount == Money(Decimal("450.00"), USD)  # 3 started days: 15%
    assert remedy.computation.steps[-1] == ("Nothing is live yet: counted to now, and still "
                                            "running.")
    # The product reached Mia and nothing went live: the brand may invoice it, up to the cap.
    invoice = outcome.remedies[1]
    assert (invoice.kind, invoice.computation.amount) == (RemedyKind.PRODUCT_INVOICE,
                                                          Money(Decimal("75.00"), USD))
    assert outcome.reduction == Money(Decimal("525.00"), USD)
    assert outcome.clauses == ("c1", "cancellation.product_invoice_cap")
    assert outcome.proposal.endswith(
        "Marked as computed from clauses c1, cancellation.product_invoice_cap.")


def test_the_products_stated_value_is_invoiced_up_to_the_cap() -> None:
    cap = Money(Decimal("75.00"), USD)
    for value in (Money(Decimal("40.00"), USD), Money(Decimal("120.00"), USD)):
        outcome = outcome_of(waiting("d1"), live("d2", D2_DUE, GOOD_TIKTOK), now=D1_DUE + DAY,
                             product_values={"d1": value})
        invoice = next(r for r in outcome.remedies if r.kind is RemedyKind.PRODUCT_INVOICE)
        assert invoice.computation == product_invoice("cancellation.product_invoice_cap",
                                                      value, cap)


def test_the_reductions_never_exceed_the_unpaid_balance() -> None:
    now = D2_DUE + 9 * DAY  # both missed: 25% + 25% + two product invoices = 1,650.00 USD
    outcome = outcome_of(waiting("d1"), waiting("d2"), now=now)
    assert sum(r.computation.amount.amount for r in outcome.remedies) == Decimal("1650.00")
    assert outcome.capped
    assert outcome.reduction == outcome.unpaid == Money(Decimal("1500.00"), USD)
    assert ("That is more than the 1,500.00 USD still unpaid: capped at 1,500.00 USD."
            in outcome.proposal.splitlines())


def test_a_cancellation_after_a_draft_costs_the_kill_fee_for_that_stage() -> None:
    cancelled = DeliverableState("d2", DeliverablePhase.CANCELLED, drafts=1,
                                 submitted_at=D1_DUE,
                                 cancelled_at_stage=DeliverablePhase.DRAFT_SUBMITTED,
                                 cancelled_by=Side.BRAND)
    outcome = outcome_of(live("d1", D1_DUE, GOOD_REEL), cancelled, now=D2_DUE)
    fee = next(r for r in outcome.remedies if r.kind is RemedyKind.KILL_FEE)
    assert fee.computation == kill_fee("cancellation.kill_fee", FEE, TERMS.cancellation,
                                       DeliverablePhase.DRAFT_SUBMITTED)
    assert outcome.kill_fees == Money(Decimal("1500.00"), USD)  # 50% after a draft
    assert "Proposal: the brand owes 1,500.00 USD in kill fees." in outcome.proposal


def test_a_creator_who_walks_away_earns_no_kill_fee_and_owes_the_product() -> None:
    walked = DeliverableState("d2", DeliverablePhase.CANCELLED, drafts=1, submitted_at=D1_DUE,
                              cancelled_at_stage=DeliverablePhase.DRAFT_SUBMITTED,
                              cancelled_by=Side.CREATOR)
    outcome = outcome_of(live("d1", D1_DUE, GOOD_REEL), walked, now=D2_DUE)
    assert outcome.kill_fees.amount == 0
    assert [r.kind for r in outcome.remedies if r.item == "d2"] == [RemedyKind.PRODUCT_INVOICE]


def test_a_cancellation_the_record_does_not_attribute_prices_nothing() -> None:
    unknown = DeliverableState("d2", DeliverablePhase.CANCELLED,
                               cancelled_at_stage=DeliverablePhase.IN_PRODUCTION)
    outcome = outcome_of(live("d1", D1_DUE, GOOD_REEL), unknown, now=D2_DUE)
    assert outcome.kill_fees.amount == 0
    assert not [r for r in outcome.remedies if r.item == "d2"]


def test_when_no_clause_applies_the_outcome_is_for_the_parties() -> None:
    on_time = outcome_of(live("d1", D1_DUE, GOOD_REEL), live("d2", D2_DUE, GOOD_TIKTOK),
                         now=D2_DUE)
    assert on_time.for_negotiation and on_time.proposal == NEGOTIATE
    no_clauses = replace(TERMS, clauses=(), cancellation=None)
    state = live("d1", D1_DUE + 7 * DAY, GOOD_REEL)
    found = case_findings(no_clauses, VERSION, UTC_CALENDAR, happened_for(state),
                          {"d1": state}, {}, D1_DUE + 8 * DAY)
    assert any(f.is_breach for f in found)
    outcome = pre_agreed_outcome(no_clauses, found, {}, Happened(product_delivered={
        "d1": PRODUCT}), D1_DUE + 8 * DAY)
    assert outcome.proposal == ("No clause of the agreement applies to these findings: the "
                                "outcome is for the parties to negotiate.")
    assert outcome.reduction == Money(Decimal("0.00"), USD)
    assert outcome.unpaid == FEE  # nothing marked paid


def test_force_majeure_suspends_the_count_when_the_clause_says_so() -> None:
    storm = (D1_DUE + DAY, D1_DUE + 4 * DAY)
    state = live("d1", D1_DUE + 7 * DAY, GOOD_REEL)
    found = findings_for(state, now=D1_DUE + 8 * DAY, milestones=(M1_PAID,))
    outcome = pre_agreed_outcome(TERMS, found, {"m1": M1_PAID}, happened_for(state),
                                 D1_DUE + 8 * DAY, suspensions=[storm])
    assert outcome.reduction == Money(Decimal("600.00"), USD)  # 4 days count: 20%
    assert outcome.remedies[0].computation == late_delivery(
        C1, FEE, D1_DUE, D1_DUE + 7 * DAY, [storm])


def test_a_paid_milestone_is_not_unpaid_any_more() -> None:
    both = (M1_PAID, paid("m2", datetime(2026, 6, 1, tzinfo=UTC)))
    outcome = outcome_of(live("d1", D1_DUE + 7 * DAY, GOOD_REEL),
                         live("d2", D2_DUE, GOOD_TIKTOK), now=D2_DUE + 20 * DAY,
                         milestones=both)
    assert outcome.unpaid == Money(Decimal("0.00"), USD)
    assert outcome.capped and outcome.reduction == outcome.unpaid
    assert outcome.proposal.splitlines()[-3:] == [
        "Reductions: 750.00 USD.",
        "Nothing is left unpaid, and the agreement's remedies only reduce what is still to "
        "pay: whether to refund is for the parties.",
        "Marked as computed from clause c1.",
    ]
