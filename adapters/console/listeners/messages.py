"""What people write in the current case room, and their edits and deletions: journaled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.console import translate as t
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.domain.errors import Refusal
from bot.exchange import Outcome

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession


def register(session: ConsoleSession) -> None:
    session.on(t.Say, say)
    session.on(t.Edit, edit)
    session.on(t.Delete, delete)


def _case_of(session: ConsoleSession) -> str:
    if session.case_id is None:
        raise Refusal("You are not in a case room: /mediate open, or /in <case id>.")
    return session.case_id


async def say(session: ConsoleSession, action: t.Say) -> Outcome:
    """A message in the room; its ref is shown, for `/edit` and `/delete`."""
    outcome = await session.app.service.act(session.context(), _case_of(session),
                                            PostMessage(action.text, session.room))
    session.out(f"  [journal] {outcome.entries[0].payload['ref']}")
    return outcome


async def edit(session: ConsoleSession, action: t.Edit) -> Outcome:
    return await session.app.service.act(session.context(), _case_of(session),
                                         EditMessage(action.ref, action.text))


async def delete(session: ConsoleSession, action: t.Delete) -> Outcome:
    return await session.app.service.act(session.context(), _case_of(session),
                                         DeleteMessage(action.ref))
