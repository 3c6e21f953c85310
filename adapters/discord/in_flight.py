"""Events being handled, and the one place where their failures are reported.

discord.py only logs what a listener raises: every event's handling goes through `guard`,
which reports an unexpected exception (and tells the person, for an interaction), and marks
the event handled for whoever observes (the tests). `drain` lets the client, on shutdown,
finish what is under way instead of cutting it off.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from adapters.discord import render

log = logging.getLogger(__name__)

Observer = Callable[[str], None]
Failure = Callable[[BaseException], None]
Interaction = discord.Interaction[Any]
T = TypeVar("T")
Then = Callable[["asyncio.Future[T]"], Awaitable[None] | None]
"""What follows an answer: nothing more, or a coroutine to run (a reply to send)."""


def log_failure(error: BaseException) -> None:
    log.error("handler failed", exc_info=error)


async def say_sorry(interaction: Interaction) -> None:
    """Tell the person privately that their action failed on the bot's side."""
    text = "Something went wrong on my side; nothing more was done. Please try again."
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True,
                                            allowed_mentions=render.NO_MENTIONS)
        else:
            await interaction.response.send_message(text, ephemeral=True,
                                                    allowed_mentions=render.NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not tell the person about a failure")


class InFlight:
    """How many events are being handled; each one's end is told to the observer."""

    def __init__(self, observer: Observer | None = None, on_failure: Failure = log_failure,
                 sorry: Callable[[Interaction], Awaitable[None]] = say_sorry) -> None:
        self.observer = observer  # told the key of every event once it is handled (tests)
        self.on_failure = on_failure
        self.sorry = sorry
        self.tasks: set[asyncio.Task[None]] = set()  # what follows answers (replies)
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def drain(self, timeout: float) -> None:
        """Wait (up to `timeout` seconds) for events being handled to finish: on shutdown,
        answers and journal writes under way are completed rather than cut off."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("stopping with %s event(s) still being handled", self._busy)

    def done(self, key: str) -> None:
        """An event that needed no handling (`began` was not called) is handled."""
        if self.observer is not None:
            self.observer(key)

    def began(self) -> None:
        """An event is being handled (`drain` waits for it)."""
        self._busy += 1
        self._idle.clear()

    def ended(self, key: str) -> None:
        """The event `began` is handled: mark `key` done."""
        self._busy -= 1
        if self._busy == 0:
            self._idle.set()
        self.done(key)

    def handling(self, key: str) -> Handling:
        """An event whose handling ends in a callback or another task (`Handling.end`)."""
        return Handling(self, key)

    def guard(self, key: str, interaction: Interaction | None = None) -> Guard:
        """`async with`: report any unexpected exception (and tell the person), then mark
        `key` handled."""
        return Guard(self, key, interaction)


class Handling:
    """One event's handling when it ends in a callback or another task, not in the
    listener's own block: whoever finishes it calls `end` (once is enough), or `follow`s
    the answer it waits for."""

    __slots__ = ("_ended", "_in_flight", "_key", "_then")

    def __init__(self, in_flight: InFlight, key: str) -> None:
        self._in_flight, self._key = in_flight, key
        self._ended = False
        self._then: Then[Any] | None = None
        in_flight.began()

    def end(self) -> None:
        """The event is handled."""
        if not self._ended:
            self._ended = True
            self._in_flight.ended(self._key)

    def fail(self, error: BaseException) -> None:
        """Report an unexpected exception; the event is handled."""
        self._in_flight.on_failure(error)
        self.end()

    def follow(self, answer: asyncio.Future[Any], then: Then[Any]) -> None:
        """The event is handled once `answer` is done and `then(answer)` has run (to its end,
        if it returns a coroutine): no task waits for the answer."""
        self._then = then
        answer.add_done_callback(self)  # the handling itself is the callback: nothing to build

    def __call__(self, answer: asyncio.Future[Any]) -> None:
        """`answer` is done: what follows it."""
        assert self._then is not None
        try:
            more = self._then(answer)
        except Exception as error:
            self.fail(error)
            return
        if more is None:
            self.end()
            return
        task = asyncio.get_running_loop().create_task(self.running(more))
        self._in_flight.tasks.add(task)
        task.add_done_callback(self._in_flight.tasks.discard)

    async def running(self, work: Awaitable[None]) -> None:
        """Run `work`; report what it raises; the event is handled when it ends."""
        try:
            await work
        except Exception as error:
            self._in_flight.on_failure(error)
        finally:
            self.end()


class Guard:
    """One event's handling in one block (a class, not a generator context manager: it
    wraps every gateway event, and this is cheaper)."""

    __slots__ = ("_in_flight", "_interaction", "_key")

    def __init__(self, in_flight: InFlight, key: str, interaction: Interaction | None) -> None:
        self._in_flight, self._key, self._interaction = in_flight, key, interaction

    async def __aenter__(self) -> None:
        self._in_flight.began()

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        _trace: object) -> bool:
        in_flight = self._in_flight
        try:
            if isinstance(error, Exception):
                in_flight.on_failure(error)
                if self._interaction is not None:
                    await in_flight.sorry(self._interaction)
                return True  # reported: the event is handled
            return False
        finally:
            in_flight.ended(self._key)
