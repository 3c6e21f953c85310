"""The pre-agreed outcome: each remedy clause's arithmetic does what its words say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.campaign.checks.remedies import Money, kill_fee, late_delivery, product_invoice, words
from bot.campaign.life.deliverable_life import DeliverablePhase
from bot.campaign.terms.cancellation import Cancellation, KillFee
from bot.campaign.terms.clauses import DelayPeriod, LateDeliveryClause, Rounding

DUE = datetime(2026, 5, 12, 17, tzinfo=UTC)
FEE = Money(Decimal("2000.00"), "USD")
STARTED_DAYS = LateDeliveryClause("c1", ("d1",), Decimal(5), DelayPeriod.DAY,
                                  Rounding.PER_STARTED_PERIOD, Decimal(25),
                                  force_majeure_suspends=True, terminate_after_periods=10)
WHOLE_WEEKS = LateDeliveryClause("c2", ("d1",), Decimal("2.5"), DelayPeriod.WEEK,
                                 Rounding.PER_WHOLE_PERIOD, Decimal(10),
                                 force_majeure_suspends=False)


def test_each_clause_says_what_it_computes() -> None:
    assert words(STARTED_DAYS) == (
        "5% of the fee for each started day of delay, at most 25%; after 10 days of delay the "
        "brand may end the agreement; force majeure suspends the count.")
    assert words(WHOLE_WEEKS) == "2.5% of the fee for each whole week of delay, at most 10%."


@pytest.mark.parametrize(("late", "percent", "why"), [
    (timedelta(0), 0, "on time: nothing"),
    (timedelta(seconds=1), 5, "a started day counts from its first second"),
    (timedelta(days=1), 5, "exactly one day is one day"),
    (timedelta(days=1, seconds=1), 10, "and one second more starts the second"),
    (timedelta(days=4, hours=23), 25, "five started days: 25%, the cap"),
    (timedelta(days=7), 25, "seven days would be 35%: capped at 25%"),
])
def test_each_started_day_counts(late: timedelta, percent: int, why: str) -> None:
    result = late_delivery(STARTED_DAYS, FEE, DUE, DUE + late)
    assert result.amount == FEE.share(Decimal(percent)), why
    assert result.clause == "c1"


@pytest.mark.parametrize(("late", "percent", "why"), [
    (timedelta(days=6, hours=23), 0, "a week not yet whole counts nothing"),
    (timedelta(days=7), Decimal("2.5"), "one whole week"),
    (timedelta(days=20), 5, "two whole weeks; the third is not whole"),
    (timedelta(days=70), 10, "ten weeks would be 25%: capped at 10%"),
])
def test_each_whole_week_counts(late: timedelta, percent: Decimal, why: str) -> None:
    assert late_delivery(WHOLE_WEEKS, FEE, DUE, DUE + late).amount == FEE.share(
        Decimal(percent)), why


def test_the_steps_show_the_computation_and_cite_the_clause() -> None:
    result = late_delivery(STARTED_DAYS, FEE, DUE, DUE + timedelta(days=7))
    assert result.steps == (
        "Due 2026-05-12 17:00 UTC, delivered 2026-05-19 17:00 UTC: 7 days late.",
        "7 started day(s) × 5% = 35%, capped at 25%.",
        "25% of 2,000.00 USD = 500.00 USD (clause c1: " + words(STARTED_DAYS) + ")",
    )
    assert not result.may_terminate


def test_the_brand_may_end_the_agreement_once_the_delay_reaches_the_threshold() -> None:
    assert not late_delivery(STARTED_DAYS, FEE, DUE, DUE + timedelta(days=9)).may_terminate
    late = late_delivery(STARTED_DAYS, FEE, DUE, DUE + timedelta(days=9, minutes=1))
    assert late.may_terminate
    assert late.steps[-1] == "10 days of delay, 10 or more: the brand may end the agreement."


def test_force_majeure_suspends_the_count_only_when_the_clause_says_so() -> None:
    storm = (DUE + timedelta(days=1), DUE + timedelta(days=4))
    overlapping = (DUE + timedelta(days=2), DUE + timedelta(days=3))  # counted once
    before_due = (DUE - timedelta(days=5), DUE - timedelta(days=1))  # not in the delay
    delivered = DUE + timedelta(days=4, hours=12)
    result = late_delivery(STARTED_DAYS, FEE, DUE, delivered, [storm, overlapping, before_due])
    assert result.amount == FEE.share(Decimal(10))  # 1 day 12 h count: two started days
    assert "Force majeure suspends 3 days: 1 day 12 hours count." in result.steps
    ignored = late_delivery(WHOLE_WEEKS, FEE, DUE, DUE + timedelta(days=8), [storm])
    assert ignored.amount == FEE.share(Decimal("2.5"))


def test_the_delay_is_elapsed_time_whatever_the_zones() -> None:
    from zoneinfo import ZoneInfo
    paris = ZoneInfo("Europe/Paris")
    # Across the spring clock change: Friday noon to Monday noon in Paris is 71 hours,
    # under three days: three started days, not four, and not three whole ones.
    due = datetime(2026, 3, 27, 12, tzinfo=paris)
    delivered = datetime(2026, 3, 30, 12, tzinfo=paris)
    assert late_delivery(STARTED_DAYS, FEE, due, delivered).amount == FEE.share(Decimal(15))
    whole_days = LateDeliveryClause("c3", ("d1",), Decimal(1), DelayPeriod.DAY,
                                    Rounding.PER_WHOLE_PERIOD, Decimal(50),
                                    force_majeure_suspends=True)
    assert late_delivery(whole_days, FEE, due, delivered).amount == FEE.share(Decimal(2))


def test_amounts_round_to_the_currencys_minor_unit_half_up() -> None:
    assert Money(Decimal("0.10"), "USD").share(Decimal(5)).amount == Decimal("0.01")  # .005
    assert Money(Decimal("0.30"), "USD").share(Decimal(5)).amount == Decimal("0.02")  # .015
    assert Money(Decimal("1.000"), "KWD").share(Decimal("0.05")).amount == Decimal("0.001")
    yen = Money(Decimal(1010), "JPY")
    assert yen.share(Decimal(5)).amount == Decimal(51)  # 50.5
    assert str(yen.share(Decimal(5))) == "51 JPY"


def test_a_kill_fee_is_the_share_for_the_stage_the_work_reached() -> None:
    terms = Cancellation(KillFee(before_production=Decimal(0), after_draft=Decimal(50),
                                 after_approval=Decimal(100)))
    assert kill_fee("c4", FEE, terms, DeliverablePhase.CHANGES_REQUESTED).steps == (
        "Cancelled after draft: 50% of 2,000.00 USD = 1,000.00 USD (clause c4).",)
    assert kill_fee("c4", FEE, terms, DeliverablePhase.IN_PRODUCTION).amount.amount == 0
    assert kill_fee("c4", FEE, terms, DeliverablePhase.AUTO_APPROVED).amount == FEE
    with pytest.raises(ValueError, match="a deliverable live cannot be cancelled"):
        kill_fee("c4", FEE, terms, DeliverablePhase.LIVE)


def test_a_product_invoice_is_capped() -> None:
    cap = Money(Decimal("75.00"), "USD")
    assert product_invoice("c5", Money(Decimal("120.00"), "USD"), cap).steps == (
        "Product sent and not featured: 120.00 USD, capped at 75.00 USD (clause c5).",)
    assert product_invoice("c5", Money(Decimal("40.00"), "USD"), cap).amount.amount == 40
    with pytest.raises(ValueError, match="in EUR, the cap in USD"):
        product_invoice("c5", Money(Decimal(1), "EUR"), cap)


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
       st.decimals(min_value=0, max_value=100, places=2),
       st.decimals(min_value=0, max_value=100, places=2),
       st.sampled_from(list(DelayPeriod)), st.sampled_from(list(Rounding)))
def test_a_reduction_never_exceeds_the_cap_nor_the_fee(
        late: timedelta, rate: Decimal, cap: Decimal, period: DelayPeriod,
        rounding: Rounding) -> None:
    clause = LateDeliveryClause("c1", ("d1",), rate, period, rounding, cap,
                                force_majeure_suspends=False)
    amount = late_delivery(clause, FEE, DUE, DUE + late).amount.amount
    assert 0 <= amount <= FEE.share(cap).amount <= FEE.amount
    later = late_delivery(clause, FEE, DUE, DUE + late + timedelta(hours=1)).amount.amount
    assert later >= amount  # later is never cheaper
