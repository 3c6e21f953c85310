"""What the creator makes: typed deliverables, their requirements and their schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.campaign.terms.span import Span


class Format(StrEnum):
    """Platform × format: what kind of content a deliverable is."""

    IG_REEL = "ig_reel"
    IG_STORY_FRAME = "ig_story_frame"
    IG_CAROUSEL = "ig_carousel"
    IG_POST = "ig_post"
    TT_VIDEO = "tt_video"
    YT_SHORT = "yt_short"
    YT_INTEGRATION = "yt_integration"
    YT_VIDEO = "yt_video"
    UGC_ASSET = "ugc_asset"  # content handed to the brand, not published by the creator
    OTHER = "other"


class RequirementKind(StrEnum):
    HASHTAG = "hashtag"
    MENTION = "mention"
    BRAND_TAG = "brand_tag"
    LINK = "link"
    PROMO_CODE = "promo_code"
    PRODUCT_VISIBLE = "product_visible"
    TALKING_POINT = "talking_point"
    CALL_TO_ACTION = "call_to_action"
    DISCLOSURE = "disclosure"
    MUST_NOT = "must_not"


@dataclass(frozen=True)
class Requirement:
    """One thing the content must (or, for `must_not`, must not) have. Only an objective
    requirement can be breached; a subjective one is a matter for the edit rounds."""

    key: str  # r1, r2, ...: unique within its deliverable
    kind: RequirementKind
    value: str  # "#GlowPartner", "@glow", "GLOW15", "shows the serum bottle"
    objective: bool


@dataclass(frozen=True)
class Specs:
    duration_seconds: int | None = None
    slides: int | None = None


class AnchorEvent(StrEnum):
    """What a schedule counts from."""

    AGREEMENT_ACCEPTED = "agreement_accepted"
    PRODUCT_DELIVERED = "product_delivered"
    DATE = "date"


@dataclass(frozen=True)
class Anchor:
    event: AnchorEvent
    on: date | None = None  # the day, for AnchorEvent.DATE only


@dataclass(frozen=True)
class PublishWindow:
    """When the content may go live: from `start` to `end` after the anchor."""

    start: Span
    end: Span


@dataclass(frozen=True)
class Schedule:
    """Dates as offsets from an event, because the event's day is rarely known at signing."""

    anchor: Anchor
    publish_window: PublishWindow
    keep_live_days: int  # how long a published piece must stay up
    draft_due: Span | None = None  # None: no draft is shown before publishing


@dataclass(frozen=True)
class Deliverable:
    key: str  # d1, d2, ...: what payments, clauses and findings cite
    format: Format
    quantity: int
    schedule: Schedule
    requirements: tuple[Requirement, ...] = ()
    specs: Specs = Specs()
