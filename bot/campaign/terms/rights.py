"""What the brand may do with the content afterwards, and what the creator may not do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class UsageKind(StrEnum):
    ORGANIC_REPOST = "organic_repost"
    PAID_AMPLIFICATION = "paid_amplification"
    WHITELISTING = "whitelisting"
    ALL_COMMERCIAL = "all_commercial"


class Transfer(StrEnum):
    LICENSED = "licensed"  # the creator keeps the rights and lends them
    ASSIGNED = "assigned"  # the rights pass to the brand


@dataclass(frozen=True)
class UsageRights:
    kind: UsageKind
    days: int
    channels: tuple[str, ...]  # instagram, tiktok, brand_website, meta_ads, ...
    territory: tuple[str, ...]  # ISO 3166 two-letter codes, or "worldwide"
    transfer: Transfer


class AdAccessKind(StrEnum):
    SPARK_CODE = "spark_code"  # TikTok: 7 to 365 days
    META_PARTNERSHIP = "meta_partnership"  # Meta partnership ads, per post or per account


@dataclass(frozen=True)
class AdAccess:
    kind: AdAccessKind
    days: int
    revocable: bool
    deliverables: tuple[str, ...] = ()  # keys it covers; empty: every deliverable


@dataclass(frozen=True)
class Exclusivity:
    """The creator promotes no competitor for a while before and after the campaign."""

    days_before: int
    days_after: int
    category: str | None = None  # "skincare"
    competitors: tuple[str, ...] = ()  # named brands
