"""The phases a case moves through and the reasons it can close."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    AWAITING_RESPONSE = "awaiting_response"
    STATEMENTS = "statements"
    NEGOTIATION = "negotiation"
    AGREEMENT = "agreement"
    # Both signed; the case waits for what the agreement promises by a date (the follow-ups).
    COMPLIANCE = "compliance"
    # Talking failed: each side's final position, sealed until both are in or the deadline.
    REVIEW = "review"
    # The mediator's recommendation waits for each side's answer (or for a decision).
    RECOMMENDATION = "recommendation"
    # A binding decision: open to appeal for a window, its follow-ups watched.
    DECIDED = "decided"
    # A party appealed the decision with new information; another mediator reviews it.
    APPEAL = "appeal"
    CLOSED = "closed"


OPEN_PHASES = frozenset(p for p in Phase if p is not Phase.CLOSED)
ALL_PHASES = frozenset(Phase)
# Until both sides have signed, or a decision binds them, the claimant may still walk away.
BEFORE_SIGNATURES = OPEN_PHASES - {Phase.COMPLIANCE, Phase.DECIDED, Phase.APPEAL}
# Where a decision is in force: appealed, or watched until its follow-ups are done.
UNDER_DECISION = frozenset({Phase.DECIDED, Phase.APPEAL})


class ClosedReason(StrEnum):
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    IMPASSE = "impasse"
    CLOSED_BY_MEDIATOR = "closed_by_mediator"
    DECIDED = "decided"  # a binding decision, no longer open to appeal, carried out


MEDIATOR_CLOSE_REASONS = (ClosedReason.IMPASSE, ClosedReason.CLOSED_BY_MEDIATOR)
