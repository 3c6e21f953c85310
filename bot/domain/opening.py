"""Opening a case, the respondent's answer, and the claimant's withdrawal."""

from __future__ import annotations

from datetime import datetime

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import Decline, Join, OpenCase, Withdraw
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Party, Role
from bot.domain.journal import Event
from bot.domain.phases import ClosedReason
from bot.domain.policy import Decisions, Policy


def open_case(command: OpenCase, actor: Actor, now: datetime, policy: Policy) -> list[Event]:
    if command.counterpart_id == actor.user_id:
        raise Refusal("You cannot open a case against yourself: name the other side.")
    if command.kind.side is command.counterpart_kind.side:
        raise Refusal(
            f"Both sides would be on the {command.kind.side} side: a case is between a brand "
            "(or its agency) and a creator."
        )
    claimant = Party(actor.user_id, actor.name, command.kind, command.kind.side)
    respondent = Party(
        command.counterpart_id,
        command.counterpart_name,
        command.counterpart_kind,
        command.counterpart_kind.side,
    )
    payload = {
        "community_id": command.community_id,
        "title": command.title,
        "details": dict(command.details),
        "claimant": claimant.to_json(),
        "respondent": respondent.to_json(),
        "response_due": format_time(now + policy.response_window),
    }
    if command.campaign is not None:
        payload["campaign"] = dict(command.campaign)
    return [Event(kinds.CASE_OPENED, payload)]


def join(case: Case, command: Join, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    return [
        Event(
            kinds.CASE_JOINED,
            {
                "statements_due": format_time(now + policy.statement_window),
                "evidence_due": format_time(now + policy.evidence_window),
                # The rules the case runs under once talking fails, as they were on joining:
                # decisions bind where the community or the campaign's agreement says so.
                "decisions": "binding" if binding(case, policy) else "advisory",
                "review_by": policy.review_by.value,
            },
        )
    ]


def binding(case: Case, policy: Policy) -> bool:
    """Whether a mediator's decision would bind in `case`: the community's policy, or the
    dispute clause of the campaign agreement the case was opened on."""
    return (policy.decisions is Decisions.BINDING
            or (case.campaign or {}).get("disputes") == "binding")


def decline(case: Case, command: Decline, actor: Actor, role: Role, now: datetime,
            policy: Policy) -> list[Event]:
    return [Event(kinds.CASE_CLOSED, {"reason": ClosedReason.DECLINED.value,
                                      "note": command.reason})]


def withdraw(case: Case, command: Withdraw, actor: Actor, role: Role, now: datetime,
             policy: Policy) -> list[Event]:
    return [Event(kinds.CASE_CLOSED, {"reason": ClosedReason.WITHDRAWN.value,
                                      "note": command.reason})]
