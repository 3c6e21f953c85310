"""The campaign agreement's terms: everything a case is later checked against, typed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.campaign.checks.disclosure import Regime
from bot.campaign.parties import CampaignParty
from bot.campaign.terms.approval import ApprovalPolicy
from bot.campaign.terms.cancellation import Cancellation
from bot.campaign.terms.clauses import Clause
from bot.campaign.terms.deliverables import Deliverable
from bot.campaign.terms.kpis import KpiTarget
from bot.campaign.terms.payments import PaymentTerms
from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.rights import AdAccess, Exclusivity, UsageRights
from bot.campaign.terms.terms_check import problems


class Disputes(StrEnum):
    """The agreement's dispute clause: what a mediator's ruling is, should a case fail."""

    MEDIATION = "mediation"  # a recommendation each party accepts or not
    BINDING = "binding"  # a mediator may decide, and the decision binds (open to appeal)


@dataclass(frozen=True)
class CampaignTerms:
    """One version of what was agreed. Built only if every term is valid: otherwise
    `InvalidAgreement` lists each problem by its field path, and nothing is built."""

    title: str
    parties: tuple[CampaignParty, ...]
    relationship: Relationship
    deliverables: tuple[Deliverable, ...]
    approval: ApprovalPolicy
    payment: PaymentTerms
    disclosure_regime: Regime  # defined with its rule lists, in checks/disclosure.py
    usage_rights: tuple[UsageRights, ...] = ()
    ad_access: tuple[AdAccess, ...] = ()
    exclusivity: Exclusivity | None = None
    cancellation: Cancellation | None = None
    clauses: tuple[Clause, ...] = ()
    kpis: tuple[KpiTarget, ...] = ()
    time_zone: str = "UTC"  # IANA name: every timer of the agreement is counted in it
    disputes: Disputes = Disputes.MEDIATION

    def __post_init__(self) -> None:
        found = problems(self)
        if found:
            raise InvalidAgreement(found)

    def deliverable(self, key: str) -> Deliverable | None:
        """The deliverable a payment, clause or finding cites by key."""
        return next((d for d in self.deliverables if d.key == key), None)

    def clause(self, key: str) -> Clause | None:
        """The remedy clause a computed outcome cites by key."""
        return next((c for c in self.clauses if c.key == key), None)
