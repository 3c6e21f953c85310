"""What each kind of console line does, registered here and nowhere else: who is typing,
which room they are in, `/mediate` commands, evidence and agreement files, the clock, and
what they write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.console.listeners import campaigns, commands, messages, people, rooms

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession


def register(session: ConsoleSession) -> None:
    """Register every console listener on `session`."""
    people.register(session)
    rooms.register(session)
    commands.register(session)
    campaigns.register(session)
    messages.register(session)
