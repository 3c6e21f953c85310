"""Reading Instagram's per-metric overview file: the account's figure for one metric, a day
a row.

Instagram writes it in UTF-16LE with a BOM behind an Excel `sep=,` line; the next line names
the metric in the user's language (`"Views"`, `"Aufrufe"`), then come a `"Date","Primary"`
header and one row per day. These are account-wide daily figures; the file does not say
whether a brand's paid boost is counted, so their scope is unknown unless the metric's name
says "total" (organic and paid together).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bot.campaign.performance import definitions
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.meta_words import (
    Language,
    cells_of,
    day_order,
    languages,
    metric_named,
    order_warning,
    shown,
)
from bot.campaign.performance.observation import ACCOUNT, ImportedFile, Observation, Scope
from bot.campaign.performance.table_text import (
    decode,
    head_lines,
    header_key,
    moment,
    number,
    table,
)
from bot.domain.errors import Refusal

PLATFORM = "instagram"
_SHAPE = "Rows skipped because they do not line up with the header (cut short or with extra cells)"
_DATE = "Rows skipped because their date cannot be read"
_NUMBER = "Days skipped because their figure is not a number"
_EMPTY = "Days skipped because they have no figure"
_COUNT = "Days skipped because their figure is not a whole count"


def _is_header(cells: Sequence[str]) -> bool:
    """Whether a row is the overview's `"Date","Primary"` header, in any language."""
    if len(cells) != 2:
        return False
    day, value = (header_key(cell) for cell in cells)
    return any(lang.fields.get(day) == "date" and value in lang.overview_value
               for lang in languages())


def _agreed(languages_: Sequence[Language], attribute: str) -> object:
    """What every language using the file's metric name says, or None when they differ."""
    said = {getattr(lang, attribute) for lang in languages_}
    return said.pop() if len(said) == 1 else None


class InstagramOverview:
    """The importer of Instagram's per-metric overview file."""

    format = "instagram_overview"
    title = "Instagram per-metric overview (one metric a file)"

    def read(self, upload: Upload) -> ImportedFile | None:
        lines = head_lines(upload.content)
        if len(lines) < 2 or len(cells_of(lines[0])) != 1 or not _is_header(cells_of(lines[1])):
            return None
        rows = table(decode(upload.content)).rows
        if len(rows) < 2 or len(rows[0]) != 1 or not _is_header(rows[1]):
            raise Refusal("That Instagram overview file cannot be read; export it again.")
        name = rows[0][0]
        named = metric_named(name)
        if named is None:
            raise Refusal(f"That Instagram overview file is about \u201c{shown(name)}\u201d, "
                          "which is not a metric this bot compares.")
        metric, scope, said_by = named
        if scope is Scope.ORGANIC:
            scope = Scope.UNKNOWN
        data = rows[2:]
        order, warned = self.order(data, said_by)
        comma = _agreed(said_by, "decimal_comma")
        skipped: Counter[str] = Counter()
        found: list[Observation] = []
        seen: set[date] = set()
        for row in data:
            if len(row) != 2:
                skipped[_SHAPE] += 1
                continue
            moment_ = moment(row[0], order)
            if moment_ is None:
                skipped[_DATE] += 1
                continue
            day = moment_.date()
            if day in seen:
                raise Refusal(f"That Instagram overview file gives two figures for {day}, so "
                              "it cannot say which is the day's; export it again.")
            seen.add(day)
            value = number(row[1], decimal_comma=comma if isinstance(comma, bool) else None)
            if value is None:
                skipped[_NUMBER if row[1] else _EMPTY] += 1
                continue
            if value != value.to_integral_value():
                skipped[_COUNT] += 1
                continue
            found.append(Observation(
                post=ACCOUNT, metric=metric, value=Decimal(int(value)), scope=scope,
                definition=definitions.in_force(PLATFORM, metric, day), day=day))
        if not found:
            raise Refusal("That Instagram overview file has no figures this bot can read.")
        warnings = [f"{words}: {n}." for words, n in skipped.items()]
        return ImportedFile(format=self.format, parser_version=1, platform=PLATFORM,
                            observations=tuple(found),
                            warnings=tuple(warnings + ([warned] if warned else [])),
                            rows=len(data))

    @staticmethod
    def order(data: Sequence[Sequence[str]], said_by: Sequence[Language]) -> tuple[str, str]:
        """The day order the file's dates are read in, and the warning that says so."""
        cells = [row[0] for row in data if row]
        agreed = _agreed(said_by, "day_order")
        if isinstance(agreed, str):
            order = day_order(cells, agreed)
            return order, order_warning(cells, order, said_by[0])
        readable = [o for o in ("mdy", "dmy") if all(moment(c, o) for c in cells if c)]
        if len(readable) == 2 and order_warning(cells, "mdy", None):
            raise Refusal("That Instagram overview file's dates could be month/day or "
                          "day/month; export it with ISO dates or in another language.")
        order = readable[0] if readable else "mdy"
        return order, order_warning(cells, order, None)


IMPORTER = InstagramOverview()
