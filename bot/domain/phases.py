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
    CLOSED = "closed"


OPEN_PHASES = frozenset(p for p in Phase if p is not Phase.CLOSED)
ALL_PHASES = frozenset(Phase)
# Until both sides have signed, the claimant may still walk away; after, the case is settled.
BEFORE_SIGNATURES = OPEN_PHASES - {Phase.COMPLIANCE}


class ClosedReason(StrEnum):
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    IMPASSE = "impasse"
    CLOSED_BY_MEDIATOR = "closed_by_mediator"


MEDIATOR_CLOSE_REASONS = (ClosedReason.IMPASSE, ClosedReason.CLOSED_BY_MEDIATOR)
