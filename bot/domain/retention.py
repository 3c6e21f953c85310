"""Deciding retention, legal holds and erasure requests (what they remove is in
`bot/domain/erasure.py`).

- When a case closes in a community with a retention period, a `retention_set` entry says
  until when its content is kept; the `retention` deadline then erases it (`content_erased`
  with `through`: every entry before). A restart changes nothing: the deadline is a row.
- A legal hold (`legal_hold_placed`, by an operator, with a reason) suspends that deadline
  and refuses any erasure; lifting it (`legal_hold_lifted`) brings the deadline back.
- An operator's erasure request removes one person's content (`content_erased` with the
  `entries` it removes and the `person`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import EraseContent, FireDeadline, HoldCase
from bot.domain.erasure import RETENTION
from bot.domain.errors import Refusal, TryAgain
from bot.domain.identity import OPERATOR, Actor, Role
from bot.domain.journal import Event
from bot.domain.phases import Phase
from bot.domain.policy import Policy
from bot.domain.retention_fold import KEY
from bot.domain.text import clean_text

MAX_REASON = 500


def with_retention(case: Case | None, events: list[Event], now: datetime,
                   policy: Policy) -> list[Event]:
    """`events`, and when they close the case in a community that keeps content for a
    limited time, the date retention will erase it."""
    if policy.retention_days <= 0 or not any(e.kind == kinds.CASE_CLOSED for e in events):
        return events
    until = now + timedelta(days=policy.retention_days)
    return [*events, Event(kinds.RETENTION_SET, {"until": format_time(until),
                                                 "days": policy.retention_days})]


def fire(case: Case, command: FireDeadline) -> list[Event]:
    """The retention deadline fell due: erase the case's content, unless it is held."""
    if (case.phase is not Phase.CLOSED or case.legal_hold is not None or case.retained
            or case.deadlines.get(KEY) != command.due_at):
        return []
    return [Event(kinds.CONTENT_ERASED, {"reason": RETENTION, "person": None,
                                         "through": case.version})]


def _operator(actor: Actor) -> None:
    if not actor.user_id.startswith(OPERATOR):
        raise Refusal("Only the deployment's operator does that, with the `mediator` command.")


def _reason(reason: str) -> str:
    text = clean_text(reason).strip()
    if not text:
        raise Refusal("Give a reason: it is journaled with what it does.")
    if len(text) > MAX_REASON:
        raise Refusal(f"Keep the reason within {MAX_REASON} characters.")
    return text


def hold(case: Case, command: HoldCase, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    _operator(actor)
    reason = _reason(command.reason)
    if command.lift:
        if case.legal_hold is None:
            raise Refusal(f"Case {case.id} is not under a legal hold.")
        return [Event(kinds.LEGAL_HOLD_LIFTED, {"reason": reason})]
    if case.legal_hold is not None:
        raise Refusal(f"Case {case.id} is already under a legal hold ({case.legal_hold}).")
    return [Event(kinds.LEGAL_HOLD_PLACED, {"reason": reason})]


def erase(case: Case, command: EraseContent, actor: Actor, role: Role, now: datetime,
          policy: Policy) -> list[Event]:
    _operator(actor)
    reason = _reason(command.reason)
    if case.legal_hold is not None:
        raise Refusal(f"Case {case.id} is under a legal hold ({case.legal_hold}): nothing "
                      "in it is erased until the hold is lifted.")
    if command.version != case.version:
        raise TryAgain(f"Case {case.id} moved on while the erasure was planned.")
    if not command.entries:
        raise Refusal(f"There is no content of {command.person} left to erase in {case.id}.")
    if any(not 0 < seq <= case.version for seq in command.entries):
        raise Refusal(f"Case {case.id} has no such entries.")
    return [Event(kinds.CONTENT_ERASED, {
        "reason": reason, "person": command.person, "entries": sorted(set(command.entries)),
        "kept": command.kept})]
