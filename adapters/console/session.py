"""The console: several people in one terminal, each line a message or a command.

The same core as Slack and Discord: lines become requests for the service; replies and outbox
notifications are printed with their audience, so a script of lines reads as a transcript.
Each kind of line is handled by a listener registered in `adapters.console.listeners`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from adapters.console import translate as t
from adapters.console.delivery import Delivery
from adapters.console.listeners import register
from adapters.console.people import ConsolePeople
from adapters.console.render import render_refusal
from adapters.outbox import Courier
from adapters.wiring import App
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.exchange import Context, Outcome
from bot.ports import Community


class ConsoleClock:
    """The time at the console: the real time, moved on by every `/wait`."""

    def __init__(self, real: Callable[[], datetime]) -> None:
        self.real = real
        self.moved = timedelta()

    def now(self) -> datetime:
        return self.real() + self.moved

    def advance(self, span: timedelta) -> None:
        self.moved += span


Ask = Callable[[str], Awaitable[str | None]]
Listener = Callable[["ConsoleSession", Any], Awaitable[Outcome | None]]
"""Handles one kind of input line (`translate.ConsoleInput`); refusals are raised."""


class ConsoleSession:
    """Who is typing, in which case and room, and which listener takes each kind of line."""

    def __init__(self, app: App, mediators: tuple[str, ...], out: Callable[[str], None],
                 ask: Ask | None = None, export_dir: Path = Path("exports")) -> None:
        self.app = app
        # The console's clock can be moved on (`/wait`): the service reads the time from it.
        self.clock = ConsoleClock(app.service.clock)
        app.service.clock = self.clock.now
        self.people = ConsolePeople(mediators)
        self.out = out
        self.ask = ask  # set when a person is at the keyboard: forms become prompts
        self.delivery = Delivery(app.store, out, export_dir)
        self.user: Actor | None = None
        self.case_id: str | None = None
        self.room = "thread"
        self.refusals = 0
        self._listeners: dict[type, tuple[Listener, bool]] = {}
        register(self)

    @property
    def courier(self) -> Courier:
        """Delivers the console's outbox (the timers use it too)."""
        return self.delivery.courier

    def on(self, kind: type, listener: Listener, *, acts: bool = True) -> None:
        """Hand lines of `kind` to `listener`. An act needs someone at the keyboard (`/as`),
        and the outbox is delivered after it."""
        self._listeners[kind] = (listener, acts)

    async def start(self) -> None:
        await self.app.service.ensure_community(Community(
            t.COMMUNITY, t.PLATFORM, "Console", mediators=tuple(self.people.mediators)))

    @property
    def prompt(self) -> str:
        who = self.user.name if self.user else "(nobody: /as <name>)"
        where = self.case_id or "lobby"
        if self.case_id and self.room != "thread":
            where += f"/{self.room}"
        return f"{who}@{where}> "

    def context(self) -> Context:
        """The person at the keyboard, where they are."""
        assert self.user is not None
        return Context(self.user, t.COMMUNITY, t.PLATFORM, self.people, self.case_id, self.room)

    async def feed(self, line: str) -> bool:
        """Handle one line; False when the person asked to quit."""
        action = t.translate(line)
        if isinstance(action, t.Quit):
            return False
        if isinstance(action, t.Problem):
            self.out(f"  {action.message}")
            return True
        found = self._listeners.get(type(action))
        if found is None:  # nothing to do (a blank line, a comment)
            return True
        listener, acts = found
        if acts and self.user is None:
            self.out("  Say who you are first: /as <name>")
            return True
        try:
            outcome = await listener(self, action)
        except Refusal as refusal:
            self.refusals += 1
            self.out(render_refusal(refusal.message))
            return True
        if outcome is not None:
            self.delivery.show(outcome)
        if acts:
            await self.delivery.outbox()
        return True
