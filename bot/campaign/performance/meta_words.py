"""The words of Meta's Instagram exports in each language, and how they write dates.

Meta words its exports in the user's language: the per-post export's headers, the lifetime
word in its `Date` column, the metric named atop a per-metric overview, the day order and
the decimal mark. They are data (`aliases/meta_posts.json`), read once; both Meta importers
recognise a file from them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.campaign.performance.observation import Scope
from bot.campaign.performance.table_text import header_key, moment
from bot.campaign.terms.kpis import Metric

METRICS = {metric.value: metric for metric in Metric}
_ORDER_WORDS = {"mdy": "month/day/year", "dmy": "day/month/year"}


@dataclass(frozen=True)
class Language:
    """How Meta's per-post export and overview files are worded in one language."""

    code: str
    name: str
    day_order: str
    decimal_comma: bool
    lifetime: frozenset[str]
    lifetime_word: str  # as the export writes it
    overview_value: frozenset[str]
    fields: dict[str, str]  # header key -> field ("" for a known column not read)
    fallbacks: dict[str, str]  # header key -> metric read only when no column names it
    paid_prefixes: tuple[str, ...]
    paid_suffixes: tuple[str, ...]

    def column(self, header: str) -> tuple[str, Scope, bool] | None:
        """The field a header names (with the metric's scope, and whether it is only a
        fallback), or None when the header is not a word of this language."""
        key = header_key(header)
        if key in self.fields:
            return self.fields[key], Scope.ORGANIC, False
        if key in self.fallbacks:
            return self.fallbacks[key], Scope.ORGANIC, True
        rests = [key[len(p):] for p in self.paid_prefixes if key.startswith(p)]
        rests += [key[:-len(s)] for s in self.paid_suffixes if key.endswith(s)]
        for rest in (rest.strip(" -:") for rest in rests):
            for words, fallback in ((self.fields, False), (self.fallbacks, True)):
                if words.get(rest) in METRICS:
                    return words[rest], Scope.ORGANIC_PLUS_PAID, fallback
        return None


def _keys(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({header_key(word) for word in words}, key=len, reverse=True))


@cache
def languages() -> tuple[Language, ...]:
    """The languages of Meta's exports, as the alias table lists them."""
    path = resources.files("bot.campaign.performance").joinpath("aliases", "meta_posts.json")
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Language(code=code, name=entry["name"], day_order=entry["day_order"],
                 decimal_comma=bool(entry["decimal_comma"]),
                 lifetime=frozenset(_keys(entry["lifetime"])),
                 lifetime_word=entry["lifetime"][0],
                 overview_value=frozenset(_keys(entry["overview_value"])),
                 fields={header_key(k): v for k, v in entry["headers"].items()},
                 fallbacks={header_key(k): v for k, v in entry["fallbacks"].items()},
                 paid_prefixes=_keys(entry["paid_prefixes"]),
                 paid_suffixes=_keys(entry["paid_suffixes"]))
        for code, entry in raw["languages"].items())


def shown(text: str, longest: int = 60) -> str:
    """A cell's words as plain text for a message: one line, printable characters only,
    at most `longest` characters."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= longest else flat[: longest - 1] + "…"


def cells_of(line: str) -> list[str]:
    """One CSV line's cells, with the separator it uses most."""
    separator = max((",", ";", "\t"), key=line.count)
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=separator), [])]
    except csv.Error:
        return []


def day_order(cells: Iterable[str], preferred: str) -> str:
    """The day order that reads a file's dates: its language's own, unless only the other
    one reads every date cell (an English file written by a day-first locale)."""
    dated = [cell for cell in cells if cell.strip()]
    other = "dmy" if preferred == "mdy" else "mdy"
    if all(moment(cell, preferred) is not None for cell in dated):
        return preferred
    if all(moment(cell, other) is not None for cell in dated):
        return other
    return preferred


def order_warning(cells: Iterable[str], order: str, language: Language | None) -> str:
    """Says how ambiguous dates were read (in the order a language's exports use, or not);
    empty when every date was ISO-style."""
    if all(moment(cell, "ymd") is not None for cell in cells if moment(cell, order)):
        return ""
    if language is None:
        return f"Dates were read as {_ORDER_WORDS[order]}, the only order that reads them all."
    if order == language.day_order:
        return f"Dates were read as {_ORDER_WORDS[order]}, the order {language.name} exports use."
    return (f"Dates were read as {_ORDER_WORDS[order]}: they cannot be read as "
            f"{_ORDER_WORDS[language.day_order]}, the order {language.name} exports use.")


def metric_named(name: str) -> tuple[Metric, Scope, tuple[Language, ...]] | None:
    """The metric a localised metric name stands for, with its scope and the languages that
    use that name; None when no language names a metric so (or they disagree)."""
    found = [(named, lang) for lang in languages() if (named := lang.column(name))]
    meanings = {(METRICS.get(field), scope) for (field, scope, _), _ in found}
    if len(meanings) != 1:
        return None
    (metric, scope), = meanings
    if metric is None:
        return None
    return metric, scope, tuple(lang for _, lang in found)
