"""The outcome the agreement already fixes: its remedy clauses applied to a case's findings
(CAMPAIGNS.md §2, §5), offered as a proposal marked as computed from its clauses.

- each late-delivery clause covering a late or missed deliverable reduces the fee (the
  payment total, as the clause says); a missed one is counted to now, and still running;
- a cancelled deliverable costs the brand the kill fee for the stage it reached;
- product delivered for a deliverable cancelled or missed may be invoiced, up to the cap;
- a guaranteed KPI missed on the figures reported reduces the fee by its remedy (a share per
  point short, capped), and may owe make-good posts (`bot.campaign.performance.kpi_remedy`);
- the reductions together never exceed what is still unpaid, and say so when capped there.

When no clause applies, nothing is computed: the outcome is for the parties to negotiate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from bot.campaign.checks.finding import Finding, FindingKind, Verdict
from bot.campaign.checks.moment_words import is_aware
from bot.campaign.checks.remedies import HUNDRED, Computation, Money, kill_fee, late_delivery
from bot.campaign.checks.remedies import product_invoice as product_invoice_of
from bot.campaign.life.milestone_life import MilestoneState
from bot.campaign.performance.evaluation import KpiResult
from bot.campaign.performance.kpi_remedy import kpi_remedy
from bot.campaign.schedule import Happened
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.identity import Side

KILL_FEE = "cancellation.kill_fee"
PRODUCT_INVOICE = "cancellation.product_invoice_cap"
NEGOTIATE = ("No clause of the agreement applies to these findings: the outcome is for the "
             "parties to negotiate.")


class RemedyKind(StrEnum):
    LATE_DELIVERY = "late_delivery"  # reduces the fee
    PRODUCT_INVOICE = "product_invoice"  # the brand invoices the product: reduces the fee
    KILL_FEE = "kill_fee"  # the brand owes it for cancelling
    KPI_SHORTFALL = "kpi_shortfall"  # a guaranteed KPI missed: its remedy reduces the fee

    @property
    def reduces_fee(self) -> bool:
        return self is not RemedyKind.KILL_FEE

    @property
    def words(self) -> str:
        if self is RemedyKind.KPI_SHORTFALL:
            return "KPI shortfall"
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Remedy:
    """One remedy applied to one item, with its computation citing its clause."""

    kind: RemedyKind
    item: str
    computation: Computation


@dataclass(frozen=True)
class Outcome:
    """What the agreement fixes for these findings, and the proposal's words."""

    remedies: tuple[Remedy, ...]
    reduction: Money  # off the fee, never more than `unpaid`
    kill_fees: Money  # owed by the brand for cancelling
    unpaid: Money  # the total less the milestones marked paid
    capped: bool  # the reductions came to more than the unpaid balance
    clauses: tuple[str, ...]  # what the proposal is marked as computed from
    proposal: str

    @property
    def for_negotiation(self) -> bool:
        return not self.remedies


def pre_agreed_outcome(
    terms: CampaignTerms, findings: Sequence[Finding], milestones: Mapping[str, MilestoneState],
    happened: Happened, now: datetime, *, product_values: Mapping[str, Money] | None = None,
    suspensions: Sequence[tuple[datetime, datetime]] = (),
    kpis: Sequence[KpiResult] = (),
) -> Outcome:
    """The remedies the agreement's clauses give for `findings`, as of `now`. `product_values`
    are the products' stated values by deliverable (unstated: the cap is the most invoiced);
    `suspensions` are force-majeure periods; `kpis` the KPI results judged on the figures
    reported (a missed guaranteed KPI's remedy applies)."""
    currency = terms.payment.currency
    fee = Money(terms.payment.total, currency)
    remedies: list[Remedy] = []
    for finding in findings:
        remedies.extend(_late(terms, finding, fee, now, suspensions))
        remedies.extend(_cancelled(terms, finding, fee))
        remedies.extend(_product(terms, finding, happened, product_values or {}))
    for result in kpis:
        computed = kpi_remedy(result, fee)
        if computed is not None:
            remedies.append(Remedy(RemedyKind.KPI_SHORTFALL, f"kpis[{result.index}]",
                                   computed))
    paid = sum((Money(m.due_amount(fee.amount), currency).share(HUNDRED).amount
                for m in terms.payment.milestones
                if (state := milestones.get(m.key)) is not None and state.paid_at is not None),
               Decimal(0))
    unpaid = Money(max(fee.amount - paid, Decimal(0)), currency)
    asked = sum((r.computation.amount.amount for r in remedies if r.kind.reduces_fee),
                Decimal(0))
    reduction = Money(min(asked, unpaid.amount), currency)
    owed = Money(sum((r.computation.amount.amount for r in remedies
                      if not r.kind.reduces_fee), Decimal(0)), currency)
    clauses = tuple(dict.fromkeys(r.computation.clause for r in remedies))
    capped = asked > unpaid.amount
    outcome = Outcome(tuple(remedies), reduction, owed, unpaid, capped, clauses, "")
    return replace(outcome, proposal=proposal_words(outcome, Money(asked, currency)))


def proposal_words(outcome: Outcome, asked: Money) -> str:
    """The proposal as the case's ledger will show it, each computation step by step, marked
    as computed from its clauses."""
    if outcome.for_negotiation:
        return NEGOTIATE
    lines = []
    for remedy in outcome.remedies:
        lines.append(f"{remedy.kind.words}, {remedy.item}:")
        lines.extend(f"  {step}" for step in remedy.computation.steps)
    if asked.amount:
        lines.append(f"Reductions: {asked}.")
        if not outcome.unpaid.amount:
            lines.append("Nothing is left unpaid, and the agreement's remedies only reduce "
                         "what is still to pay: whether to refund is for the parties.")
        elif outcome.capped:
            lines.append(f"That is more than the {outcome.unpaid} still unpaid: capped at "
                         f"{outcome.reduction}.")
        if outcome.unpaid.amount:
            lines.append(f"Proposal: the brand pays {outcome.reduction} less than the "
                         f"{outcome.unpaid} still unpaid.")
    if any(not remedy.kind.reduces_fee for remedy in outcome.remedies):
        lines.append(f"Proposal: the brand owes {outcome.kill_fees} in kill fees.")
    clauses = "clause" if len(outcome.clauses) == 1 else "clauses"
    lines.append(f"Marked as computed from {clauses} {', '.join(outcome.clauses)}.")
    return "\n".join(lines)


def _late(terms: CampaignTerms, finding: Finding, fee: Money, now: datetime,
          suspensions: Sequence[tuple[datetime, datetime]]) -> list[Remedy]:
    if finding.kind not in (FindingKind.LATE, FindingKind.MISSED) or not finding.is_breach:
        return []
    due = finding.due
    missed = finding.kind is FindingKind.MISSED
    delivered = now if missed else finding.measured_at
    if due is None or delivered is None or not is_aware(due) or not is_aware(delivered):
        return []
    found = []
    for clause in terms.clauses:
        if finding.item in clause.deliverables:
            computed = late_delivery(clause, fee, due, delivered, suspensions)
            if missed:
                computed = Computation(computed.clause, computed.amount, (
                    *computed.steps, "Nothing is live yet: counted to now, and still running."),
                    computed.may_terminate)
            found.append(Remedy(RemedyKind.LATE_DELIVERY, finding.item, computed))
    return found


def _cancelled(terms: CampaignTerms, finding: Finding, fee: Money) -> list[Remedy]:
    cancellation = terms.cancellation
    if (finding.kind is not FindingKind.CANCELLED or finding.verdict is not Verdict.APPLIES
            or finding.cancelled_by is not Side.BRAND or cancellation is None
            or finding.stage is None):
        return []
    try:
        computed = kill_fee(KILL_FEE, fee, cancellation, finding.stage)
    except ValueError:  # a stage no kill fee prices: the finding says so already
        return []
    return [Remedy(RemedyKind.KILL_FEE, finding.item, computed)]


def _product(terms: CampaignTerms, finding: Finding, happened: Happened,
             values: Mapping[str, Money]) -> list[Remedy]:
    cancellation = terms.cancellation
    # Product sent and never featured: a creator who walked away, or a post never made. A
    # brand that cancelled pays its kill fee and keeps no claim on the product.
    unfeatured = (finding.kind is FindingKind.CANCELLED and finding.cancelled_by is Side.CREATOR
                  ) or (finding.kind is FindingKind.MISSED and finding.is_breach)
    if (not unfeatured or cancellation is None or cancellation.product_invoice_cap is None
            or finding.item not in happened.product_delivered):
        return []
    cap = Money(cancellation.product_invoice_cap, terms.payment.currency)
    value = values.get(finding.item)
    if value is None or value.currency != cap.currency:
        computed = product_invoice_of(PRODUCT_INVOICE, cap, cap)
        computed = Computation(computed.clause, computed.amount, (
            f"The product's value in {cap.currency} was not stated: the cap, {cap}, is the "
            "most the brand may invoice.", *computed.steps))
    else:
        computed = product_invoice_of(PRODUCT_INVOICE, value, cap)
    return [Remedy(RemedyKind.PRODUCT_INVOICE, finding.item, computed)]

