"""The moves a deliverable or a payment milestone can make, the edges they move along, and the
events they record: the vocabulary both lifecycles share.

Each lifecycle declares its edges once, as a table of `Transition`s; a decider only ever moves
along an edge `declared` finds, so no code path can take an undeclared one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Generic, TypeVar

from bot.domain.machine import UndeclaredTransition


class Move(StrEnum):
    """What someone (or the bot, when a timer runs out) does to a deliverable or a milestone."""

    # A deliverable
    CONFIRM_PRODUCT_RECEIVED = "confirm_product_received"
    SUBMIT_DRAFT = "submit_draft"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    AUTO_APPROVE = "auto_approve"
    MARK_LIVE = "mark_live"
    KEEP_LIVE_DONE = "keep_live_done"
    REPORT_TAKEN_DOWN = "report_taken_down"
    CANCEL = "cancel"
    # A payment milestone
    TRIGGER_DUE = "trigger_due"
    INVOICE = "invoice"
    MARK_PAID = "mark_paid"
    CONFIRM_PAYMENT = "confirm_payment"
    DISPUTE = "dispute"


@dataclass(frozen=True)
class LifeEvent:
    """What a move records: a kind (`draft_submitted`, `milestone_invoiced`…) and its facts as
    text. The payload is copied and frozen: like the journal it feeds, it cannot be changed."""

    kind: str
    payload: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))


PhaseT = TypeVar("PhaseT", bound=StrEnum)  # a lifecycle's phases


@dataclass(frozen=True)
class Transition(Generic[PhaseT]):
    source: PhaseT | None  # None: where a life starts
    target: PhaseT
    move: Move | None  # None: the start, decided by the agreement rather than by a move
    kind: str  # the kind of the event the move records
    trigger: str  # the words on the diagram's arrow


def declared(
    table: tuple[Transition[PhaseT], ...], source: PhaseT | None, target: PhaseT, move: Move | None
) -> Transition[PhaseT]:
    """The declared edge for this step; a step the table lacks is a programming error."""
    for transition in table:
        if (transition.source, transition.target, transition.move) == (source, target, move):
            return transition
    raise UndeclaredTransition(f"{source} -> {target} by {move} is not declared")
