"""A report of figures as the journal keeps it: the file's hash, its format and parser
version, who reported it and how much the source weighs, every warning the reader saw, and the
figures as rows of plain values (columns named in the entry, so the JSON reads on its own).

The same payload is journaled in a campaign's record and in a case's: `reported_in` reads it
back into `Reported` figures for evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.campaign.performance.observation import ImportedFile, Observation, Rank, Scope
from bot.campaign.performance.reported import Reported
from bot.campaign.terms.kpis import Metric
from bot.domain.clock import format_time, parse_time
from bot.domain.identity import Side

COLUMNS = ("post", "metric", "value", "scope", "definition", "day", "as_of", "permalink",
           "published_at")
REPORT_FORMAT = 1


@dataclass(frozen=True)
class FigureReport:
    """An analytics export as reported: the stored file, what was read from it, by which
    side, and its rank."""

    sha256: str
    size: int
    filename: str
    imported: ImportedFile
    side: Side
    rank: Rank = Rank.NATIVE_EXPORT


def report_payload(report: FigureReport) -> dict[str, Any]:
    imported = report.imported
    return {
        "format_version": REPORT_FORMAT,
        "sha256": report.sha256, "size": report.size, "filename": report.filename,
        "format": imported.format, "parser_version": imported.parser_version,
        "platform": imported.platform, "side": report.side.value,
        "rank": report.rank.name.lower(), "rows": imported.rows,
        "warnings": list(imported.warnings), "columns": list(COLUMNS),
        "figures": [_row(o) for o in imported.observations],
    }


def _row(seen: Observation) -> list[str | None]:
    return [seen.post, seen.metric.value, str(seen.value), seen.scope.value, seen.definition,
            None if seen.day is None else seen.day.isoformat(),
            None if seen.as_of is None else format_time(seen.as_of), seen.permalink,
            None if seen.published_at is None else seen.published_at.isoformat()]


def reported_in(payload: Mapping[str, Any]) -> list[Reported]:
    """The figures of a journaled report, with its side, rank and file."""
    side = Side(payload["side"])
    rank = Rank[payload["rank"].upper()]
    at = {name: index for index, name in enumerate(payload["columns"])}
    found = []
    for row in payload["figures"]:
        day, as_of, published = row[at["day"]], row[at["as_of"]], row[at["published_at"]]
        found.append(Reported(Observation(
            row[at["post"]], Metric(row[at["metric"]]), Decimal(row[at["value"]]),
            Scope(row[at["scope"]]), row[at["definition"]],
            None if day is None else date.fromisoformat(day),
            None if as_of is None else parse_time(as_of), row[at["permalink"]],
            None if published is None else datetime.fromisoformat(published)),
            side, rank, payload["sha256"]))
    return found


def figures_in(reports: Sequence[Mapping[str, Any]]) -> list[Reported]:
    """The figures of every report, each file counted once per side however often it was
    sent (to the campaign's thread, to a case, twice)."""
    seen: set[tuple[str, str]] = set()
    found: list[Reported] = []
    for payload in reports:
        key = (str(payload["side"]), str(payload["sha256"]))
        if key not in seen:
            seen.add(key)
            found += reported_in(payload)
    return found
