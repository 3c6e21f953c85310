"""Who takes part besides the two parties: the mediator handing the case to another, and
observers reading along with one side (acting for it only as its delegates)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.errors import Refusal
from bot.domain.identity import PARTY_ROLES, Actor, Role, Side
from bot.domain.journal import Event, JournalEntry
from bot.domain.mediation import briefing, require_assigned
from bot.domain.policy import Policy
from bot.domain.records import Mediator, Observer
from bot.domain.review_commands import AddObserver, HandOff, RemoveObserver

MAX_OBSERVERS = 20  # per case


def _outside_the_case(case: Case, person: Actor, what: str) -> None:
    if person.user_id in (case.claimant.user_id, case.respondent.user_id):
        raise Refusal(f"{person.name} is a party to case {case.id}: not {what}.")
    if case.mediator is not None and person.user_id == case.mediator.user_id:
        raise Refusal(f"{person.name} mediates case {case.id}: not {what}.")
    if person.user_id in case.recused:
        raise Refusal(f"{person.name} has stepped aside from case {case.id}: not {what}.")


def hand_off(case: Case, command: HandOff, actor: Actor, role: Role, now: datetime,
             policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    to = command.to
    if to.user_id == actor.user_id:
        raise Refusal("You mediate this case already: hand it to another mediator.")
    _outside_the_case(case, to, "its next mediator")
    if to.user_id in case.observers:
        raise Refusal(f"{to.name} observes case {case.id}: not its next mediator.")
    if not to.is_mediator:
        raise Refusal(f"{to.name} is not one of this community's mediators.")
    if to.user_id in case.recused:
        raise Refusal(f"{to.name} has already stepped aside from case {case.id}.")
    if not command.reason.strip():
        raise Refusal("Say why you hand the case on: `handoff @mediator <reason>`.")
    return [Event(kinds.MEDIATOR_HANDED_OFF, {
                "from": {"user_id": actor.user_id, "name": actor.name},
                "mediator": {"user_id": to.user_id, "name": to.name},
                "reason": command.reason}),
            briefing(to)]


def _observers_side(case: Case, actor: Actor, role: Role, side: Side | None) -> Side:
    """The side a new observer reads along with: a party's own; a mediator names one."""
    if role in PARTY_ROLES:
        own = case.side_of(actor)
        assert own is not None
        if side is not None and side is not own:
            raise Refusal(f"You add observers to your own side ({own}), not to the other.")
        return own
    if side is None:
        raise Refusal("Which side do they read along with? `observer add @person brand` "
                      "or `observer add @person creator`.")
    return side


def add_observer(case: Case, command: AddObserver, actor: Actor, role: Role, now: datetime,
                 policy: Policy) -> list[Event]:
    if role is Role.MEDIATOR:
        require_assigned(case, actor)
        if command.acts:
            raise Refusal("Only a side makes someone its delegate: the mediator adds observers "
                          "who read along.")
    person = command.person
    _outside_the_case(case, person, "an observer")
    side = _observers_side(case, actor, role, command.side)
    known = case.observers.get(person.user_id)
    if known is not None and role in PARTY_ROLES and known.side is not side:
        raise Refusal(f"{person.name} reads along with the other side: only that side or the "
                      "mediator changes that.")
    if known is not None and (known.side, known.acts) == (side, command.acts):
        raise Refusal(f"{person.name} already reads along with the {side} side.")
    if known is None and len(case.observers) >= MAX_OBSERVERS:
        raise Refusal(f"A case has at most {MAX_OBSERVERS} observers.")
    return [Event(kinds.OBSERVER_ADDED, {"user_id": person.user_id, "name": person.name,
                                         "side": side.value, "acts": command.acts})]


def remove_observer(case: Case, command: RemoveObserver, actor: Actor, role: Role,
                    now: datetime, policy: Policy) -> list[Event]:
    if role is Role.MEDIATOR:
        require_assigned(case, actor)
    known = case.observers.get(command.person.user_id)
    if known is None:
        raise Refusal(f"{command.person.name} does not observe case {case.id}.")
    if role in PARTY_ROLES and known.side is not case.side_of(actor):
        raise Refusal(f"{known.name} reads along with the other side: only that side or the "
                      "mediator removes them.")
    return [Event(kinds.OBSERVER_REMOVED, {"user_id": known.user_id, "side": known.side.value})]


def may_change_observers(case: Case, side: Side | None) -> bool:
    """Room for one more observer, or one that `side` (any, for the mediator) may remove."""
    return len(case.observers) < MAX_OBSERVERS or any(
        side is None or o.side is side for o in case.observers.values())


# -- the fold ------------------------------------------------------------------------------------
Changes = dict[str, Any]


def _handed_off(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    m = p["mediator"]
    return {"mediator": Mediator(m["user_id"], m["name"]),
            "recused": case.recused | {p["from"]["user_id"]}}


def _added(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    observer = Observer(p["user_id"], p["name"], Side(p["side"]), bool(p["acts"]))
    return {"observers": {**case.observers, observer.user_id: observer}}


def _removed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"observers": {k: v for k, v in case.observers.items() if k != p["user_id"]}}


ROSTER_FOLDS = {
    kinds.MEDIATOR_HANDED_OFF: _handed_off,
    kinds.OBSERVER_ADDED: _added,
    kinds.OBSERVER_REMOVED: _removed,
}
