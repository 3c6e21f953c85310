"""The one place the terms are checked: every problem found, each naming its field path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.campaign.calendar import Calendar
from bot.campaign.parties import CampaignParty, Duty
from bot.campaign.terms import limits
from bot.campaign.terms.deliverables_check import deliverable_problems
from bot.campaign.terms.kpis import COMPOSITES, Commitment, KpiTarget
from bot.campaign.terms.payments_check import payment_problems
from bot.campaign.terms.problems import Problem
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.rights_check import right_problems
from bot.domain.identity import Side

if TYPE_CHECKING:
    from bot.campaign.terms.terms import CampaignTerms


def problems(terms: CampaignTerms) -> list[Problem]:
    """All that is wrong with the terms; empty when they can be agreed. Checked as a whole,
    because a payment or clause is only valid against the deliverables it names."""
    found = list(limits.text(terms.title, "title", longest=200))
    found += _time_zone(terms.time_zone)
    found += _parties(terms.parties)
    keys = {d.key for d in terms.deliverables}
    if terms.relationship is Relationship.GIFTED_NO_ASK and terms.deliverables:
        found.append(Problem("deliverables", "a gift with no ask has no deliverables; with "
                             "deliverables it is `gifted_soft_ask` or `gifted_deliverable_ask`"))
    if terms.relationship is not Relationship.GIFTED_NO_ASK and not terms.deliverables:
        found.append(Problem("deliverables", f"a {terms.relationship} campaign has at least "
                             "one deliverable"))
    found += deliverable_problems(terms.deliverables)
    found += limits.whole(terms.approval.edit_rounds, "approval.edit_rounds", most=20)
    found += limits.whole(terms.approval.review_window.amount, "approval.review_window",
                          most=24 * 365)
    found += payment_problems(terms.payment, terms.relationship, keys)
    found += right_problems(terms, keys)
    found += _clauses(terms, keys)
    found += _kpis(terms, keys)
    return found


def _time_zone(name: str) -> Iterator[Problem]:
    # The agreement's timers are counted in this zone (`Calendar.named` makes the calendar):
    # a zone that cannot be found would leave every deadline uncountable.
    try:
        Calendar.named(name)
    except ValueError:
        yield Problem("time_zone", f"{name!r} is not a time zone; write an IANA name such as "
                      "America/New_York, Europe/Paris or UTC")


def _parties(parties: tuple[CampaignParty, ...]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, party in enumerate(parties):
        yield from limits.text(party.user_id, f"parties[{index}].user_id", longest=200)
        yield from limits.text(party.name, f"parties[{index}].name", longest=200)
        if party.user_id in seen:
            yield Problem(f"parties[{index}].user_id", f"{party.user_id!r} is listed twice")
        seen.add(party.user_id)
    for duty, side, how_many in ((Duty.PAYER, Side.BRAND, "exactly one"),
                                 (Duty.PAYEE, Side.CREATOR, "at least one"),
                                 (Duty.APPROVER, Side.BRAND, "at least one")):
        holders = [(i, p) for i, p in enumerate(parties) if duty in p.duties]
        if not holders or (duty is Duty.PAYER and len(holders) > 1):
            yield Problem("parties", f"{how_many} party must have the duty `{duty}`, "
                          f"not {len(holders)}")
        for index, party in holders:
            if party.side is not side:
                yield Problem(f"parties[{index}].duties", f"a {duty} is on the {side} side; "
                              f"a {party.role} is on the {party.side} side")


def _clauses(terms: CampaignTerms, keys: set[str]) -> Iterator[Problem]:
    yield from limits.keys((c.key for c in terms.clauses), "clauses", "c")
    for index, clause in enumerate(terms.clauses):
        path = f"clauses[{index}]"
        if not clause.deliverables:
            yield Problem(f"{path}.deliverables", "name at least one deliverable it applies to")
        yield from limits.references(clause.deliverables, keys, f"{path}.deliverables")
        yield from limits.percent(clause.percent_per_period, f"{path}.percent_per_period",
                                  positive=True)
        yield from limits.percent(clause.cap_percent, f"{path}.cap_percent", positive=True)
        if clause.terminate_after_periods is not None:
            yield from limits.whole(clause.terminate_after_periods,
                                    f"{path}.terminate_after_periods", least=1, most=3650)


MOST_KPIS = 40  # each is judged on every report, and drawn as a row of the chart


def _kpis(terms: CampaignTerms, keys: set[str]) -> Iterator[Problem]:
    if len(terms.kpis) > MOST_KPIS:
        yield Problem("kpis", f"at most {MOST_KPIS} KPI targets, not {len(terms.kpis)}")
    for index, kpi in enumerate(terms.kpis):
        path = f"kpis[{index}]"
        if not kpi.target.is_finite() or kpi.target < 0 or kpi.target >= limits.MAX_AMOUNT:
            yield Problem(f"{path}.target", f"must be a number from 0 up, not {kpi.target}")
        yield from limits.whole(kpi.window_days, f"{path}.window_days", least=1, most=3650)
        yield from limits.references(kpi.deliverables, keys, f"{path}.deliverables")
        yield from _kpi_terms(kpi, path)


def _kpi_terms(kpi: KpiTarget, path: str) -> Iterator[Problem]:
    """A composite has a formula of plain metrics over one denominator; a remedy belongs to a
    guaranteed KPI; a tolerance is a percent."""
    if (kpi.metric in COMPOSITES) != (kpi.formula is not None):
        yield Problem(f"{path}.formula", f"is needed for {kpi.metric.value} and only for it"
                      if kpi.metric in COMPOSITES else "is only for a composite metric such "
                      "as engagement_rate")
    if kpi.formula is not None:
        formula = kpi.formula
        if not formula.numerator or any(m in COMPOSITES for m in formula.numerator):
            yield Problem(f"{path}.formula.numerator", "must list plain metrics to add up")
        if (formula.denominator is None) == (formula.followers_at_publish is None):
            yield Problem(f"{path}.formula", "needs either a denominator metric or "
                          "followers_at_publish, not both")
        if formula.denominator in COMPOSITES:
            yield Problem(f"{path}.formula.denominator", "must be a plain metric")
        if formula.followers_at_publish is not None and not (
                0 < formula.followers_at_publish < limits.MAX_AMOUNT):
            yield Problem(f"{path}.formula.followers_at_publish", "must be a count above 0")
    if kpi.definition:
        yield from limits.text(kpi.definition, f"{path}.definition", longest=100)
    yield from limits.percent(kpi.tolerance_percent, f"{path}.tolerance_percent")
    if kpi.remedy is not None:
        if kpi.commitment is not Commitment.GUARANTEED:
            yield Problem(f"{path}.remedy", "only a guaranteed KPI has a remedy; a goal informs")
        yield from limits.percent(kpi.remedy.percent_per_point, f"{path}.remedy."
                                  "percent_per_point")
        yield from limits.percent(kpi.remedy.cap_percent, f"{path}.remedy.cap_percent")
        yield from limits.whole(kpi.remedy.make_good_posts, f"{path}.remedy.make_good_posts",
                                most=100)
        if not (kpi.remedy.percent_per_point or kpi.remedy.make_good_posts):
            yield Problem(f"{path}.remedy", "states neither a fee reduction nor make-good posts")
