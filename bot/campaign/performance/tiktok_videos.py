"""TikTok's per-video export: one row per video with its link, post time and lifetime counts
(views, likes, comments, shares, saves, average watch time), in whatever column order, names
and language (English, German, French, Spanish) the export came in.

The video is named by its link (`/video/<id>`) or its id, never by its title. The file does
not say when the counts were taken, so they are as of the upload.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from bot.campaign.performance import definitions, post_keys, table_text, tiktok_headers
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ImportedFile, Observation, Scope
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

PARSER_VERSION = 1
_METRICS = frozenset(metric.value for metric in Metric)
_KNOWN = _METRICS | {"link", "id", "title", "published"}
_UNITS = re.compile(r"^(?:([\d.,]+)h)?(?:([\d.,]+)m(?:in)?)?(?:([\d.,]+)s(?:ec|ek|eg)?)?$")


@dataclass(frozen=True)
class TikTokVideosImporter:
    """Reads TikTok's per-video export."""

    format: str = "tiktok_videos"
    title: str = "TikTok per-video export"

    def read(self, upload: Upload) -> ImportedFile | None:
        header = tiktok_headers.header_row(upload.content)
        if header is None or not _recognised(header):
            return None
        rows = table_text.table(table_text.decode(upload.content)).rows
        columns = tiktok_headers.columns(rows[0], "videos")
        link_at = columns.first("link")
        if columns.first("id") is None and not any(
                "tiktok.com" in row[link_at].casefold()
                for row in rows[1:] if link_at is not None and link_at < len(row)):
            return None  # a table of titles and links, but none of them TikTok's
        return _Reading(upload, rows, columns).result()


def _recognised(header: tuple[str, ...]) -> bool:
    """A link, id or title column and a count, and no column of another platform's export
    or of TikTok Studio's daily overview."""
    if tiktok_headers.foreign(header):
        return False
    roles = set(tiktok_headers.columns(header, "videos").roles)
    if "day" in tiktok_headers.columns(header, "overview").roles:
        return False
    return bool(roles & {"link", "id", "title"}) and bool(roles & _METRICS)


def watch_seconds(cell: str, *, decimal_comma: bool) -> Decimal | None:
    """An average watch time as seconds: `12.3s`, `0:12`, `1:02:03`, `1m 5s` or plain
    seconds; None when the cell is none of these."""
    text = "".join(cell.strip().strip('"').casefold().split())
    if ":" in text:
        parts = [table_text.number(part, decimal_comma=decimal_comma)
                 for part in text.split(":")]
        if not 2 <= len(parts) <= 3 or any(part is None or part < 0 for part in parts):
            return None
        total = Decimal(0)
        for part in parts:
            assert part is not None
            total = total * 60 + part
        return total
    found = _UNITS.match(text)
    if found is None or not any(found.groups()):
        value = table_text.number(text, decimal_comma=decimal_comma)
        return value if value is not None and value >= 0 and text[-1:].isdigit() else None
    total = Decimal(0)
    for group, scale in zip(found.groups(), (3600, 60, 1), strict=True):
        if group:
            value = table_text.number(group, decimal_comma=decimal_comma)
            if value is None:
                return None
            total += value * scale
    return total


class _Reading:
    """One file's rows turned into observations, counting what was skipped."""

    def __init__(self, upload: Upload, rows: tuple[tuple[str, ...], ...],
                 columns: tiktok_headers.Columns) -> None:
        self.upload = upload
        self.header = rows[0]
        self.body = rows[1:]
        self.columns = columns
        self.skipped = self.repeated = self.unreadable = self.undated = 0

    def result(self) -> ImportedFile:
        as_of = self.upload.received_at
        found: list[Observation] = []
        seen: set[str] = set()
        for row in self.body:
            key, permalink = self._key(row)
            if key is None:
                self.skipped += 1
                continue
            if key in seen:
                self.repeated += 1
                continue
            seen.add(key)
            published = self._published(row)
            for metric, value in self._figures(row):
                found.append(Observation(
                    post=key, metric=metric, value=value, scope=Scope.UNKNOWN,
                    definition=definitions.in_force("tiktok", metric, as_of.date()),
                    as_of=as_of, permalink=permalink, published_at=published))
        if not found:
            raise Refusal("That TikTok per-video export has no figures this bot can read "
                          "(no row with a TikTok video link or id and a count).")
        return ImportedFile(format=IMPORTER.format, parser_version=PARSER_VERSION,
                            platform="tiktok", observations=tuple(found),
                            warnings=self._warnings(), rows=len(self.body))

    def _cell(self, row: tuple[str, ...], role: str) -> str:
        at = self.columns.first(role)
        return row[at] if at is not None and at < len(row) else ""

    def _key(self, row: tuple[str, ...]) -> tuple[str | None, str]:
        link = self._cell(row, "link").strip().strip('"').strip()
        from_link = post_keys.from_link(link) if link else None
        if from_link is not None and from_link.startswith("tiktok:"):
            return from_link, link
        identifier = self._cell(row, "id")
        return (post_keys.from_id("tiktok", identifier) if identifier else None), ""

    def _published(self, row: tuple[str, ...]) -> datetime | None:
        cell = self._cell(row, "published")
        if not cell:
            return None
        found = table_text.moment(cell, self.columns.day_order)
        self.undated += found is None
        return found

    def _figures(self, row: tuple[str, ...]) -> list[tuple[Metric, Decimal]]:
        figures: list[tuple[Metric, Decimal]] = []
        comma = self.columns.decimal_comma
        for at, role in enumerate(self.columns.roles):
            if role not in _METRICS:
                continue
            cell = row[at] if at < len(row) else ""
            metric = Metric(role)
            value = (watch_seconds(cell, decimal_comma=comma)
                     if metric is Metric.AVERAGE_VIEW_SECONDS
                     else table_text.number(cell, decimal_comma=comma))
            if value is None:
                self.unreadable += 1
            else:
                figures.append((metric, value))
        return figures

    def _warnings(self) -> tuple[str, ...]:
        at = self.upload.received_at
        warnings = [f"The export does not say when its counts were taken; they are taken as "
                    f"of the upload ({at.isoformat(sep=' ', timespec='minutes')})."]
        if self.skipped:
            warnings.append(f"{self.skipped} row{_s(self.skipped)} skipped: no readable TikTok "
                            "video link or id.")
        if self.repeated:
            warnings.append(f"{self.repeated} repeated row{_s(self.repeated)} for the same "
                            "video skipped (the first kept).")
        if self.unreadable:
            warnings.append(f"{self.unreadable} figure{_s(self.unreadable)} skipped: the cell "
                            "is empty or not a number.")
        if self.undated:
            those = "those videos have" if self.undated != 1 else "that video has"
            warnings.append(f"{self.undated} post time{_s(self.undated)} could not be read as "
                            f"a date; {those} no publish time.")
        if unread := tiktok_headers.unread(self.header, self.columns.roles, _KNOWN):
            warnings.append(unread)
        return tuple(warnings)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


IMPORTER = TikTokVideosImporter()
