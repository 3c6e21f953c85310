"""The phase machine: every phase change a case can make, declared once.

The deciding pipeline checks each folded step against this table, so no code path can move a
case along an undeclared edge; `bot.domain.diagram` draws the table as a Mermaid diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import kinds
from bot.domain.phases import Phase


@dataclass(frozen=True)
class Transition:
    source: Phase | None
    target: Phase
    entry_kind: str
    trigger: str


_CLOSERS = "decline / no answer in time / withdraw / mediator closes"

TRANSITIONS: tuple[Transition, ...] = (
    Transition(None, Phase.AWAITING_RESPONSE, kinds.CASE_OPENED, "open"),
    Transition(Phase.AWAITING_RESPONSE, Phase.STATEMENTS, kinds.CASE_JOINED, "join"),
    Transition(Phase.AWAITING_RESPONSE, Phase.CLOSED, kinds.CASE_CLOSED, _CLOSERS),
    Transition(Phase.STATEMENTS, Phase.NEGOTIATION, kinds.STATEMENTS_REVEALED,
               "both statements in, or their deadline: revealed"),
    Transition(Phase.STATEMENTS, Phase.CLOSED, kinds.CASE_CLOSED, "withdraw / mediator closes"),
    Transition(Phase.NEGOTIATION, Phase.AGREEMENT, kinds.AGREEMENT_DRAFTED,
               "accept N / blind bids meet"),
    Transition(Phase.NEGOTIATION, Phase.CLOSED, kinds.CASE_CLOSED, "withdraw / mediator closes"),
    Transition(Phase.AGREEMENT, Phase.COMPLIANCE, kinds.AGREEMENT_SIGNED,
               "both sign an agreement with follow-ups"),
    Transition(Phase.AGREEMENT, Phase.CLOSED, kinds.CASE_CLOSED,
               "both sign, no follow-ups: settled / withdraw / mediator closes"),
    Transition(Phase.COMPLIANCE, Phase.CLOSED, kinds.CASE_CLOSED,
               "both confirm every follow-up: settled / mediator closes"),
    # When talking fails: review, recommendation, decision, appeal.
    Transition(Phase.NEGOTIATION, Phase.REVIEW, kinds.REVIEW_OPENED,
               "review: final positions, sealed"),
    Transition(Phase.REVIEW, Phase.RECOMMENDATION, kinds.RECOMMENDATION_MADE, "recommend"),
    Transition(Phase.REVIEW, Phase.DECIDED, kinds.DECISION_MADE, "decide (binding)"),
    Transition(Phase.REVIEW, Phase.CLOSED, kinds.CASE_CLOSED, "withdraw / mediator closes"),
    Transition(Phase.RECOMMENDATION, Phase.AGREEMENT, kinds.AGREEMENT_DRAFTED,
               "both accept the recommendation"),
    Transition(Phase.RECOMMENDATION, Phase.DECIDED, kinds.DECISION_MADE,
               "rejected or lapsed: decide (binding)"),
    Transition(Phase.RECOMMENDATION, Phase.CLOSED, kinds.CASE_CLOSED,
               "withdraw / mediator closes"),
    Transition(Phase.DECIDED, Phase.APPEAL, kinds.APPEAL_LODGED,
               "appeal with new information, in the window"),
    Transition(Phase.DECIDED, Phase.CLOSED, kinds.CASE_CLOSED,
               "appeal window over, follow-ups done: decided / mediator closes"),
    Transition(Phase.APPEAL, Phase.DECIDED, kinds.DECISION_UPHELD,
               "another mediator upholds it"),
    Transition(Phase.APPEAL, Phase.DECIDED, kinds.DECISION_MADE,
               "another mediator replaces it"),
    Transition(Phase.APPEAL, Phase.CLOSED, kinds.CASE_CLOSED,
               "upheld or replaced, nothing owed: decided / mediator closes"),
    Transition(Phase.CLOSED, Phase.AWAITING_RESPONSE, kinds.CASE_REOPENED,
               "a mediator reopens (closed unanswered)"),
    Transition(Phase.CLOSED, Phase.STATEMENTS, kinds.CASE_REOPENED,
               "a mediator reopens (closed before the statements)"),
    Transition(Phase.CLOSED, Phase.NEGOTIATION, kinds.CASE_REOPENED, "a mediator reopens"),
)

_EDGES = {(t.source, t.target, t.entry_kind) for t in TRANSITIONS}


class UndeclaredTransition(RuntimeError):
    """A programming error: the code tried to move a case along an edge the table lacks."""


def check_transition(source: Phase | None, target: Phase, entry_kind: str) -> None:
    if source == target:
        return
    if (source, target, entry_kind) not in _EDGES:
        raise UndeclaredTransition(f"{source} -> {target} by {entry_kind} is not declared")
