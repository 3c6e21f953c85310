"""Which definition of a metric was in force: platforms change what a word counts, and a
KPI is only compared with figures counted the same way (CAMPAIGNS.md §3).

The table is data (`definitions.json`): per platform and metric, the definitions in the order
they came into force. Instagram replaced `impressions` with `views` on 2025-04-21; YouTube
Shorts views count every start or replay from 2025-03-31, the old count living on as
"engaged views".
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources

from bot.campaign.terms.kpis import Metric


@cache
def _table() -> dict[tuple[str, str], tuple[tuple[date, str, str], ...]]:
    raw = json.loads(resources.files(__package__).joinpath("definitions.json").read_text())
    table: dict[tuple[str, str], list[tuple[date, str, str]]] = {}
    for row in raw["definitions"]:
        table.setdefault((row["platform"], row["metric"]), []).append(
            (date.fromisoformat(row["since"]), row["id"], row["words"]))
    return {key: tuple(sorted(rows)) for key, rows in table.items()}


@cache
def in_force(platform: str, metric: Metric, on: date) -> str:
    """The definition of `metric` on `platform` on that day; `<platform>.<metric>` when the
    table records no change."""
    found = f"{platform or 'any'}.{metric.value}"
    for since, identifier, _ in _table().get((platform, metric.value), ()):
        if since <= on:
            found = identifier
    return found


def words(definition: str) -> str:
    """A definition in a reader's words."""
    for rows in _table().values():
        for _, identifier, text in rows:
            if identifier == definition:
                return text
    return definition.replace("_", " ").replace(".", " ")
