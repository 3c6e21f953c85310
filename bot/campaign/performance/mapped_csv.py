"""Any other CSV, read with the column mapping the user gave once for the campaign: which
column names the post, which columns hold which metrics, and optionally a date column for
daily figures (CAMPAIGNS.md §3).

The mapping is given through a simple form (`mapping_from_form`) and shown back the same way
(`mapping_fields`), so it can be corrected.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from bot.campaign.performance import definitions, post_keys
from bot.campaign.performance.importing import ColumnMapping, Upload
from bot.campaign.performance.observation import ACCOUNT, ImportedFile, Observation, Scope
from bot.campaign.performance.table_text import BLANK, day_of, decode, header_key, number, table
from bot.campaign.terms.kpis import COMPOSITES, Metric
from bot.domain.errors import Refusal

DAY_ORDERS = ("ymd", "mdy", "dmy")
PLATFORMS = ("", "instagram", "tiktok", "youtube")
_LONGEST_NAME = 60
LONGEST_HEADER = 200  # a column name, in characters
_MOST_METRICS = 50


def _shown(name: str) -> str:
    return name if len(name) <= _LONGEST_NAME else name[:_LONGEST_NAME - 1] + "…"


class MappedCsv:
    """Reads a CSV no other importer knows, with the campaign's column mapping."""

    format = "mapped_csv"
    title = "any CSV, with a column mapping you give once"

    def read(self, upload: Upload) -> ImportedFile | None:
        mapping = upload.mapping
        if mapping is None:
            return None
        rows = table(decode(upload.content)).rows
        if not rows:
            raise Refusal("That file is empty; it has no figures this bot can read.")
        where = {header_key(cell): index for index, cell in reversed(list(enumerate(rows[0])))}
        wanted = [name for name in (mapping.post, mapping.day, *mapping.metrics) if name]
        missing = [name for name in wanted if header_key(name) not in where]
        if missing:
            raise Refusal("That file has no column named "
                          + ", ".join(f"“{_shown(name)}”" for name in missing)
                          + ", which the column mapping names; fix the mapping or export "
                          "those columns.")
        counts: Counter[str] = Counter()
        found: list[Observation] = []
        for row in rows[1:]:
            found.extend(_row(row, mapping, where, upload, counts))
        warnings = [] if mapping.day else [
            "Figures are taken as of when the file was received, since the mapping names no "
            "date column."]
        warnings.extend(text.format(n=counts[key]) for key, text in _WARNINGS.items()
                        if counts[key])
        if not found:
            raise Refusal("That file has no figures this bot can read with the column mapping.")
        return ImportedFile("mapped_csv", 1, mapping.platform, tuple(found), tuple(warnings),
                            rows=len(rows) - 1)


_WARNINGS = {
    "bad_post": "Skipped {n} row(s) whose post column is not a link or id this bot knows.",
    "bad_day": "Skipped {n} row(s) whose date could not be read.",
    "bad_number": "Skipped {n} figure(s) that were not numbers.",
}


def _row(row: tuple[str, ...], mapping: ColumnMapping, where: dict[str, int], upload: Upload,
         counts: Counter[str]) -> list[Observation]:
    def cell(name: str) -> str:
        index = where[header_key(name)]
        return row[index] if index < len(row) else ""

    post = ACCOUNT
    platform = mapping.platform
    if mapping.post:
        text = cell(mapping.post)
        key = (post_keys.post_key(platform, link=text, identifier=text) if platform
               else post_keys.from_link(text))
        if key is None:
            counts["bad_post"] += 1
            return []
        post, platform = key, key.partition(":")[0]
    day = None
    if mapping.day:
        day = day_of(cell(mapping.day), mapping.day_order)
        if day is None:
            counts["bad_day"] += 1
            return []
    as_of = None if day is not None else upload.received_at
    on = day or upload.received_at.date()
    found: list[Observation] = []
    for header, metric in mapping.metrics.items():
        text = cell(header)
        value = number(text, decimal_comma=mapping.decimal_comma)
        if value is None:
            counts["bad_number"] += text.casefold() not in BLANK
            continue
        found.append(Observation(post, metric, value, mapping.scope,
                                 definitions.in_force(platform, metric, on), day=day,
                                 as_of=as_of))
    return found


def _choice(fields: Mapping[str, str], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = fields.get(key, "").strip().casefold() or default
    if value not in allowed:
        raise Refusal(f"“{_shown(value)}” is not a {key.replace('_', ' ')} this bot knows; "
                      f"use one of: {', '.join(name or '(none)' for name in allowed)}.")
    return value


def _metrics(text: str) -> dict[str, Metric]:
    """`Header = metric` lines, one per metric column."""
    valid = {m.value: m for m in Metric if m not in COMPOSITES}  # computed, never read
    found: dict[str, Metric] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        header, equals, name = line.rpartition("=")
        header = header.strip()
        if not equals or not header:
            raise Refusal(f"“{_shown(line.strip())}” is not a `Header = metric` line.")
        if len(header) > LONGEST_HEADER:
            raise Refusal(f"The column name “{_shown(header)}” is too long.")
        wanted = "_".join(name.strip().casefold().replace("-", " ").split())
        if wanted not in valid:
            raise Refusal(f"“{_shown(name.strip())}” is not a metric this bot knows; the "
                          f"metrics are: {', '.join(valid)}.")
        if header_key(header) in {header_key(seen) for seen in found}:
            raise Refusal(f"The column “{_shown(header)}” is mapped twice.")
        found[header] = valid[wanted]
    if not found:
        raise Refusal("Name at least one metric column, as `Header = metric` lines.")
    if len(found) > _MOST_METRICS:
        raise Refusal(f"A mapping names at most {_MOST_METRICS} metric columns.")
    return found


def mapping_from_form(fields: Mapping[str, str]) -> ColumnMapping:
    """The column mapping a user wrote in the form: `post`, `day`, `day_order`,
    `decimal_comma` (yes/no), `scope`, `platform`, and `metrics` as `Header = metric` lines."""
    post, day = fields.get("post", "").strip(), fields.get("day", "").strip()
    for name in (post, day):
        if len(name) > LONGEST_HEADER:
            raise Refusal(f"The column name “{_shown(name)}” is too long.")
    decimal_comma = _choice(fields, "decimal_comma", ("yes", "no"), "no") == "yes"
    scope = _choice(fields, "scope", tuple(scope.value for scope in Scope), Scope.UNKNOWN.value)
    return ColumnMapping(
        metrics=_metrics(fields.get("metrics", "")), post=post, day=day,
        day_order=_choice(fields, "day_order", DAY_ORDERS, "ymd"),
        decimal_comma=decimal_comma, scope=Scope(scope),
        platform=_choice(fields, "platform", PLATFORMS, ""))


def mapping_fields(mapping: ColumnMapping) -> dict[str, str]:
    """The form's fields for a mapping, so it can be shown and corrected."""
    return {
        "post": mapping.post,
        "day": mapping.day,
        "day_order": mapping.day_order,
        "decimal_comma": "yes" if mapping.decimal_comma else "no",
        "scope": mapping.scope.value,
        "platform": mapping.platform,
        "metrics": "\n".join(f"{header} = {metric.value}"
                             for header, metric in mapping.metrics.items()),
    }


IMPORTER = MappedCsv()
