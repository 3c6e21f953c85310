"""The chart of a campaign's KPI results: a bar per KPI (the figure judged against its target)
and, where a daily series covers a KPI's posts, the curve of its running total with the window
and the target marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from bot.campaign.performance.chart_data import Curve, KpiBar, PerformanceChart
from bot.campaign.performance.evaluation import KpiResult, KpiVerdict
from bot.campaign.performance.reported import Reported
from bot.campaign.terms.kpis import COMPOSITES

MOST_CURVES = 3


def kpi_chart(title: str, results: Sequence[KpiResult], reported: Sequence[Reported],
              zone_days: Sequence[tuple[date, date] | None] = ()) -> PerformanceChart:
    """`zone_days`: each result's window as days in the agreement's zone (None: no window)."""
    bars = tuple(KpiBar(_label(r), r.kpi.target, _drawn(r),
                        None if r.figure is not None or not r.low else r.low,
                        None if r.figure is not None else r.high,
                        r.verdict.value, bool(r.disputes)) for r in results)
    curves: list[Curve] = []
    for result, days in zip(results, zone_days, strict=False):
        if days is None or result.kpi.metric in COMPOSITES or len(curves) >= MOST_CURVES:
            continue
        points = _daily(result, reported)
        if points:
            curves.append(Curve(_label(result), points, days, result.kpi.target))
    return PerformanceChart(title, bars, tuple(curves))


def _drawn(result: KpiResult) -> Decimal | None:
    """The figure a bar is drawn to: the exact one, or the bound that decided the verdict
    (the floor that meets the target, the ceiling that misses it); the bounds are written."""
    if result.figure is not None:
        return result.figure
    if result.verdict is KpiVerdict.MET:
        return result.low
    if result.verdict is KpiVerdict.MISSED:
        return result.high
    return None


def _label(result: KpiResult) -> str:
    kpi = result.kpi
    about = ", ".join(kpi.deliverables) or "all deliverables"
    unit = " (%)" if kpi.metric in COMPOSITES else ""
    return f"{kpi.metric.value.replace('_', ' ')}{unit} · {about}"


def _daily(result: KpiResult, reported: Sequence[Reported]) -> tuple[tuple[date, Decimal], ...]:
    """The daily figures of the KPI's metric from one file the result rests on (the one with
    the most days), added up per day across the KPI's posts."""
    by_source: dict[str, dict[date, Decimal]] = {}
    for item in reported:
        seen = item.observation
        if (seen.day is None or seen.metric is not result.kpi.metric
                or item.source not in result.sources):
            continue
        days = by_source.setdefault(item.source, {})
        days[seen.day] = days.get(seen.day, Decimal(0)) + seen.value
    longest = max(by_source.values(), key=len, default={})
    return tuple(sorted(longest.items()))
