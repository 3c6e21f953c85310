"""The KPI table a case was last told, for the HTML and PDF exports: its lines and its chart.

Each analytics export uploaded as evidence journals the KPI table it produced (`judged` in a
`metrics_reported` payload, written by `bot/text/kpi_table.py`). An export shows the latest one
the viewer may see: what the thread was told, when, and the chart drawn from it. Everything is
read back from the journal's plain values, so a table journaled by an older version, or a
damaged one, is not drawn: the export says so in a plain note and goes on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.campaign.performance.chart_data import VERDICTS, KpiBar, PerformanceChart
from bot.domain import kinds
from bot.domain.clock import parse_time

DIGITS = 30  # a figure of 10**30 or more is far beyond any count or rate, and long to draw
NO_TARGETS = "The agreement in force states no KPI targets."


class UnreadableTable(ValueError):
    """A journaled KPI table that does not read as `judged_payload` writes it."""


@dataclass(frozen=True)
class Performance:
    """The latest KPI table in a viewer's export: from entry `seq`, judged at `at`.

    `chart` is None when the table could not be read; `problem` then says why."""

    seq: int
    at: str
    lines: tuple[str, ...]
    chart: PerformanceChart | None
    problem: str = ""


def latest(doc: Mapping[str, Any]) -> Performance | None:
    """The last KPI table among the document's visible entries, or None when it has none."""
    entries: Sequence[Mapping[str, Any]] = doc["entries"]
    for item in reversed(entries):
        if item.get("redacted") or item.get("kind") != kinds.METRICS_REPORTED:
            continue
        payload = item.get("payload")
        if not isinstance(payload, Mapping) or "judged" not in payload:
            continue
        judged = payload["judged"]
        try:
            chart = chart_of(judged)
            return Performance(item["seq"], judged["at"], table_lines(judged), chart)
        except UnreadableTable as problem:
            return Performance(item["seq"], "", (), None, str(problem))
    return None


def chart_of(judged: Any) -> PerformanceChart:
    """The chart of a journaled KPI table; UnreadableTable when it is not one."""
    title = f"KPIs as judged on {moment_words(_field(judged, 'at', str))}"
    return PerformanceChart(title, tuple(_bar(kpi) for kpi in _kpis(judged)))


def table_lines(judged: Any) -> tuple[str, ...]:
    """The table's lines as the thread was told them, KPI after KPI."""
    lines: list[str] = []
    for kpi in _kpis(judged):
        told = _field(kpi, "lines", list)
        if not all(isinstance(line, str) for line in told):
            raise UnreadableTable("a KPI's lines are not text")
        lines.extend(told)
    return tuple(lines) or (NO_TARGETS,)


def moment_words(at: str) -> str:
    """A journaled UTC time as `2026-12-03 09:00 UTC`."""
    try:
        return f"{parse_time(at):%Y-%m-%d %H:%M} UTC"
    except (ValueError, TypeError):
        raise UnreadableTable(f"its time {at[:40]!r} is not a UTC time") from None


def _kpis(judged: Any) -> list[Mapping[str, Any]]:
    kpis: list[Mapping[str, Any]] = _field(judged, "kpis", list)
    if not all(isinstance(kpi, Mapping) for kpi in kpis):
        raise UnreadableTable("a KPI is not a record")
    return kpis


def _bar(kpi: Mapping[str, Any]) -> KpiBar:
    """One KPI's row; like the thread's chart, the evidence's bounds only without a figure."""
    verdict = _field(kpi, "verdict", str)
    if verdict not in VERDICTS:
        raise UnreadableTable(f"unknown verdict {verdict[:40]!r}")
    figure = _decimal(kpi, "figure")
    low, high = _decimal(kpi, "low"), _decimal(kpi, "high")
    if figure is not None:
        low = high = None
    return KpiBar(_field(kpi, "label", str), _required(_decimal(kpi, "target")), figure,
                  low or None, high, verdict, _field(kpi, "disputed", bool))


def _field(record: Any, key: str, kind: type[Any]) -> Any:
    if not isinstance(record, Mapping) or key not in record:
        raise UnreadableTable(f"{key!r} is missing")
    value = record[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise UnreadableTable(f"{key!r} is not {kind.__name__}")
    return value


def _decimal(kpi: Mapping[str, Any], key: str) -> Decimal | None:
    """A figure as decimal text (or null), finite and under 10**`DIGITS`: what `judged_payload`
    writes. A longer one is refused before it is read (drawing it would take its digits)."""
    if key not in kpi:
        raise UnreadableTable(f"{key!r} is missing")
    text = kpi[key]
    if text is None:
        return None
    try:
        value = Decimal(text) if isinstance(text, str) and len(text) <= 60 else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or (value and value.adjusted() >= DIGITS):
        raise UnreadableTable(f"{key!r} is not a decimal number")
    return value


def _required(value: Decimal | None) -> Decimal:
    if value is None:
        raise UnreadableTable("a KPI has no target")
    return value
