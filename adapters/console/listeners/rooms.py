"""`/in <case id>`, `/in thread`, `/in caucus [party]`: which room of which case the person
at the keyboard writes in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.console import translate as t
from bot.domain.conversation import room_visibility
from bot.domain.identity import Side
from bot.exchange import Outcome
from bot.input.campaign_requests import CAMPAIGN_ID
from bot.input.grammar import CASE_ID

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession

SIDES = tuple(side.value for side in Side)


def register(session: ConsoleSession) -> None:
    session.on(t.SwitchRoom, switch_room, acts=False)


async def switch_room(session: ConsoleSession, action: t.SwitchRoom) -> Outcome | None:
    """Go to a case's thread or a caucus; the core refuses a caucus that is not yours."""
    word, _, rest = action.target.partition(" ")
    if CASE_ID.match(word) or CAMPAIGN_ID.match(word):
        session.case_id, session.room = word.upper(), "thread"
    elif word == "thread":
        session.room = "thread"
    elif word.startswith("caucus") and session.case_id:
        service = session.app.service
        side = word.partition(":")[2] or (rest if rest in SIDES else "")
        if not side:
            case = await service.case(session.case_id, t.COMMUNITY)
            who = rest or (session.user.name if session.user else "")
            party = case.find_party(who)
            side = party.side.value if party else ""
        if side not in SIDES:
            session.out("  Which caucus? /in caucus <party name> or /in caucus:<brand|creator>")
            return None
        if session.user is None:
            session.out("  Say who you are first: /as <name>")
            return None
        # A caucus is one side's and its mediator's: the core says who may be in it.
        case = await service.case(session.case_id, t.COMMUNITY)
        room_visibility(case, f"caucus:{side}", session.user, case.role_of(session.user))
        session.room = f"caucus:{side}"
    else:
        session.out("  /in <case id>, or inside a case: /in thread, /in caucus [party]")
        return None
    session.out(f"  Now in {session.case_id} {session.room}.")
    return None
