"""A rejection must cite an objective requirement of the agreement (Cohley, Trend: a reshoot
only for an objective breach of the brief). A matter of taste is a request for changes, counted
against the edit rounds. The bot refuses such a rejection when it is made in chat; this finding
checks the ones the record holds, e.g. made under an earlier version or told afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.terms.deliverables import Deliverable


@dataclass(frozen=True)
class Rejection:
    """A draft rejected, as the record holds it (its `draft_rejected` event)."""

    deliverable: str  # the deliverable's key
    requirement: str  # the requirement's key it cited; "" if none
    at: datetime | None = None
    draft: str = ""  # the rejected draft: a link or an evidence file's sha256


def rejection_finding(deliverable: Deliverable, path: str, version: str,
                      rejection: Rejection) -> Finding:
    """Whether a rejection of the deliverable's draft cited an objective requirement."""
    key, cited = deliverable.key, rejection.requirement.strip()
    evidence = (Evidence("the rejected draft", rejection.draft, rejection.at),)
    number = next((n for n, r in enumerate(deliverable.requirements) if r.key == cited), None)
    if number is None:
        said = f"cited {cited}, which deliverable {key} does not have" if cited else (
            "cited no requirement")
        return Finding(FindingKind.REJECTION_NOT_OBJECTIVE, key,
                       Citation(f"{path}.requirements", version), evidence, Verdict.BREACH,
                       f"The rejection {said}: a draft is rejected only for an objective "
                       "requirement; a matter of taste is a request for changes.")
    requirement = deliverable.requirements[number]
    term = Citation(f"{path}.requirements[{number}]", version)
    named = f"{cited} ({requirement.kind.value.replace('_', ' ')}: {requirement.value})"
    if requirement.objective:
        return Finding(FindingKind.REJECTION_NOT_OBJECTIVE, key, term, evidence, Verdict.MET,
                       f"The rejection cited {named}, an objective requirement.")
    return Finding(FindingKind.REJECTION_NOT_OBJECTIVE, key, term, evidence, Verdict.BREACH,
                   f"The rejection cited {named}, which the agreement does not mark "
                   "objective: that is a matter for the edit rounds, not a rejection.")
