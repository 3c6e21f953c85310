"""Who reported a figure, from which file, and how much weight it has; and the posts a KPI
is measured on, with the publish time its window is anchored at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.campaign.performance.observation import Observation, Rank
from bot.domain.identity import Side


@dataclass(frozen=True)
class Reported:
    """An observation as one side reported it: the source is the file's sha256, journaled as
    evidence, so anyone can check the figure against the file."""

    observation: Observation
    side: Side
    rank: Rank
    source: str


@dataclass(frozen=True)
class MeasuredPost:
    """A deliverable's post as it went live: the key its figures are filed under, and the real
    publish time its KPI windows count from."""

    deliverable: str
    key: str
    permalink: str
    published_at: datetime  # aware
    platform: str  # the platform whose metric definitions apply: "instagram", "youtube_shorts"…
