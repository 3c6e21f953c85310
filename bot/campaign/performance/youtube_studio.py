"""YouTube Studio's Advanced-mode export: the zip, or its `Table data.csv` alone (CAMPAIGNS.md
§3).

The table holds one row per video (`Content` is the 11-character video id) after a `Total`
row, with figures for the range chosen in Studio; `Chart data.csv` holds the same videos day
by day. Headers follow the user's language, and with it the decimal mark and the day order,
so the locale is told from the headers (`aliases/youtube.json`). A Short (at most 180 s) has
its views counted the way in force for Shorts on that day.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources

from bot.campaign.performance import definitions, post_keys, youtube_archive
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ImportedFile, Observation, Scope
from bot.campaign.performance.table_text import (
    BLANK,
    decode,
    head_lines,
    header_key,
    moment,
    number,
    table,
)
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

ROWS_LOADED = 500  # Studio exports only the rows it has loaded
LONGEST_SHORT = 180  # seconds
_METRICS = {
    "views": Metric.VIEWS, "engaged_views": Metric.VIEWS,
    "watch_time_hours": Metric.WATCH_TIME_HOURS, "follows": Metric.FOLLOWS,
    "impressions": Metric.IMPRESSIONS, "likes": Metric.LIKES, "comments": Metric.COMMENTS,
    "shares": Metric.SHARES, "average_view_seconds": Metric.AVERAGE_VIEW_SECONDS,
}
_MONTHS = {name: n for n, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})$")
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_LONGEST_NAME = 60


@dataclass(frozen=True)
class _Locale:
    """One language of Studio's headers, with how it writes decimals and dates."""

    language: str
    decimal_comma: bool
    day_order: str
    total: frozenset[str]
    columns: dict[str, str]  # header, made comparable -> column name


@cache
def _locales() -> tuple[_Locale, ...]:
    path = resources.files("bot.campaign.performance").joinpath("aliases", "youtube.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        _Locale(row["language"], bool(row["decimal_comma"]), row["day_order"],
                frozenset(header_key(name) for name in row["total"]),
                {header_key(alias): column for column, aliases in row["columns"].items()
                 for alias in aliases})
        for row in raw["locales"])


@dataclass(frozen=True)
class _Layout:
    """Where each known column is in a header, and which header cells are not read."""

    locale: _Locale
    where: dict[str, int]
    unread: tuple[str, ...]


def _layout(header: tuple[str, ...], first: str) -> _Layout | None:
    """The layout when the header starts with the `first` column and names a metric."""
    best: _Layout | None = None
    for locale in _locales():
        where: dict[str, int] = {}
        for index, cell in enumerate(header):
            column = locale.columns.get(header_key(cell))
            if column is not None and column not in where:
                where[column] = index
        if (not header or locale.columns.get(header_key(header[0])) != first
                or "content" not in where or not any(name in where for name in _METRICS)):
            continue
        if best is None or len(where) > len(best.where):
            unread = tuple(cell for index, cell in enumerate(header)
                           if index not in where.values() and cell)
            best = _Layout(locale, where, unread)
    return best


def _when(cell: str, locale: _Locale) -> datetime | None:
    """A publish time or day as Studio writes it: `Mar 27, 2026` or the locale's digits."""
    text = " ".join(cell.split())
    if found := _MONTH_DAY_YEAR.match(text):
        month = _MONTHS.get(found.group(1).casefold())
        if month is None:
            return None
        return moment(f"{month:02d}/{int(found.group(2)):02d}/{found.group(3)}", "mdy")
    return moment(text, locale.day_order)


def _seconds(cell: str, locale: _Locale) -> Decimal | None:
    """A duration written `0:01:23`, `1:23` or as a number of seconds."""
    if found := _CLOCK.match(cell.strip()):
        hours, minutes, seconds = ((found.group(1), found.group(2), found.group(3))
                                   if found.group(3) else ("0", found.group(1), found.group(2)))
        parts = [number(part) for part in (hours, minutes, seconds)]
        if any(part is None for part in parts):
            return None
        return sum((part * scale for part, scale in zip(parts, (3600, 60, 1), strict=True)
                    if part is not None), Decimal(0))
    return number(cell, decimal_comma=locale.decimal_comma)


def _observations(rows: tuple[tuple[str, ...], ...], layout: _Layout, as_of: datetime | None,
                  counts: Counter[str]) -> list[Observation]:
    """The figures of a table's rows: lifetime ones as of `as_of`, else daily ones."""
    locale, where = layout.locale, layout.where
    found: list[Observation] = []
    for row in rows:
        def cell(column: str, row: tuple[str, ...] = row) -> str:
            index = where.get(column)
            return row[index] if index is not None and index < len(row) else ""

        if header_key(cell("content")) in locale.total:
            counts["total"] += 1
            continue
        post = post_keys.from_id("youtube", cell("content"))
        if post is None:
            counts["bad_id"] += 1
            continue
        counts["videos"] += 1
        day = None
        if as_of is None:
            when = _when(cell("date"), locale)
            if when is None:
                counts["bad_day"] += 1
                continue
            day = when.date()
        on = day or (as_of or datetime.min).date()
        published = _when(cell("published"), locale)
        if published is None and cell("published"):
            counts["bad_published"] += 1
        duration = _seconds(cell("duration"), locale)
        views_definition = ""
        if duration is not None:
            platform = "youtube_shorts" if duration <= LONGEST_SHORT else "youtube"
            views_definition = definitions.in_force(platform, Metric.VIEWS, on)
        for column, metric in _METRICS.items():
            if column not in where:
                continue
            text = cell(column)
            value = (_seconds(text, locale) if column == "average_view_seconds"
                     else number(text, decimal_comma=locale.decimal_comma))
            if value is None:
                counts["bad_number"] += text.casefold() not in BLANK
                continue
            if column == "views":
                if not views_definition:
                    counts["no_duration"] += 1
                    continue
                definition = views_definition
            elif column == "engaged_views":
                definition = "youtube.engaged_views"
                if views_definition == definition:
                    continue  # the Views column already counts them this way
            else:
                definition = definitions.in_force("youtube", metric, on)
            found.append(Observation(post, metric, value, Scope.UNKNOWN, definition, day=day,
                                     as_of=as_of, published_at=published))
    return found


_WARNINGS = {
    "total": "Dropped {n} Total row(s): YouTube Studio's sum over all videos, not a video.",
    "bad_id": "Skipped {n} row(s) whose Content is not an 11-character YouTube video id.",
    "bad_day": "Skipped {n} row(s) of Chart data.csv whose date could not be read.",
    "bad_published": "Could not read the publish time of {n} row(s); they are kept without it.",
    "bad_number": "Skipped {n} figure(s) that were not numbers.",
    "no_duration": "Skipped the views of {n} row(s) with no readable duration: a Short's "
                   "views are counted differently, so the definition cannot be told.",
}


def _days(rows: tuple[tuple[str, ...], ...], layout: _Layout) -> list[date]:
    index = layout.where.get("date")
    days = [_when(row[index], layout.locale) for row in rows
            if index is not None and index < len(row)]
    return sorted(day.date() for day in days if day is not None)


def _chart(content: bytes | None, counts: Counter[str]
           ) -> tuple[list[Observation], list[date], list[str]]:
    """The daily figures of `Chart data.csv`, the days it covers, and what to say about it."""
    rows = table(decode(content)).rows if content is not None else ()
    if not rows:
        return [], [], []
    layout = _layout(rows[0], "date")
    if layout is None:
        return [], [], ["Chart data.csv was not read: its columns are not Studio's (Date, "
                        "Content, …)."]
    counts["chart_rows"] = len(rows) - 1
    return _observations(rows[1:], layout, None, counts), _days(rows[1:], layout), []


class YouTubeStudio:
    """Reads YouTube Studio's export into per-video lifetime and daily figures."""

    format = "youtube_studio"
    title = "YouTube Studio export (the zip, or its Table data.csv)"

    def read(self, upload: Upload) -> ImportedFile | None:
        members = youtube_archive.members(upload.content)
        if members is None:
            if youtube_archive.is_zip(upload.content):
                return None
            if not _is_table(upload.content):
                return None
            members = {"table": upload.content}
        return _read_members(members, upload.received_at)


def _is_table(content: bytes) -> bool:
    """Whether a lone file starts with the table's header, judged from its first line."""
    lines = [line for line in head_lines(content)[:3] if line.strip()][:1]
    try:
        rows = table(lines[0]).rows if lines else ()
    except Refusal:
        return False
    return bool(rows) and _layout(rows[0], "content") is not None


def _read_members(members: dict[str, bytes], received_at: datetime) -> ImportedFile:
    rows = table(decode(members["table"])).rows
    layout = _layout(rows[0], "content") if rows else None
    if layout is None:
        raise Refusal("Table data.csv in that zip does not start with YouTube Studio's "
                      "columns (Content, Video title, …); send the zip as Studio made it.")
    counts: Counter[str] = Counter()
    daily, days, warnings = _chart(members.get("chart"), counts)
    as_of = received_at
    if days and (end := datetime.combine(days[-1] + timedelta(days=1), time(),
                                         tzinfo=UTC)) < received_at:
        as_of = end
        warnings.append(f"Table figures are taken as of the end of {days[-1]} (UTC), the last "
                        "day in Chart data.csv.")
    else:
        warnings.append("Table figures are taken as of when the file was received, since "
                        "the export does not state its time.")
    counts["videos"] = 0
    lifetime = _observations(rows[1:], layout, as_of, counts)
    if counts["videos"] >= ROWS_LOADED:
        warnings.append(f"YouTube Studio exports at most the rows loaded ({ROWS_LOADED}); this "
                        f"table has {counts['videos']} videos, so videos may be missing.")
    warnings.extend(text.format(n=counts[key]) for key, text in _WARNINGS.items()
                    if counts[key])
    if layout.unread:
        names = ", ".join(name[:_LONGEST_NAME] for name in layout.unread[:10])
        warnings.append(f"Columns not read (no metric this bot tracks): {names}.")
    if days and (earlier := {o.post for o in lifetime
                             if o.published_at and o.published_at.date() < days[0]}):
        # Counted from the range's first day, those are not lifetime figures: taken as such
        # they would make a video published earlier look as if it had done far less.
        lifetime = [o for o in lifetime if o.post not in earlier]
        warnings.append(f"The range exported starts on {days[0]}: the table's figures for "
                        f"{len(earlier)} video(s) published earlier count only from that day, "
                        "so they are not taken as lifetime figures (their daily rows in Chart "
                        "data.csv still count).")
    observations = tuple(lifetime + daily)
    if not observations:
        raise Refusal("That YouTube Studio export has no figures this bot can read.")
    return ImportedFile("youtube_studio", 1, "youtube", observations, tuple(warnings),
                        rows=len(rows) - 1 + counts["chart_rows"])


IMPORTER = YouTubeStudio()
