"""The example agreement, and hypothesis strategies for valid terms of every shape."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st

from bot.campaign.checks.disclosure import Regime
from bot.campaign.parties import CampaignParty, CampaignRole, Duty
from bot.campaign.terms.agreement_file import import_agreement
from bot.campaign.terms.approval import ApprovalPolicy, OnSilence
from bot.campaign.terms.cancellation import Cancellation, KillFee
from bot.campaign.terms.clauses import DelayPeriod, LateDeliveryClause, Rounding
from bot.campaign.terms.deliverables import (
    Anchor,
    AnchorEvent,
    Deliverable,
    Format,
    PublishWindow,
    Requirement,
    RequirementKind,
    Schedule,
    Specs,
)
from bot.campaign.terms.kpis import (
    COMPOSITES,
    Commitment,
    Counting,
    Formula,
    KpiRemedy,
    KpiTarget,
    Level,
    Metric,
)
from bot.campaign.terms.money import MINOR_UNITS
from bot.campaign.terms.payments import (
    LateFee,
    Milestone,
    PaymentTerms,
    Period,
    Trigger,
    TriggerEvent,
)
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.rights import (
    AdAccess,
    AdAccessKind,
    Exclusivity,
    Transfer,
    UsageKind,
    UsageRights,
)
from bot.campaign.terms.span import Span, SpanUnit
from bot.campaign.terms.terms import CampaignTerms

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "campaigns" / "agreement.yaml"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def example_terms() -> CampaignTerms:
    return import_agreement(example_text())


TIME_ZONES = ("UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Asia/Tokyo")
words = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=20).filter(
    str.strip)
days = st.dates(date(2020, 1, 1), date(2035, 12, 31))
percents = st.integers(0, 1_000_000).map(lambda n: Decimal(n).scaleb(-4))
positive_percents = st.integers(1, 1_000_000).map(lambda n: Decimal(n).scaleb(-4))


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    unit = draw(st.sampled_from(SpanUnit))
    start = draw(st.integers(0, 60))
    end = start + draw(st.integers(0, 60))
    event = draw(st.sampled_from(AnchorEvent))
    anchor = Anchor(event, draw(days) if event is AnchorEvent.DATE else None)
    draft = draw(st.none() | st.integers(0, end).map(lambda n: Span(n, unit)))
    return Schedule(anchor, PublishWindow(Span(start, unit), Span(end, unit)),
                    draw(st.integers(0, 365)), draft)


@st.composite
def deliverables(draw: st.DrawFn, key: str) -> Deliverable:
    requirements = tuple(
        Requirement(f"r{i + 1}", draw(st.sampled_from(RequirementKind)), draw(words),
                    draw(st.booleans())) for i in range(draw(st.integers(0, 3))))
    specs = Specs(draw(st.none() | st.integers(1, 600)), draw(st.none() | st.integers(1, 20)))
    return Deliverable(key, draw(st.sampled_from(Format)), draw(st.integers(1, 5)),
                       draw(schedules()), requirements, specs)


@st.composite
def payments(draw: st.DrawFn, relationship: Relationship, keys: list[str]) -> PaymentTerms:
    currency = draw(st.sampled_from(sorted(MINOR_UNITS)))
    unit = Decimal(1).scaleb(-MINOR_UNITS[currency])
    least = 1 if relationship.pays_fee else 0
    minor = 0 if relationship.gifted else draw(st.integers(least, 10**9))
    total = minor * unit
    cuts = sorted(draw(st.lists(st.integers(0, minor), max_size=3))) if minor else []
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, minor], strict=True)] if minor else []
    triggers = [Trigger(TriggerEvent.AGREEMENT_ACCEPTED), Trigger(TriggerEvent.CAMPAIGN_END),
                *(Trigger(e, deliverable=k) for k in keys
                  for e in (TriggerEvent.DELIVERABLE_APPROVED, TriggerEvent.DELIVERABLE_LIVE))]
    milestones = []
    for index, share in enumerate(shares):
        trigger = draw(st.sampled_from(triggers) | days.map(lambda d: Trigger(TriggerEvent.DATE,
                                                                             on=d)))
        amount = share * unit
        percent = amount * 100 / total
        as_percent = percent == percent.quantize(Decimal("0.0001")) and draw(st.booleans())
        milestones.append(Milestone(f"m{index + 1}", trigger, draw(st.integers(0, 120)),
                                    None if as_percent else amount,
                                    percent if as_percent else None))
    late = draw(st.none() | st.builds(LateFee, percents, st.sampled_from(Period)))
    return PaymentTerms(currency, total, tuple(milestones), late)


def subsets(keys: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(keys), unique=True).map(tuple) if keys else st.just(())


@st.composite
def campaign_terms(draw: st.DrawFn) -> CampaignTerms:
    """Any valid terms: every relationship, currency, trigger, span unit and optional part."""
    relationship = draw(st.sampled_from(Relationship))
    count = 0 if relationship is Relationship.GIFTED_NO_ASK else draw(st.integers(1, 3))
    keys = [f"d{i + 1}" for i in range(count)]
    parties = (
        CampaignParty("slack:T1:U1", draw(words), CampaignRole.BRAND, frozenset({Duty.APPROVER})),
        CampaignParty("slack:T1:U2", draw(words), draw(st.sampled_from(
            [CampaignRole.BRAND, CampaignRole.AGENCY])), frozenset({Duty.PAYER})),
        CampaignParty("discord:3", draw(words), CampaignRole.CREATOR, frozenset({Duty.PAYEE})),
    )
    payment = draw(payments(relationship, keys))
    clauses = tuple(
        LateDeliveryClause(f"c{i + 1}", tuple(draw(st.lists(st.sampled_from(keys), min_size=1,
                                                            unique=True))),
                           draw(positive_percents), draw(st.sampled_from(DelayPeriod)),
                           draw(st.sampled_from(Rounding)), draw(positive_percents),
                           draw(st.booleans()), draw(st.none() | st.integers(1, 60)))
        for i in range(draw(st.integers(0, 2) if keys else st.just(0))))
    return CampaignTerms(
        title=draw(words), parties=parties, relationship=relationship,
        deliverables=tuple(draw(deliverables(k)) for k in keys),
        approval=ApprovalPolicy(draw(st.booleans()), Span(draw(st.integers(0, 10)),
                                                          draw(st.sampled_from(SpanUnit))),
                                draw(st.sampled_from(OnSilence)), draw(st.integers(0, 3))),
        payment=payment, disclosure_regime=draw(st.sampled_from(Regime)),
        time_zone=draw(st.sampled_from(TIME_ZONES)),
        usage_rights=tuple(draw(st.lists(st.builds(
            UsageRights, st.sampled_from(UsageKind), st.integers(1, 730),
            st.lists(st.sampled_from(["instagram", "tiktok", "brand_website"]), min_size=1,
                     unique=True).map(tuple),
            st.just(("worldwide",)) | st.lists(st.sampled_from(["US", "GB", "IN", "DE"]),
                                               min_size=1, unique=True).map(tuple),
            st.sampled_from(Transfer)), max_size=2))),
        ad_access=tuple(draw(st.lists(st.builds(
            AdAccess, st.sampled_from(AdAccessKind), st.integers(7, 365), st.booleans(),
            subsets(keys)), max_size=2))),
        exclusivity=draw(st.none() | st.builds(
            Exclusivity, st.integers(0, 90), st.integers(0, 90), words,
            st.lists(words, max_size=2).map(tuple))),
        cancellation=draw(st.none() | st.builds(
            Cancellation, st.builds(KillFee, percents, percents, percents),
            st.none() | st.integers(0, 10_000).map(lambda n: Decimal(n)))),
        clauses=clauses,
        kpis=tuple(draw(st.lists(kpi_targets(keys), max_size=2))),
    )


PLAIN_METRICS = [m for m in Metric if m not in COMPOSITES]


@st.composite
def kpi_targets(draw: st.DrawFn, keys: list[str]) -> KpiTarget:
    """A KPI as an agreement may state it: plain or composite, with or without the optional
    terms (definition, tolerance, remedy, level)."""
    commitment = draw(st.sampled_from(Commitment))
    composite = draw(st.booleans())
    formula = None
    if composite:
        over_followers = draw(st.booleans())
        formula = Formula(tuple(draw(st.lists(st.sampled_from(PLAIN_METRICS), min_size=1,
                                              max_size=4, unique=True))),
                          None if over_followers else draw(st.sampled_from(PLAIN_METRICS)),
                          Decimal(draw(st.integers(1, 10**7))) if over_followers else None)
    remedy = None
    if commitment is Commitment.GUARANTEED and draw(st.booleans()):
        remedy = KpiRemedy(Decimal(draw(st.integers(1, 10))), Decimal(draw(st.integers(0, 50))),
                           draw(st.integers(0, 3)))
    return KpiTarget(
        Metric.ENGAGEMENT_RATE if composite else draw(st.sampled_from(PLAIN_METRICS)),
        Decimal(draw(st.integers(0, 10**7))), commitment, draw(st.sampled_from(Counting)),
        draw(st.integers(1, 90)), draw(subsets(keys)), formula,
        draw(st.sampled_from(["", "instagram.views.2025"])),
        Decimal(draw(st.sampled_from([5, 5, 2, 10]))), remedy, draw(st.sampled_from(Level)))
