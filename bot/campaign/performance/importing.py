"""What every importer is given and gives back; `reading` tries them in turn.

An importer recognises its format from the content (never the file name) and returns None
for anything else. A file it recognises but cannot read faithfully (a year that cannot be
inferred, a metric it cannot name) is refused with a `Refusal` that says why; rows it skips
and anything a reader should know (the Total row dropped, the 500-row cap, dates read as
day-first) are warnings in the result. Nothing is written until a whole file has been read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from bot.campaign.performance.observation import ImportedFile, Scope
from bot.campaign.terms.kpis import Metric


@dataclass(frozen=True)
class ColumnMapping:
    """How to read a CSV no importer knows, given once by the user and kept per campaign:
    which column names the post (a link or an id), which columns hold which metrics, and
    optionally a date column for daily figures."""

    metrics: dict[str, Metric]  # header -> metric
    post: str = ""  # header of the link or id column; empty: the figures are the account's
    day: str = ""  # header of the date column, for daily figures
    day_order: str = "ymd"  # "ymd", "mdy" or "dmy"
    decimal_comma: bool = False
    scope: Scope = Scope.UNKNOWN
    platform: str = ""  # "instagram", "tiktok", "youtube", or "" when the links say


@dataclass(frozen=True)
class Upload:
    content: bytes
    filename: str
    received_at: datetime  # aware; a lifetime figure's as-of time when the file has none
    period: tuple[date, date] | None = None  # the dates the user says it covers
    mapping: ColumnMapping | None = field(default=None)


class Importer(Protocol):
    @property
    def format(self) -> str: ...  # "youtube_studio", ...

    @property
    def title(self) -> str: ...  # named in the answer to a file no importer reads

    def read(self, upload: Upload) -> ImportedFile | None: ...
