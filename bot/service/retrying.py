"""Deciding again when the case moved on: how often, and how long to pause in between."""

from __future__ import annotations

import asyncio
import random

MAX_ATTEMPTS = 24
BACKOFF_SECONDS = 0.002


async def pause(attempt: int) -> None:
    """A short random pause before deciding again, so racing workers stop colliding."""
    await asyncio.sleep(random.uniform(0, BACKOFF_SECONDS * (attempt + 1)))
