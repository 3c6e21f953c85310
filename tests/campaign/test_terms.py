"""The terms' rules, by example: what a valid agreement holds and how each mistake is named."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from bot.campaign.parties import CampaignParty, CampaignRole, Duty
from bot.campaign.terms.deliverables import Anchor, AnchorEvent, Requirement
from bot.campaign.terms.money import amount_text, fits, minor_units, number_text
from bot.campaign.terms.payments import Milestone, Trigger, TriggerEvent
from bot.campaign.terms.problems import InvalidAgreement, Problem
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.span import Span, SpanUnit
from bot.campaign.terms.terms import CampaignTerms
from tests.campaign.terms_strategies import example_terms

replace = dataclasses.replace


def refused(change: Callable[[CampaignTerms], CampaignTerms]) -> list[str]:
    """The problems, as `path: message`, of the example changed one way."""
    with pytest.raises(InvalidAgreement) as refusal:
        change(example_terms())
    return [str(p) for p in refusal.value.problems]


def paths(change: Callable[[CampaignTerms], CampaignTerms]) -> list[str]:
    return [line.split(":", 1)[0] for line in refused(change)]


def deliverable(terms: CampaignTerms, index: int, **changes: object) -> CampaignTerms:
    items = list(terms.deliverables)
    items[index] = replace(items[index], **changes)
    return replace(terms, deliverables=tuple(items))


def milestones(terms: CampaignTerms, *items: Milestone, total: str | None = None,
               currency: str | None = None) -> CampaignTerms:
    payment = replace(terms.payment, milestones=items,
                      total=Decimal(total) if total else terms.payment.total,
                      currency=currency or terms.payment.currency)
    return replace(terms, payment=payment)


ACCEPTED = Trigger(TriggerEvent.AGREEMENT_ACCEPTED)


def test_the_example_holds_typed_terms_a_case_can_cite() -> None:
    terms = example_terms()
    reel = terms.deliverable("d1")
    assert reel is not None and reel.format == "ig_reel"
    assert reel.schedule.anchor == Anchor(AnchorEvent.PRODUCT_DELIVERED)
    assert reel.schedule.publish_window.end == Span(14, SpanUnit.DAYS)
    assert [r.key for r in reel.requirements if not r.objective] == ["r5"]
    assert terms.approval.review_window == Span(3, SpanUnit.BUSINESS_DAYS)
    assert [m.due_amount(terms.payment.total) for m in terms.payment.milestones] == [
        Decimal("1500.00"), Decimal("1500.00")]
    assert str(terms.payment.milestones[1].trigger) == "deliverable_live:d2"
    clause = terms.clause("c1")
    assert clause is not None and clause.cap_percent == 25 and clause.deliverables == ("d1", "d2")
    assert terms.deliverable("d9") is None


def test_milestones_must_add_up_to_the_total_exactly() -> None:
    assert refused(lambda t: milestones(t, Milestone("m1", ACCEPTED, 0, Decimal("2999.99")))) == [
        "payment.milestones: the milestones add up to 2999.99 USD, not the total of 3000.00 USD"]


def test_a_milestone_is_an_amount_or_a_percent_not_both() -> None:
    both = Milestone("m1", ACCEPTED, 0, Decimal("3000"), Decimal("100"))
    neither = Milestone("m1", ACCEPTED, 0)
    for milestone in (both, neither):
        assert refused(lambda t, m=milestone: milestones(t, m)) == [
            "payment.milestones[0]: give an amount or a percent of the total: one of the two"]


def test_a_percent_milestone_must_come_to_whole_cents() -> None:
    third = Milestone("m1", ACCEPTED, 0, percent=Decimal("33.3333"))
    assert refused(lambda t: milestones(t, third, total="100.00")) == [
        "payment.milestones[0].percent: 33.3333% of 100.00 is 33.3333, not a whole number of "
        "USD's smallest unit"]


def test_amounts_respect_the_currency_minor_units() -> None:
    yen = Milestone("m1", ACCEPTED, 0, Decimal("1000.5"))
    assert paths(lambda t: milestones(t, yen, total="1000.5", currency="JPY")) == [
        "payment.total", "payment.milestones[0].amount"]
    assert milestones(example_terms(), Milestone("m1", ACCEPTED, 0, Decimal("1000")),
                      total="1000", currency="JPY").payment.total == 1000
    assert (minor_units("JPY"), minor_units("USD"), minor_units("KWD")) == (0, 2, 3)
    assert fits(Decimal("1.005"), "KWD") and not fits(Decimal("1.005"), "USD")
    assert (amount_text(Decimal("5"), "USD"), number_text(Decimal("12.50"))) == ("5.00", "12.5")


def test_an_unknown_currency_is_named() -> None:
    assert refused(lambda t: milestones(t, *t.payment.milestones, currency="usd")) == [
        "payment.currency: 'usd' is not an ISO 4217 currency code (like USD, EUR, GBP, JPY)"]


def test_keys_are_letter_and_number_and_used_once() -> None:
    terms = example_terms()
    twice = (terms.deliverables[0], replace(terms.deliverables[1], key="d1"))
    assert paths(lambda t: replace(t, deliverables=twice)) == [
        "deliverables[1].key", "payment.milestones[1].trigger", "ad_access[0].deliverables[0]",
        "clauses[0].deliverables[1]", "kpis[0].deliverables[0]"]
    requirement = Requirement("R1", terms.deliverables[0].requirements[0].kind, "#ad", True)
    assert refused(lambda t: deliverable(t, 0, requirements=(requirement,))) == [
        "deliverables[0].requirements[0].key: must be `r` followed by a number, like `r1`, "
        "not 'R1'"]


def test_triggers_clauses_and_kpis_must_name_existing_deliverables() -> None:
    live = Milestone("m1", Trigger(TriggerEvent.DELIVERABLE_LIVE, deliverable="d7"), 0,
                     Decimal("3000.00"))
    assert refused(lambda t: milestones(t, live)) == [
        "payment.milestones[0].trigger: deliverable_live names deliverable 'd7', which the "
        "agreement does not have (it has: d1, d2)"]
    clause = replace(example_terms().clauses[0], deliverables=("d1", "d3"))
    assert paths(lambda t: replace(t, clauses=(clause,))) == ["clauses[0].deliverables[1]"]


def test_percents_lie_between_0_and_100() -> None:
    clause = replace(example_terms().clauses[0], cap_percent=Decimal("125"))
    assert refused(lambda t: replace(t, clauses=(clause,))) == [
        "clauses[0].cap_percent: must be a percent from 0 to 100, not 125"]
    fee = replace(example_terms().cancellation.kill_fee,  # type: ignore[union-attr]
                  after_draft=Decimal("-1"))
    assert paths(lambda t: replace(t, cancellation=replace(t.cancellation, kill_fee=fee))) == [
        "cancellation.kill_fee.after_draft"]


def test_a_publish_window_cannot_end_before_it_starts() -> None:
    terms = example_terms()
    schedule = terms.deliverables[1].schedule
    window = replace(schedule.publish_window, end=Span(48, SpanUnit.HOURS))
    assert refused(lambda t: deliverable(t, 1, schedule=replace(
        schedule, publish_window=window))) == [
        "deliverables[1].schedule.publish_window.end: the window ends (48 hours) before it "
        "starts (14 days)",
        "deliverables[1].schedule.draft_due: the draft is due (7 days) after the publish window "
        "ends (48 hours)"]
    business = replace(schedule.publish_window, end=Span(2, SpanUnit.BUSINESS_DAYS))
    assert deliverable(terms, 1, schedule=replace(schedule, publish_window=business))  # the
    # calendar, not the terms, knows how business days compare with days


def test_a_fixed_date_anchor_carries_its_date() -> None:
    schedule = example_terms().deliverables[0].schedule
    assert paths(lambda t: deliverable(t, 0, schedule=replace(
        schedule, anchor=Anchor(AnchorEvent.DATE)))) == ["deliverables[0].schedule.anchor"]
    on_a_day = replace(schedule, anchor=Anchor(AnchorEvent.DATE, date(2026, 5, 1)))
    assert deliverable(example_terms(), 0, schedule=on_a_day).deliverables[0].schedule == on_a_day


def test_one_payer_a_payee_and_an_approver_each_on_their_side() -> None:
    brand, agency, creator = example_terms().parties
    two_payers = (replace(brand, duties=frozenset({Duty.APPROVER, Duty.PAYER})), agency, creator)
    assert refused(lambda t: replace(t, parties=two_payers)) == [
        "parties: exactly one party must have the duty `payer`, not 2"]
    creator_approves = (brand, agency, replace(creator, duties=frozenset({Duty.PAYEE,
                                                                          Duty.APPROVER})))
    assert refused(lambda t: replace(t, parties=creator_approves)) == [
        "parties[2].duties: a approver is on the brand side; a creator is on the creator side"]
    manager = CampaignParty("slack:T0MIA:U04", "Sam", CampaignRole.TALENT_MANAGER)
    assert paths(lambda t: replace(t, parties=(brand, agency, manager))) == ["parties"]
    assert paths(lambda t: replace(t, parties=(brand, agency, creator, creator))) == [
        "parties[3].user_id"]


def test_the_relationship_decides_whether_a_fee_and_deliverables_are_owed() -> None:
    gift = replace(example_terms().payment, total=Decimal(0), milestones=())
    assert paths(lambda t: replace(t, relationship=Relationship.GIFTED_NO_ASK, payment=gift)) == [
        "deliverables"]
    assert paths(lambda t: replace(t, relationship=Relationship.GIFTED_SOFT_ASK)) == [
        "payment.total"]
    assert paths(lambda t: replace(t, payment=gift)) == ["payment.total"]
    soft = replace(example_terms(), relationship=Relationship.GIFTED_SOFT_ASK, payment=gift)
    assert (soft.payment.total, soft.payment.milestones) == (0, ())


def test_words_must_be_something_readable() -> None:
    assert refused(lambda t: replace(t, title="  ")) == ["title: must not be empty"]
    assert paths(lambda t: replace(t, title="Launch\x00")) == ["title"]
    usage = replace(example_terms().usage_rights[0], territory=("worldwide", "US"))
    assert refused(lambda t: replace(t, usage_rights=(usage,))) == [
        "usage_rights[0].territory: `worldwide` stands alone"]


def test_every_problem_is_listed_not_only_the_first() -> None:
    def broken(t: CampaignTerms) -> CampaignTerms:
        reel = replace(t.deliverables[0], quantity=0)
        return replace(t, title="", deliverables=(reel, t.deliverables[1]))
    assert paths(broken) == ["title", "deliverables[0].quantity"]


def test_a_problem_reads_as_its_path_and_message() -> None:
    problem = Problem("payment.total", "must be more than 0")
    assert str(problem) == "payment.total: must be more than 0"
    assert str(InvalidAgreement([Problem("a", "x"), Problem("", "y")])) == "a: x\ny"

