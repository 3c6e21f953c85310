"""The phases a case moves through and the reasons it can close."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    AWAITING_RESPONSE = "awaiting_response"
    STATEMENTS = "statements"
    NEGOTIATION = "negotiation"
    AGREEMENT = "agreement"
    CLOSED = "closed"


OPEN_PHASES = frozenset(p for p in Phase if p is not Phase.CLOSED)
ALL_PHASES = frozenset(Phase)


class ClosedReason(StrEnum):
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    IMPASSE = "impasse"
    CLOSED_BY_MEDIATOR = "closed_by_mediator"


MEDIATOR_CLOSE_REASONS = (ClosedReason.IMPASSE, ClosedReason.CLOSED_BY_MEDIATOR)
