"""Who is who at the console: names are identities (`@ben` is `console:ben`)."""

from __future__ import annotations

import re

from adapters.console.translate import PLATFORM
from bot.domain.identity import Actor

NAME = re.compile(r"^[\w.\-]{1,40}$")


class ConsolePeople:
    """`bot.outcome.People` for the console; the configured names mediate."""

    def __init__(self, mediators: tuple[str, ...]) -> None:
        self.mediators = frozenset(mediators)

    def actor(self, name: str) -> Actor:
        """The person called `name` (names are compared without case)."""
        key = name.casefold()
        return Actor(f"{PLATFORM}:{key}", name, is_mediator=key in self.mediators)

    async def resolve(self, token: str) -> Actor | None:
        name = token.strip().lstrip("@")
        return self.actor(name) if NAME.match(name) else None
