"""One figure read from an analytics export, with where it came from (CAMPAIGNS.md §3).

An observation says which post (or the whole account), which metric under which definition,
whether a brand's paid boost is counted, and over which period (the post's lifetime up to a
moment, or one day). The report it came in carries the file's hash, its format and parser
version, and how much weight such a source has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum, StrEnum

from bot.campaign.terms.kpis import Metric


class Scope(StrEnum):
    """Whether a figure counts a brand's paid boost (Meta's `total_*` fields do, its organic
    fields do not); `unknown` when the export does not say."""

    ORGANIC = "organic"
    ORGANIC_PLUS_PAID = "organic_plus_paid"
    UNKNOWN = "unknown"


class Rank(IntEnum):
    """How much a source is worth, best last: a figure from the platform's API outranks a
    native export (hashed), which outranks a screenshot, which outranks a number typed in."""

    SELF_DECLARED = 1
    SCREENSHOT = 2
    NATIVE_EXPORT = 3
    API = 4

    @property
    def words(self) -> str:
        return self.name.lower().replace("_", " ")


ACCOUNT = ""  # the post of an account-wide figure: a daily overview, follower history


@dataclass(frozen=True)
class Observation:
    """A figure for one post (`post` is its canonical key, see `post_keys`) or the account.

    `day` is set for a daily figure; otherwise it is the lifetime figure as of `as_of` (the
    export time when the file states it, else the moment the file was reported)."""

    post: str
    metric: Metric
    value: Decimal
    scope: Scope
    definition: str  # the metric's definition in force, e.g. "instagram.views.2025"
    day: date | None = None
    as_of: datetime | None = None
    permalink: str = ""  # as the export gives it, when it does
    published_at: datetime | None = None  # as the export gives it, when it does

    @property
    def is_daily(self) -> bool:
        return self.day is not None


@dataclass(frozen=True)
class ImportedFile:
    """What an importer read: the observations, and every warning the reader should see."""

    format: str  # "meta_posts", "instagram_overview", "tiktok_overview", ...
    parser_version: int
    platform: str  # "instagram", "tiktok", "youtube", or "" for a mapped CSV
    observations: tuple[Observation, ...]
    warnings: tuple[str, ...] = ()
    rows: int = 0  # data rows read, skipped ones included
