"""Mediators: the request, taking a case, private caucus, notes, and closing."""

from __future__ import annotations

from datetime import datetime

from bot.domain import kinds
from bot.domain.agreement import APPEAL_KEY
from bot.domain.case import Case
from bot.domain.commands import Caucus, Close, Note, RequestMediator, Take
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role
from bot.domain.journal import Event
from bot.domain.phases import MEDIATOR_CLOSE_REASONS, UNDER_DECISION, ClosedReason, Phase
from bot.domain.policy import Policy
from bot.domain.visibility import MEDIATORS, side_only

BOUND = UNDER_DECISION | {Phase.COMPLIANCE}  # signed, or decided


def request(case: Case, command: RequestMediator, actor: Actor, role: Role, now: datetime,
            policy: Policy) -> list[Event]:
    if case.mediator is not None:
        raise Refusal(f"{case.mediator.name} is already mediating case {case.id}.")
    if case.mediation_requested:
        raise Refusal(f"A mediator has already been asked for in case {case.id}.")
    return [Event(kinds.MEDIATOR_REQUESTED, {"reason": command.reason})]


def take(case: Case, command: Take, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    if case.mediator is not None:
        raise Refusal(f"{case.mediator.name} is already mediating case {case.id}.")
    return [Event(kinds.MEDIATOR_ASSIGNED,
                  {"mediator": {"user_id": actor.user_id, "name": actor.name}}),
            briefing(actor)]


def briefing(mediator: Actor) -> Event:
    """The record that `mediator` was shown the case's briefing, as the case then stood
    (the briefing itself is read from the case: `bot.text.briefing`)."""
    return Event(kinds.BRIEFING_GIVEN, {"to": mediator.user_id, "name": mediator.name},
                 visibility=MEDIATORS)


def taken(case: Case) -> Refusal:
    """What a mediator hears about a case another mediator took."""
    assert case.mediator is not None
    name = case.mediator.name
    return Refusal(f"Case {case.id} is taken: {name} is already mediating it. Only {name}, who "
                   f"mediates case {case.id}, can act in it as its mediator or see its "
                   "caucuses, notes and sealed statements.")


def require_assigned(case: Case, actor: Actor) -> None:
    if case.mediator is None:
        raise Refusal(f"Take case {case.id} first (`take`): nobody is mediating it yet.",
                      ("take",))
    if case.mediator.user_id != actor.user_id:
        raise Refusal(f"Only {case.mediator.name}, who mediates case {case.id}, can do that.")


def caucus(case: Case, command: Caucus, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    party = case.find_party(command.party)
    if party is None:
        names = " or ".join(p.name for p in case.parties())
        raise Refusal(f"{command.party!r} is not a party to case {case.id}: name {names}.")
    if party.side in case.caucuses:
        raise Refusal(f"The caucus with {party.name} is already open.")
    return [Event(kinds.CAUCUS_OPENED, {"side": party.side.value, "party": party.name},
                  visibility=side_only(party.side))]


def note(case: Case, command: Note, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    if not command.text.strip():
        raise Refusal("A note needs some text: `note <text>`.")
    return [Event(kinds.MEDIATOR_NOTE, {"text": command.text}, visibility=MEDIATORS)]


def close(case: Case, command: Close, actor: Actor, role: Role, now: datetime,
          policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    if command.reason not in MEDIATOR_CLOSE_REASONS:
        allowed = " or ".join(r.value for r in MEDIATOR_CLOSE_REASONS)
        raise Refusal(f"A mediator closes a case as {allowed}.")
    if case.phase in BOUND and command.reason is ClosedReason.IMPASSE:
        # Signed or decided: nothing is left to disagree on, only follow-ups to see through.
        bound = "Both sides signed the agreement" if case.phase is Phase.COMPLIANCE else \
            "A decision binds the parties"
        raise Refusal(f"{bound} in case {case.id}: there is no impasse. "
                      "Close it as closed_by_mediator, with a note saying why.")
    if case.phase is Phase.DECIDED and APPEAL_KEY in case.deadlines:
        raise Refusal("The decision is open to appeal until its window closes: the case "
                      "closes by itself then, once its follow-ups are done.")
    return [Event(kinds.CASE_CLOSED, {"reason": command.reason.value, "note": command.note})]
