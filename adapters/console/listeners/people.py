"""`/as <name>`: who is typing now (several people share one terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.console import translate as t
from adapters.console.people import NAME
from bot.domain.conversation import room_visibility
from bot.domain.errors import Refusal
from bot.exchange import Outcome

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession


def register(session: ConsoleSession) -> None:
    session.on(t.SwitchUser, switch_user, acts=False)


async def switch_user(session: ConsoleSession, action: t.SwitchUser) -> Outcome | None:
    """Act as someone else from now on; out of a caucus that is not theirs."""
    name = action.name.lstrip("@")
    if not NAME.match(name):
        session.out("  A console name is letters, digits, '.', '-' or '_' (up to 40).")
        return None
    user = session.user = session.people.actor(name)
    role = " (mediator)" if user.is_mediator else ""
    session.out(f"  You are now {user.name}{role}.")
    if session.case_id and session.room != "thread":
        case = await session.app.service.case(session.case_id, t.COMMUNITY)
        try:
            room_visibility(case, session.room, user, case.role_of(user))
        except Refusal:
            # Someone else's caucus: the new person starts in the case's thread.
            session.room = "thread"
            session.out(f"  Now in {session.case_id} thread.")
    return None
