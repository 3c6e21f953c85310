"""Listener work in flight, and the one place where its failures become private answers.

Bolt answers Slack when a listener returns, so a listener acks and hands what takes longer
to `after_ack`, which runs it as a task of its own; `idle()` lets a runner (on shutdown) or a
test wait until every piece of work has finished, instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from slack_sdk.errors import SlackApiError

from adapters.slack.files import FileRefused
from adapters.slack.render import refusal_text
from adapters.slack.translate import Malformed
from bot.domain.errors import Refusal

log = logging.getLogger(__name__)

Answer = Callable[[str], Awaitable[None]]  # a private (ephemeral) answer to the actor


async def nobody(text: str) -> None:
    """For events nobody is waiting on an answer for."""


class InFlight:
    """The listeners' work still running (`idle()` waits for it), its failures kept."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[object]] = set()
        self.failures: list[BaseException] = []  # unexpected errors, for tests and logs

    @asynccontextmanager
    async def handling(self, answer: Answer = nobody) -> AsyncIterator[None]:
        """Track this task; turn refusals and bad input into a private answer."""
        task = asyncio.current_task()
        outermost = task is not None and task not in self._tasks  # handling() may nest
        if outermost:
            self._tasks.add(task)
        try:
            yield
        except Refusal as refusal:
            await self._answer(answer, refusal_text(refusal.message))
        except (Malformed, FileRefused) as problem:
            log.info("refused: %s", problem)
            await self._answer(answer, refusal_text(str(problem)))
        except SlackApiError as problem:
            log.warning("Slack refused a call: %s", problem.response.get("error"))
            self.failures.append(problem)
            await self._answer(answer, "Slack refused a step of that; it may be incomplete.")
        except Exception as problem:
            log.exception("a Slack listener failed")
            self.failures.append(problem)
            await self._answer(answer, "Something went wrong on our side; please try again.")
        finally:
            if outermost:
                self._tasks.discard(task)

    async def _answer(self, answer: Answer, text: str) -> None:
        try:
            await answer(text)
        except Exception as problem:  # the answer is a courtesy: never fail the handler on it
            log.warning("could not answer privately: %s", type(problem).__name__)

    def spawn(self, coroutine: Awaitable[object],
              answer: Answer = nobody) -> asyncio.Task[object]:
        """Run `coroutine` on its own (after the ack, or outbox delivery), tracked for
        `idle()`, its failures answered privately through `answer`."""

        async def run() -> None:
            async with self.handling(answer):
                await coroutine

        return asyncio.ensure_future(run())

    def after_ack(self, work: Callable[[], Awaitable[object]],
                  answer: Answer = nobody) -> None:
        """Run `work()` once the listener has returned and Slack has its answer."""
        self.spawn(work(), answer)

    async def idle(self) -> None:
        """Wait until no tracked work is running (listeners may start more while we wait)."""
        for _ in range(3):
            await asyncio.sleep(0)  # let tasks Bolt just created take their first step
        current = asyncio.current_task()
        while pending := [t for t in self._tasks if t is not current and not t.done()]:
            await asyncio.wait(pending)
            for _ in range(3):
                await asyncio.sleep(0)
