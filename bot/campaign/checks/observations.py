"""What someone saw and brings as evidence: the content used on a channel, an ad running (as
Meta's Ad Library shows partnership ads), or the post gone, each at a moment, each with a
reference to its evidence (an evidence file's sha256, or a link)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Sighting(StrEnum):
    """What was seen."""

    CONTENT_USED = "content_used"  # the brand using the content, on `channel`
    AD_RUNNING = "ad_running"  # an ad made from the content, running
    POST_GONE = "post_gone"  # the live post no longer there


@dataclass(frozen=True)
class Observation:
    """One sighting of deliverable `deliverable` at `seen_at`, resting on `reference`."""

    sighting: Sighting
    deliverable: str  # the deliverable's key
    seen_at: datetime
    reference: str  # an evidence file's sha256, or a link (an Ad Library page, a screenshot)
    channel: str = ""  # where the content was used: instagram, tiktok, brand_website…


def channel_name(channel: str) -> str:
    """A channel as the agreement lists it: `Instagram ` is `instagram`."""
    return channel.strip().casefold().replace(" ", "_")
