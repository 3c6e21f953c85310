"""The gateway session: a new session reads back what was missed, and an exception a
listener let through is reported (discord.py would only log it)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import discord

from adapters.discord.backfill import backfill
from adapters.discord.handlers import Handler


class Recovery:
    """The backfill of a new gateway session, one at a time; cancelled when the bot stops."""

    def __init__(self, client: discord.Client, handler: Handler) -> None:
        self.client = client
        self.handler = handler
        self._task: asyncio.Task[int] | None = None

    async def on_ready(self) -> None:
        """A new gateway session (not a resumed one, which replays what it missed): read back
        what was said in case threads while no session listened (`adapters.discord.backfill`)."""
        if self._task is not None and not self._task.done():
            return
        self.handler.in_flight.began()
        self._task = asyncio.create_task(backfill(self.handler, self.client), name="backfill")
        self._task.add_done_callback(self._recovered)

    def _recovered(self, task: asyncio.Task[int]) -> None:
        if not task.cancelled() and task.exception() is not None:
            self.handler.on_failure(task.exception())  # type: ignore[arg-type]
        self.handler.in_flight.ended("backfill")

    def cancel(self) -> None:
        """Stop a backfill under way (the bot is stopping)."""
        if self._task is not None:
            self._task.cancel()


def register(client: discord.Client, handler: Handler) -> Recovery:
    """Listen to new sessions and to failures; the recovery, for the client to cancel."""
    recovery = Recovery(client, handler)

    async def on_error(event: str, /, *args: Any, **kwargs: Any) -> None:
        error = sys.exc_info()[1]
        if error is not None:
            handler.on_failure(error)

    client.event(recovery.on_ready)
    client.event(on_error)
    return recovery
