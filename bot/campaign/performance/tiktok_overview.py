"""TikTok Studio's account-wide daily figures: `Overview.csv` (video views, profile views,
likes, comments, shares per day), `FollowerHistory.csv` (followers and the day's difference)
and `Viewers.csv`, in English, German, French or Spanish.

The days carry no year, so each is placed by `tiktok_dates`; a day's figure may be negative,
TikTok correcting an earlier day, and is kept as given. Total followers and viewer counts
have no metric this bot compares and are named in the columns not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.campaign.performance import definitions, table_text, tiktok_dates, tiktok_headers
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ACCOUNT, ImportedFile, Observation, Scope
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

PARSER_VERSION = 1
_GENERIC = frozenset({Metric.LIKES.value, Metric.COMMENTS.value, Metric.SHARES.value})
_METRICS = frozenset(metric.value for metric in Metric)
_VIDEO_ROLES = frozenset({"link", "id", "title"})


@dataclass(frozen=True)
class TikTokOverviewImporter:
    """Reads TikTok Studio's daily account figures."""

    format: str = "tiktok_overview"
    title: str = "TikTok Studio overview (Overview.csv, FollowerHistory.csv, Viewers.csv)"

    def read(self, upload: Upload) -> ImportedFile | None:
        header = tiktok_headers.header_row(upload.content)
        if header is None or not _recognised(header):
            return None
        rows = table_text.table(table_text.decode(upload.content)).rows
        return _read_rows(rows, upload)


def _recognised(header: tuple[str, ...]) -> bool:
    """A date column, a TikTok account figure other than the likes, comments and shares any
    export has, and no column of a per-post export."""
    if tiktok_headers.foreign(header):
        return False
    if _VIDEO_ROLES & set(tiktok_headers.columns(header, "videos").roles):
        return False
    roles = set(tiktok_headers.columns(header, "overview").roles)
    return "day" in roles and bool(roles - _GENERIC - {"day", ""})


def _read_rows(rows: tuple[tuple[str, ...], ...], upload: Upload) -> ImportedFile:
    header = rows[0]
    columns = tiktok_headers.columns(header, "overview")
    day_at = columns.first("day")
    assert day_at is not None
    metrics = [(at, Metric(role)) for at, role in enumerate(columns.roles) if role in _METRICS]
    warnings: list[str] = []
    body = rows[1:]
    dated: list[tuple[tiktok_dates.MonthDay | date, tuple[str, ...]]] = []
    undated = 0
    for row in body:
        day = tiktok_dates.month_day(row[day_at]) if day_at < len(row) else None
        if day is None:
            undated += 1
        else:
            dated.append((day, row))
    if undated:
        warnings.append(f"{undated} row{_s(undated)} skipped: the date is not a day and month.")
    days, how = tiktok_dates.resolve([day for day, _ in dated], upload.period,
                                     upload.received_at) if dated else ([], "")
    if how:
        warnings.append(how)
    found: list[Observation] = []
    unreadable = negative = 0
    for day, (_, row) in zip(days, dated, strict=True):
        for at, metric in metrics:
            value = table_text.number(row[at], decimal_comma=columns.decimal_comma) \
                if at < len(row) else None
            if value is None:
                unreadable += 1
                continue
            negative += value < 0
            found.append(Observation(
                post=ACCOUNT, metric=metric, value=value, scope=Scope.UNKNOWN,
                definition=definitions.in_force("tiktok", metric, day), day=day))
    if unreadable:
        warnings.append(f"{unreadable} daily figure{_s(unreadable)} skipped: the cell is "
                        "empty or not a number.")
    if negative:
        warnings.append(f"{negative} daily figure{_s(negative)} "
                        f"{'are' if negative != 1 else 'is'} negative: TikTok's corrections, "
                        "kept as given.")
    if unread := tiktok_headers.unread(header, columns.roles, _METRICS | {"day"}):
        warnings.append(unread)
    if not found:
        raise Refusal("That TikTok Studio export has no figures this bot can read (no day "
                      "with a video view, profile view, like, comment, share or follower "
                      "difference).")
    return ImportedFile(format=IMPORTER.format, parser_version=PARSER_VERSION,
                        platform="tiktok", observations=tuple(found),
                        warnings=tuple(warnings), rows=len(body))


def _s(count: int) -> str:
    return "" if count == 1 else "s"


IMPORTER = TikTokOverviewImporter()
