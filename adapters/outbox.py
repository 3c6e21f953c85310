"""Delivering the outbox: notifications that are not direct answers (reminders, escalations,
"the other side proposed", what the bot does by itself), for one platform.

Each message is claimed before it is sent, so workers polling together never send one twice;
a failed attempt is retried with exponential backoff (or when the platform says, e.g. a 429's
`retry_after`); after too many attempts, or a failure that cannot get better, the message is
kept as failed, logged, and listed by `mediator outbox`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.ports import Cases, Outbox, OutboxMessage

log = logging.getLogger(__name__)

Send = Callable[[OutboxMessage], Awaitable[None]]

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 2.0
LONGEST_RETRY_SECONDS = 15 * 60.0
LEASE = timedelta(minutes=2)


class DeliveryError(Exception):
    """A delivery that did not go through. `retry_after`: when the platform says to try
    again; `permanent`: trying again cannot help (no such user, no access)."""

    def __init__(self, reason: str, *, retry_after: float | None = None,
                 permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent


def backoff(attempts: int) -> float:
    """Seconds before attempt `attempts + 1`: doubling from 2 s, at most 15 min, jittered so
    that many messages failing together do not come back together."""
    base = min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1))
    return base * random.uniform(0.8, 1.2)


class DeliveryStore(Cases, Outbox, Protocol):
    """What a platform's delivery uses: the outbox, and the case rows its messages are of."""


class Courier:
    def __init__(self, store: Outbox, platform: str, send: Send, *,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 max_attempts: int = MAX_ATTEMPTS) -> None:
        self.store = store
        self.platform = platform
        self.send = send
        self.clock = clock
        self.max_attempts = max_attempts

    async def deliver_due(self, limit: int = 50) -> int:
        """Send what is due now; how many were delivered."""
        now = self.clock()
        claimed = await self.store.claim_outbox(self.platform, now, now + LEASE, limit)
        delivered = 0
        for message in claimed:
            assert message.id is not None
            try:
                await self.send(message)
            except DeliveryError as problem:
                await self._failed(message, problem)
            except Exception as problem:  # a bug or an unexpected answer: retry, and say so
                log.exception("outbox delivery raised", extra={"case_id": message.case_id})
                await self._failed(message, DeliveryError(f"{type(problem).__name__}: {problem}"))
            else:
                await self.store.mark_delivered([message.id])
                delivered += 1
        return delivered

    async def _failed(self, message: OutboxMessage, problem: DeliveryError) -> None:
        assert message.id is not None
        now = self.clock()
        if problem.permanent or message.attempts >= self.max_attempts:
            await self.store.fail_outbox(message.id, problem.reason, now)
            log.error("outbox message %s to %s failed for good after %d attempt(s): %s",
                      message.id, message.audience, message.attempts, problem.reason,
                      extra={"case_id": message.case_id})
            return
        wait = problem.retry_after if problem.retry_after is not None else backoff(
            message.attempts)
        await self.store.retry_outbox(message.id, problem.reason, now + timedelta(seconds=wait))
        log.warning("outbox message %s: attempt %d failed (%s); next in %.0f s", message.id,
                    message.attempts, problem.reason, wait, extra={"case_id": message.case_id})
