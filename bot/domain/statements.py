"""Sealed statements: each side's account stays with that side (and the mediators) until both
are in, then both are revealed together so that nobody anchors on the other."""

from __future__ import annotations

from datetime import datetime

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.commands import SubmitStatement
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role
from bot.domain.journal import Event
from bot.domain.policy import Policy
from bot.domain.visibility import side_only

RESPONDENT_POSITIONS = ("admit", "partly_admit", "dispute", "counterclaim")
CLAIMANT_POSITION = "claim"


def submit(case: Case, command: SubmitStatement, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    side = case.side_of(actor)
    assert side is not None  # the rule admits parties only
    statement = dict(command.statement)
    if role is Role.CLAIMANT:
        statement["position"] = CLAIMANT_POSITION
    elif statement.get("position") not in RESPONDENT_POSITIONS:
        raise Refusal(
            "As the respondent, say whether you admit, partly admit, dispute or counterclaim: "
            f"position={'|'.join(RESPONDENT_POSITIONS)}."
        )
    events = [
        Event(
            kinds.STATEMENT_SUBMITTED,
            {"side": side.value, "statement": statement, "amended": side in case.statements},
            visibility=side_only(side),
        )
    ]
    other = case.statements.get(side.other)
    if other is not None:
        events.append(
            Event(
                kinds.STATEMENTS_REVEALED,
                {"statements": {side.value: statement, side.other.value: dict(other)},
                 "cause": "both_submitted"},
            )
        )
    return events
