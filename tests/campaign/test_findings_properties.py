"""Whatever the record holds, finding never raises, every finding cites a term the agreement
has, and the outcome never asks more than the unpaid balance."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.calendar import Calendar
from bot.campaign.checks.finding import Verdict
from bot.campaign.checks.findings import case_findings
from bot.campaign.checks.observations import Observation, Sighting
from bot.campaign.checks.outcome import pre_agreed_outcome
from bot.campaign.checks.rejections import Rejection
from bot.campaign.checks.term_paths import term_at
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverableState, Publication
from bot.campaign.life.milestone_life import MilestonePhase, MilestoneState
from bot.campaign.schedule import Happened
from bot.campaign.terms.terms import CampaignTerms
from tests.campaign.findings_examples import TERMS, VERSION
from tests.campaign.terms_strategies import campaign_terms

moments = st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31), timezones=st.just(UTC))
# What people bring may lack its zone: it is never compared, never a crash.
brought = moments | st.datetimes(datetime(2020, 1, 1), datetime(2035, 12, 31))
captions = st.text(max_size=200) | st.sampled_from([
    "#ad #GlowPartner @glowskincare GLOW15", "#GlowPartnerships", "＃ＡＤ\u200b", "\r\n#ad"])
calendars = st.sampled_from([Calendar.named("UTC"), Calendar.named("Europe/Paris"),
                             Calendar.named("Asia/Kolkata")])


@st.composite
def deliverable_states(draw: st.DrawFn, key: str) -> DeliverableState:
    publication = draw(st.none() | st.builds(Publication, st.text(max_size=40), brought,
                                             captions))
    return DeliverableState(
        key, draw(st.sampled_from(DeliverablePhase)), drafts=draw(st.integers(0, 3)),
        submitted_at=draw(st.none() | brought), publication=publication,
        cancelled_at_stage=draw(st.none() | st.sampled_from(DeliverablePhase)))


@st.composite
def records(draw: st.DrawFn, terms: CampaignTerms) -> tuple[
        Happened, dict[str, DeliverableState], dict[str, MilestoneState], list[Observation],
        list[Rejection]]:
    keys = [d.key for d in terms.deliverables]
    some_keys = st.lists(st.sampled_from(keys), unique=True) if keys else st.just([])
    happened = Happened(
        draw(st.none() | moments), {k: draw(moments) for k in draw(some_keys)},
        {k: draw(moments) for k in draw(some_keys)}, {k: draw(moments) for k in draw(some_keys)},
        draw(st.none() | moments))
    states = {k: draw(deliverable_states(k)) for k in draw(some_keys)}
    milestones = {
        m.key: MilestoneState(m.key, draw(st.sampled_from(MilestonePhase)),
                              due_on=draw(st.none() | brought), paid_at=draw(st.none() | brought))
        for m in terms.payment.milestones if draw(st.booleans())}
    observations = draw(st.lists(st.builds(
        Observation, st.sampled_from(Sighting), st.sampled_from([*keys, "d9"]), brought,
        st.text(max_size=20), st.sampled_from(["", "instagram", "TikTok", "youtube"])),
        max_size=4))
    rejections = draw(st.lists(st.builds(
        Rejection, st.sampled_from([*keys, "d9"]), st.sampled_from(["", "r1", "r2", "r4", "x"]),
        st.none() | brought, st.text(max_size=20)), max_size=2))
    return happened, states, milestones, observations, rejections


@settings(max_examples=150, deadline=None)
@given(st.data(), calendars, moments)
def test_any_record_gives_findings_citing_terms_that_exist(
        data: st.DataObject, calendar: Calendar, now: datetime) -> None:
    terms = data.draw(st.just(TERMS) | campaign_terms())
    happened, states, milestones, observations, rejections = data.draw(records(terms))
    disputed = data.draw(st.lists(st.sampled_from(
        [*(d.key for d in terms.deliverables), *(m.key for m in terms.payment.milestones),
         "x"])))
    found = case_findings(terms, VERSION, calendar, happened, states, milestones, now,
                          observations=observations, rejections=rejections,
                          disputed=disputed)
    for finding in found:
        assert term_at(terms, finding.term.path) is not None, finding.term.path
        assert finding.term.version == VERSION
        assert finding.words.strip()
        if finding.verdict is Verdict.INDETERMINATE:
            assert finding.settle.strip(), finding
        if disputed:
            assert finding.item in disputed
    outcome = pre_agreed_outcome(terms, found, milestones, happened, now)
    assert outcome.reduction.amount <= outcome.unpaid.amount
    assert outcome.proposal.strip()
    assert set(outcome.clauses) <= {c.key for c in terms.clauses} | {
        "cancellation.kill_fee", "cancellation.product_invoice_cap"}


def test_term_paths_name_parts_of_the_terms_or_nothing() -> None:
    assert term_at(TERMS, "deliverables[1].requirements[1]") == (
        TERMS.deliverables[1].requirements[1])
    assert term_at(TERMS, "payment.milestones[1]") == TERMS.payment.milestones[1]
    assert term_at(TERMS, "ad_access[0].days") == 30
    for nowhere in ("deliverables[7]", "payment.milestones[1].nothing", "usage_rights[0]x",
                    "", "deliverables.key", "title[0]"):
        assert term_at(TERMS, nowhere) is None, nowhere
