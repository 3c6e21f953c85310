"""Cards kept true to the journal: one update per card at a time in this process, and, since
other workers update the same card, each update checked against the journal once it is shown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

Card = tuple[str, list[dict[str, Any]]]  # (fallback text, blocks)
PASSES = 5  # updates of one card in one go, at most: the moves that follow update it too

log = logging.getLogger(__name__)


class Turns:
    """Locks by key, kept only while someone holds or waits for one (no unbounded growth)."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class CardUpdates:
    """Updates a message card (a case's or a campaign's) to what `render` reads from the
    journal now. Slack applies a card's updates in the order they reach it, and another worker
    may render an older state and have its update reach Slack after ours: so after each
    update the card is rendered again, and sent again until two renderings agree. Whoever
    updates last has then shown what the journal held after its update landed, and any move
    after that updates the card itself. On a case moving faster than its card can follow,
    `PASSES` updates are enough: each later move comes with an update of its own."""

    def __init__(self) -> None:
        self._turns = Turns()

    async def show(self, client: AsyncWebClient, key: str, channel: str, ts: str,
                   render: Callable[[], Awaitable[Card]]) -> None:
        async with self._turns.turn(key):
            shown: Card | None = None
            for _ in range(PASSES):
                card = await render()
                if card == shown:
                    return
                await client.chat_update(channel=channel, ts=ts, text=card[0], blocks=card[1])
                shown = card
            log.info("a card kept changing while updated; the next move updates it again",
                     extra={"case_id": key})

    def __len__(self) -> int:
        return len(self._turns)
