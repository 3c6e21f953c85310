"""Reading Meta Business Suite's per-post export (CSV) of Instagram posts into observations.

The export has one row per post: its id, permalink and publish time, a `Date` column that
reads `Lifetime` (or a day, for a daily breakdown) and one column per metric, in whichever
order the user picked. Its headers follow the user's language: the words of each language,
its lifetime word, its day order and its decimal mark are data (`aliases/meta_posts.json`),
and a file is read in the language whose words name most of its headers.

Meta's per-post figures are organic (a brand's paid boost is not counted) unless the column
says otherwise: plain metric columns are read as `Scope.ORGANIC`, while columns that carry
paid and organic together, named with the language's "total" word (`Total views`,
`Gesamt-Aufrufe`, `Vues totales`), are read as `Scope.ORGANIC_PLUS_PAID`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.campaign.performance import definitions, post_keys
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.meta_words import (
    METRICS,
    Language,
    cells_of,
    day_order,
    languages,
    order_warning,
    shown,
)
from bot.campaign.performance.observation import ImportedFile, Observation, Scope
from bot.campaign.performance.table_text import (
    decode,
    head_lines,
    header_key,
    moment,
    number,
    table,
)
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

PLATFORM = "instagram"
_NAMED = 10  # unread columns named in the warning


@dataclass(frozen=True)
class _Plan:
    """Which column of a per-post export holds what, in its language."""

    language: Language
    columns: dict[str, int]  # post_id, permalink, publish_time, date -> index
    metrics: tuple[tuple[int, Metric, Scope], ...]
    unread: tuple[str, ...]


def _plan(header: Sequence[str]) -> _Plan | None:
    """How to read a file with this header row, or None when it is not a per-post export."""
    scored = [(sum(lang.column(cell) is not None for cell in header), -i, lang)
              for i, lang in enumerate(languages())]
    _, _, language = max(scored, key=lambda found: found[:2])
    columns: dict[str, int] = {}
    metrics: dict[tuple[Metric, Scope], int] = {}
    fallbacks: dict[tuple[Metric, Scope], int] = {}
    unread: list[str] = []
    for index, cell in enumerate(header):
        named = language.column(cell)
        if named is None:
            if cell.strip():
                unread.append(shown(cell))
            continue
        field, scope, fallback = named
        metric = METRICS.get(field)
        if metric is None:
            if field and field not in columns:
                columns[field] = index
            continue
        chosen = fallbacks if fallback else metrics
        if (metric, scope) in chosen:
            raise Refusal(f"That {language.name} Meta Business Suite export has two "
                          f"{metric.value.replace('_', ' ')} columns, so it cannot say which "
                          "figure is the post's; export it again.")
        chosen[(metric, scope)] = index
    for found, index in fallbacks.items():
        if found in metrics:
            unread.append(shown(header[index]))
        else:
            metrics[found] = index
    if not ({"post_id", "permalink"} & columns.keys()) or not metrics:
        return None
    return _Plan(language, columns,
                 tuple((index, metric, scope) for (metric, scope), index in metrics.items()),
                 tuple(unread))


class MetaPosts:
    """The importer of Meta Business Suite's per-post export."""

    format = "meta_posts"
    title = "Meta Business Suite per-post export (CSV)"

    def read(self, upload: Upload) -> ImportedFile | None:
        lines = head_lines(upload.content)
        if not lines or _plan(cells_of(lines[0])) is None:
            return None
        rows = table(decode(upload.content)).rows
        plan = _plan(rows[0]) if rows else None
        if plan is None:  # the sniffed head and the whole file disagree
            raise Refusal("That Meta Business Suite export cannot be read; export it again.")
        return _Reading(plan, rows[0], upload.received_at).read(rows[1:])


class _Reading:
    """One pass over a per-post export's rows, counting what it had to skip."""

    def __init__(self, plan: _Plan, header: Sequence[str], received_at: datetime) -> None:
        self.plan, self.header, self.received_at = plan, header, received_at
        self.lang = plan.language
        self.skipped: Counter[str] = Counter()
        self.bad_columns: dict[str, set[str]] = {"number": set(), "count": set()}
        self.seen: set[tuple[str, date | None]] = set()

    def cell(self, row: Sequence[str], field: str) -> str:
        index = self.plan.columns.get(field)
        return row[index] if index is not None and index < len(row) else ""

    def read(self, rows: Sequence[Sequence[str]]) -> ImportedFile:
        lined_up = [row for row in rows if len(row) == len(self.header)
                    or (len(row) > len(self.header) and not any(row[len(self.header):]))]
        self.skipped["shape"] = len(rows) - len(lined_up)
        dates = [self.cell(r, f) for r in lined_up for f in ("publish_time", "date")
                 if header_key(self.cell(r, f)) not in self.lang.lifetime]
        order = day_order(dates, self.lang.day_order)
        found = [obs for row in lined_up for obs in self.row(row, order)]
        if not found:
            raise Refusal(f"That {self.lang.name} Meta Business Suite export has no figures "
                          "this bot can read.")
        warnings = self.warnings(found, order_warning(dates, order, self.lang))
        return ImportedFile(format="meta_posts", parser_version=1, platform=PLATFORM,
                            observations=tuple(found), warnings=warnings, rows=len(rows))

    def row(self, row: Sequence[str], order: str) -> list[Observation]:
        link = self.cell(row, "permalink")
        key = post_keys.from_link(link) if link else None
        if key is not None and not key.startswith(f"{PLATFORM}:"):
            self.skipped["elsewhere"] += 1
            return []
        permalink = link if key else ""
        key = key or post_keys.from_id(PLATFORM, self.cell(row, "post_id"))
        if key is None:
            self.skipped["post"] += 1
            return []
        day = None
        period = self.cell(row, "date")
        if "date" not in self.plan.columns:
            self.skipped["no_date_column"] = 1
        elif header_key(period) not in self.lang.lifetime:
            found_day = moment(period, order)
            if found_day is None:
                self.skipped["period"] += 1
                return []
            day = found_day.date()
        if (key, day) in self.seen:
            raise Refusal(f"That Meta Business Suite export lists the post {key} twice for "
                          "the same period, so it cannot say which figures are the post's.")
        self.seen.add((key, day))
        published = None
        if "publish_time" in self.plan.columns:
            published = moment(self.cell(row, "publish_time"), order)
            self.skipped["published"] += published is None
        as_of = None if day else self.received_at
        on = day or self.received_at.date()
        found = []
        for index, metric, scope in self.plan.metrics:
            value = self.value(row[index], self.header[index])
            if value is not None:
                found.append(Observation(
                    post=key, metric=metric, value=value, scope=scope,
                    definition=definitions.in_force(PLATFORM, metric, on), day=day,
                    as_of=as_of, permalink=permalink, published_at=published))
        return found

    def value(self, cell: str, header: str) -> Decimal | None:
        value = number(cell, decimal_comma=self.lang.decimal_comma)
        if value is None:
            if header_key(cell) and header_key(cell) not in {"-", "--", "—", "n/a", "na"}:
                self.skipped["number"] += 1
                self.bad_columns["number"].add(shown(header))
            return None
        if value < 0 or value != value.to_integral_value():
            self.skipped["count"] += 1
            self.bad_columns["count"].add(shown(header))
            return None
        return Decimal(int(value))

    def warnings(self, found: Sequence[Observation], order: str) -> tuple[str, ...]:
        s = self.skipped
        said = [
            s["shape"] and "Rows skipped because they do not line up with the header (cut "
            f"short or with extra cells): {s['shape']}.",
            s["elsewhere"] and "Rows skipped because they link to a post that is not on "
            f"Instagram: {s['elsewhere']}.",
            s["post"] and "Rows skipped because they have no readable Instagram permalink or "
            f"post ID: {s['post']}.",
            s["period"] and "Rows skipped because their date column is neither a date nor "
            f"\u201c{self.lang.lifetime_word}\u201d: {s['period']}.",
            s["number"] and f"Figures skipped because they are not numbers: {s['number']} "
            f"(in {', '.join(sorted(self.bad_columns['number']))}).",
            s["count"] and f"Figures skipped because they are not whole counts: {s['count']} "
            f"(in {', '.join(sorted(self.bad_columns['count']))}).",
            s["published"] and "Posts whose publish time could not be read (left unknown): "
            f"{s['published']}.",
            s["no_date_column"] and "The export has no date column; its figures were read "
            "as lifetime figures.",
            any(obs.as_of for obs in found) and "Lifetime figures are counted as of "
            f"{self.received_at.isoformat(timespec='minutes')}, when the file was reported, "
            "since the export does not say when it was made.",
            order,
            self.unread(),
        ]
        return tuple(text for text in said if isinstance(text, str) and text)

    def unread(self) -> str:
        """Names the columns that hold no metric this bot compares."""
        names = self.plan.unread
        more = f" and {len(names) - _NAMED} more" if len(names) > _NAMED else ""
        return (f"Columns not read (no metric this bot compares, or one another column gives): "
                f"{', '.join(names[:_NAMED])}{more}." if names else "")


IMPORTER = MetaPosts()
