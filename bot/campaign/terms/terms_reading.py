"""Terms read from plain data (a parsed agreement file, or the canonical form of a version).

Every problem is gathered first: the shape (missing, unknown or mistyped fields) here, then the
rules of the terms themselves when they are built. Either the whole agreement is read, or
`InvalidAgreement` lists what is wrong and nothing is built.
"""

from __future__ import annotations

from decimal import Decimal

from bot.campaign.checks.disclosure import Regime
from bot.campaign.parties import CampaignParty, CampaignRole, Duty
from bot.campaign.terms.approval import ApprovalPolicy, OnSilence
from bot.campaign.terms.cancellation import Cancellation, KillFee
from bot.campaign.terms.clauses import DelayPeriod, LateDeliveryClause, Rounding
from bot.campaign.terms.deliverables_reading import read_deliverable
from bot.campaign.terms.kpis import (
    DEFAULT_TOLERANCE,
    Commitment,
    Counting,
    Formula,
    KpiRemedy,
    KpiTarget,
    Level,
    Metric,
)
from bot.campaign.terms.payments import (
    LateFee,
    Milestone,
    PaymentTerms,
    Period,
    Trigger,
    TriggerEvent,
)
from bot.campaign.terms.problems import InvalidAgreement, Problem
from bot.campaign.terms.reading import Fields, day, kind_of
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.rights import (
    AdAccess,
    AdAccessKind,
    Exclusivity,
    Transfer,
    UsageKind,
    UsageRights,
)
from bot.campaign.terms.terms import CampaignTerms, Disputes

REQUIRED = ("title", "parties", "relationship", "deliverables", "approval", "payment",
            "disclosure_regime")
OPTIONAL = ("usage_rights", "ad_access", "exclusivity", "cancellation", "clauses", "kpis",
            "time_zone", "disputes")
KPI_OPTIONAL = ("deliverables", "formula", "definition", "tolerance_percent", "remedy", "level")
TRIGGER_HINT = ("`agreement_accepted`, `deliverable_approved:<key>`, `deliverable_live:<key>`, "
                "`campaign_end`, or a date written YYYY-MM-DD")


def read_terms(document: object) -> CampaignTerms:
    """The terms a document states, all or nothing: `InvalidAgreement` names every problem."""
    found: list[Problem] = []
    top = Fields(document, "", found, REQUIRED, OPTIONAL)
    title = top.text("title")
    parties = tuple(_party(Fields(v, p, found, ("user_id", "name", "role"), ("duties",)))
                    for p, v in top.items("parties"))
    relationship = top.choice("relationship", Relationship)
    deliverables = tuple(read_deliverable(v, p, found) for p, v in top.items("deliverables"))
    approval = _approval(top.fields("approval", ("required", "review_window", "on_silence",
                                                 "edit_rounds")))
    payment = _payment(top.fields("payment", ("currency", "total"), ("milestones", "late_fee")))
    regime = top.choice("disclosure_regime", Regime)
    usage_rights = tuple(_usage(Fields(v, p, found, ("kind", "days", "channels", "territory",
                                                     "transfer")))
                         for p, v in top.items("usage_rights"))
    ad_access = tuple(_ad_access(Fields(v, p, found, ("kind", "days", "revocable"),
                                        ("deliverables",)))
                      for p, v in top.items("ad_access"))
    exclusivity = _exclusivity(top) if top.has("exclusivity") else None
    cancellation = _cancellation(top) if top.has("cancellation") else None
    clauses = tuple(_clause(Fields(v, p, found, CLAUSE_FIELDS, ("terminate_after_periods",)))
                    for p, v in top.items("clauses"))
    kpis = tuple(_kpi(Fields(v, p, found, ("metric", "target", "commitment", "counting",
                                           "window_days"), KPI_OPTIONAL))
                 for p, v in top.items("kpis"))
    time_zone = top.text("time_zone") if top.has("time_zone") else "UTC"
    disputes = top.choice("disputes", Disputes) if top.has("disputes") else Disputes.MEDIATION
    if found:
        raise InvalidAgreement(found)
    return CampaignTerms(title, parties, relationship, deliverables, approval, payment, regime,
                         usage_rights, ad_access, exclusivity, cancellation, clauses, kpis,
                         time_zone, disputes)


def _party(fields: Fields) -> CampaignParty:
    duties: set[Duty] = set()
    for path, item in fields.items("duties"):
        if isinstance(item, str) and item in tuple(Duty):
            duties.add(Duty(item))
        else:
            fields.found.append(Problem(path, f"expected one of: {', '.join(Duty)}, "
                                        f"not {kind_of(item)}"))
    return CampaignParty(fields.text("user_id"), fields.text("name"),
                         fields.choice("role", CampaignRole), frozenset(duties))


def _approval(fields: Fields) -> ApprovalPolicy:
    return ApprovalPolicy(fields.flag("required"), fields.span("review_window"),
                          fields.choice("on_silence", OnSilence), fields.whole("edit_rounds"))


def _payment(fields: Fields) -> PaymentTerms:
    late = fields.fields("late_fee", ("percent", "per"))
    return PaymentTerms(
        currency=fields.text("currency"),
        total=fields.number("total"),
        milestones=tuple(_milestone(Fields(v, p, fields.found, ("key", "trigger", "net_days"),
                                           ("amount", "percent")))
                         for p, v in fields.items("milestones")),
        late_fee=LateFee(late.number("percent"), late.choice("per", Period))
        if fields.has("late_fee") else None,
    )


def _milestone(fields: Fields) -> Milestone:
    return Milestone(fields.text("key"), _trigger(fields), fields.whole("net_days"),
                     fields.number_or_none("amount"), fields.number_or_none("percent"))


def _trigger(fields: Fields) -> Trigger:
    value = fields.raw("trigger")
    on = day(value)
    if on is not None:
        return Trigger(TriggerEvent.DATE, on=on)
    if isinstance(value, str):
        event, _, key = value.partition(":")
        if event in (TriggerEvent.DELIVERABLE_APPROVED, TriggerEvent.DELIVERABLE_LIVE) and key:
            return Trigger(TriggerEvent(event), deliverable=key)
        if value in (TriggerEvent.AGREEMENT_ACCEPTED, TriggerEvent.CAMPAIGN_END):
            return Trigger(TriggerEvent(value))
    if fields.has("trigger"):
        fields.wrong("trigger", TRIGGER_HINT)
    return Trigger(TriggerEvent.AGREEMENT_ACCEPTED)


def _usage(fields: Fields) -> UsageRights:
    return UsageRights(fields.choice("kind", UsageKind), fields.whole("days"),
                       fields.texts("channels"), fields.texts("territory"),
                       fields.choice("transfer", Transfer))


def _ad_access(fields: Fields) -> AdAccess:
    return AdAccess(fields.choice("kind", AdAccessKind), fields.whole("days"),
                    fields.flag("revocable"), fields.texts("deliverables"))


def _exclusivity(top: Fields) -> Exclusivity:
    fields = top.fields("exclusivity", ("days_before", "days_after"),
                        ("category", "competitors"))
    return Exclusivity(fields.whole("days_before"), fields.whole("days_after"),
                       fields.text_or_none("category"), fields.texts("competitors"))


def _cancellation(top: Fields) -> Cancellation:
    fields = top.fields("cancellation", ("kill_fee",), ("product_invoice_cap",))
    fee = fields.fields("kill_fee", ("before_production", "after_draft", "after_approval"))
    return Cancellation(
        KillFee(fee.number("before_production"), fee.number("after_draft"),
                fee.number("after_approval")),
        fields.number_or_none("product_invoice_cap"),
    )


CLAUSE_FIELDS = ("key", "kind", "deliverables", "percent_per_period", "period", "rounding",
                 "cap_percent", "force_majeure_suspends")


def _clause(fields: Fields) -> LateDeliveryClause:
    if fields.has("kind") and fields.raw("kind") != "late_delivery":
        fields.wrong("kind", "`late_delivery`, the one kind of clause there is for now")
    return LateDeliveryClause(
        key=fields.text("key"),
        deliverables=fields.texts("deliverables"),
        percent_per_period=fields.number("percent_per_period"),
        period=fields.choice("period", DelayPeriod),
        rounding=fields.choice("rounding", Rounding),
        cap_percent=fields.number("cap_percent"),
        force_majeure_suspends=fields.flag("force_majeure_suspends"),
        terminate_after_periods=fields.whole_or_none("terminate_after_periods"),
    )


def _kpi(fields: Fields) -> KpiTarget:
    formula = _formula(fields.fields("formula", ("numerator",),
                                     ("denominator", "followers_at_publish"))
                       ) if fields.has("formula") else None
    remedy = _kpi_remedy(fields.fields("remedy", (), ("percent_per_point", "cap_percent",
                                                     "make_good_posts"))
                         ) if fields.has("remedy") else None
    tolerance = fields.number_or_none("tolerance_percent")
    return KpiTarget(fields.choice("metric", Metric), fields.number("target"),
                     fields.choice("commitment", Commitment), fields.choice("counting", Counting),
                     fields.whole("window_days"), fields.texts("deliverables"), formula,
                     fields.text("definition") if fields.has("definition") else "",
                     DEFAULT_TOLERANCE if tolerance is None else tolerance, remedy,
                     fields.choice("level", Level) if fields.has("level") else Level.POSTS)


def _formula(fields: Fields) -> Formula:
    numerator: list[Metric] = []
    options = ", ".join(str(m) for m in Metric)
    for path, item in fields.items("numerator"):
        if isinstance(item, str) and item in set(Metric):
            numerator.append(Metric(item))
        else:
            fields.found.append(Problem(path, f"one of: {options}"))
    denominator = fields.choice("denominator", Metric) if fields.has("denominator") else None
    return Formula(tuple(numerator), denominator, fields.number_or_none("followers_at_publish"))


def _kpi_remedy(fields: Fields) -> KpiRemedy:
    return KpiRemedy(fields.number_or_none("percent_per_point") or Decimal(0),
                     fields.number_or_none("cap_percent") or Decimal(0),
                     fields.whole_or_none("make_good_posts") or 0)
