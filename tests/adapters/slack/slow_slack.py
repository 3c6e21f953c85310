"""A slow Slack for the fake: each Web API call waits a random while before Slack takes it,
so calls made close together are taken (and answered) in any order, as a loaded Slack does.

    fake.latency = SlowSlack(seed=7, most={"chat.update": 0.05})
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass
class SlowSlack:
    seed: int
    most: Mapping[str, float] = field(default_factory=dict)  # longest wait by method, seconds
    others: float = 0.0  # longest wait of the methods not named
    waited: list[tuple[str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)  # one seed, one order: a failure can be rerun

    async def __call__(self, method: str) -> None:
        wait = self._random.uniform(0, self.most.get(method, self.others))
        self.waited.append((method, wait))
        await asyncio.sleep(wait)
