"""What people write in a case's rooms: the thread everyone shares, and each side's caucus.
Every message, every edit (each version) and every deletion (content kept) is journaled."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role, Side
from bot.domain.journal import Event
from bot.domain.mediation import taken
from bot.domain.policy import Policy
from bot.domain.text import MESSAGE_LIMIT, clean_text
from bot.domain.visibility import ALL, side_only

THREAD = "thread"


def caucus_room(side: Side) -> str:
    return f"caucus:{side.value}"


def _room_side(case: Case, room: str) -> Side | None:
    if room == THREAD:
        return None
    prefix, _, side_name = room.partition(":")
    if prefix != "caucus" or side_name not in {s.value for s in Side}:
        raise Refusal(f"There is no room {room!r} in case {case.id}.")
    return Side(side_name)


def _visibility(case: Case, room: str) -> str:
    side = _room_side(case, room)
    return ALL if side is None else side_only(side)


def room_visibility(case: Case, room: str, actor: Actor, role: Role) -> str:
    """Check who may write in `room` and return the visibility of what is written there."""
    side = _room_side(case, room)
    if side is None:
        return ALL
    if side not in case.caucuses:
        raise Refusal(f"No caucus with the {side} side is open in case {case.id}.")
    if role is Role.OBSERVER:
        raise Refusal("You read along in this caucus: only the side and the mediator write in it.")
    if role is not Role.MEDIATOR and case.side_of(actor) is not side:
        if case.taken_from(actor):
            raise taken(case)
        raise Refusal("This caucus is private to one side and the mediator.")
    return side_only(side)


def _check_text(text: str) -> None:
    """Refuse what cannot be a message; `text` is already cleaned."""
    if not text.strip():
        raise Refusal("An empty message has nothing to record.")
    if len(text) > MESSAGE_LIMIT:
        raise Refusal(f"That message is longer than {MESSAGE_LIMIT:,} characters: split it.")


def _with_markup(payload: dict[str, Any], text: str, markup: str | None) -> dict[str, Any]:
    """The platform's markup next to the text, only when it says more than the text."""
    if markup is not None:
        markup = clean_text(markup)
        if markup != text:
            payload["markup"] = markup
    return payload


def post(case: Case, command: PostMessage, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    visibility = room_visibility(case, command.room, actor, role)
    text = clean_text(command.text)
    _check_text(text)
    ref = command.ref or f"m{case.version + 1}"
    if ref in case.messages:
        raise Refusal(f"Message {ref} is already recorded.")
    said: dict[str, Any] = {"ref": ref, "room": command.room, "text": text}
    if command.recovered:
        said["recovered"] = True
    return [Event(kinds.MESSAGE_POSTED, _with_markup(said, text, command.markup),
                  visibility=visibility)]


def edit(case: Case, command: EditMessage, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    known = case.messages.get(command.ref)
    if not command.observed:
        if known is None or known.deleted:
            raise Refusal(f"There is no message {command.ref} to edit in case {case.id}.")
        if known.author_id != actor.user_id:
            raise Refusal("You can only edit your own messages.")
    room = known.room if known else command.room
    if command.observed:
        visibility = _visibility(case, room)
    else:
        visibility = room_visibility(case, room, actor, role)
    text = clean_text(command.text)
    _check_text(text)
    version = (known.versions if known else 1) + 1
    said = {"ref": command.ref, "room": room, "version": version, "text": text}
    return [Event(kinds.MESSAGE_EDITED, _with_markup(said, text, command.markup),
                  visibility=visibility)]


def delete(case: Case, command: DeleteMessage, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    known = case.messages.get(command.ref)
    if not command.observed:
        if known is None or known.deleted:
            raise Refusal(f"There is no message {command.ref} to delete in case {case.id}.")
        if known.author_id != actor.user_id:
            raise Refusal("You can only delete your own messages.")
    room = known.room if known else command.room
    visibility = _visibility(case, room)
    return [Event(kinds.MESSAGE_DELETED, {"ref": command.ref, "room": room},
                  visibility=visibility)]
