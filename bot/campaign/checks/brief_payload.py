"""A case brief as its journal keeps it: plain JSON values only (text, whole numbers, booleans,
None, lists and dicts of them), so the entry's hash covers exactly what is read back, and a
history or an export reads the brief without the campaign.

Moments are ISO text in UTC (`bot.domain.clock.format_time`), amounts decimal text in the
currency's minor units ("750.00", "1500" for yen), enums their values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import NotRequired, TypedDict

from bot.campaign.checks.brief_record import AcceptancePayload, MomentPayload
from bot.campaign.checks.finding import Evidence, Finding
from bot.campaign.checks.outcome import Outcome, Remedy
from bot.campaign.terms.money import minor_units
from bot.domain.clock import format_time

BRIEF_FORMAT = 1  # the payload's shape: a reader of a later shape knows this one by it


class VersionPayload(TypedDict):
    number: int
    hash: str


class ItemPayload(TypedDict):
    """A disputed item and the terms in question on it: the paths its findings cite."""

    key: str
    kind: str  # "deliverable" or "milestone"
    path: str  # `deliverables[1]`, `payment.milestones[0]`
    terms: list[str]


class CitationPayload(TypedDict):
    path: str
    version: str


class EvidencePayload(TypedDict):
    what: str
    reference: str
    at: str | None


class FindingPayload(TypedDict):
    kind: str
    verdict: str
    item: str
    words: str
    settle: str
    citation: CitationPayload
    evidence: list[EvidencePayload]
    due: str | None
    measured_at: str | None
    stage: str | None  # a cancellation's phase
    cancelled_by: str | None  # a cancellation's side


class RemedyPayload(TypedDict):
    kind: str
    item: str
    clause: str
    amount: str
    steps: list[str]
    may_terminate: bool


class OutcomePayload(TypedDict):
    currency: str
    reduction: str  # off the fee, never more than `unpaid`
    kill_fees: str  # owed by the brand for cancelling
    unpaid: str  # the total less the milestones marked paid
    capped: bool
    clauses: list[str]
    for_negotiation: bool
    proposal: str  # the proposal's words, or that the outcome is for negotiation
    remedies: list[RemedyPayload]


class BriefPayload(TypedDict):
    format: int
    acceptances: NotRequired[list[AcceptancePayload]]  # of the version in force
    timeline: NotRequired[list[MomentPayload]]  # the disputed items' recorded moments
    disputes: NotRequired[str]  # "binding": the agreement's dispute clause binds decisions
    campaign: str
    title: str
    time_zone: str  # the agreement's: the zone the brief's words write moments in
    version: VersionPayload
    as_of: str
    disputed: list[str]
    items: list[ItemPayload]
    findings: list[FindingPayload]
    outcome: OutcomePayload


def amount_text(amount: Decimal, currency: str) -> str:
    """An amount as decimal text in the currency's minor units, never in exponent form."""
    places = minor_units(currency)
    return f"{amount:.{places if places is not None else 2}f}"


def moment_text(moment: datetime | None) -> str | None:
    """A moment as the journal writes times; None stays None. A moment without a zone (which
    findings leave indeterminate) cannot be placed in UTC, so its own text is kept."""
    if moment is None:
        return None
    return moment.isoformat() if moment.utcoffset() is None else format_time(moment)


def evidence_payload(evidence: Evidence) -> EvidencePayload:
    return {"what": evidence.what, "reference": evidence.reference,
            "at": moment_text(evidence.at)}


def finding_payload(finding: Finding) -> FindingPayload:
    return {
        "kind": finding.kind.value,
        "verdict": finding.verdict.value,
        "item": finding.item,
        "words": finding.words,
        "settle": finding.settle,
        "citation": {"path": finding.term.path, "version": finding.term.version},
        "evidence": [evidence_payload(e) for e in finding.evidence],
        "due": moment_text(finding.due),
        "measured_at": moment_text(finding.measured_at),
        "stage": None if finding.stage is None else finding.stage.value,
        "cancelled_by": None if finding.cancelled_by is None else finding.cancelled_by.value,
    }


def remedy_payload(remedy: Remedy) -> RemedyPayload:
    computed = remedy.computation
    return {
        "kind": remedy.kind.value,
        "item": remedy.item,
        "clause": computed.clause,
        "amount": amount_text(computed.amount.amount, computed.amount.currency),
        "steps": list(computed.steps),
        "may_terminate": computed.may_terminate,
    }


def outcome_payload(outcome: Outcome) -> OutcomePayload:
    currency = outcome.unpaid.currency
    return {
        "currency": currency,
        "reduction": amount_text(outcome.reduction.amount, currency),
        "kill_fees": amount_text(outcome.kill_fees.amount, currency),
        "unpaid": amount_text(outcome.unpaid.amount, currency),
        "capped": outcome.capped,
        "clauses": list(outcome.clauses),
        "for_negotiation": outcome.for_negotiation,
        "proposal": outcome.proposal,
        "remedies": [remedy_payload(r) for r in outcome.remedies],
    }


def items_payload(items: Sequence[tuple[str, str, str]], findings: Sequence[Finding]
                  ) -> list[ItemPayload]:
    """Each disputed item (key, kind, path) with the term paths its findings cite, in order."""
    return [{"key": key, "kind": kind, "path": path,
             "terms": list(dict.fromkeys(f.term.path for f in findings if f.item == key))}
            for key, kind, path in items]
