"""What the KPI chart shows: per KPI, the figure delivered against the figure agreed, and for
a daily series, its curve with the KPI window and the target marked.

The evaluator fills these in; the layout draws them. Labels come from the agreement and the
parties, so they are plain text that may be hostile: the drawing never reads them as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

VERDICTS = ("met", "missed", "indeterminate", "provisional")


@dataclass(frozen=True)
class KpiBar:
    """One KPI's row: the figure judged against its target, with the verdict in words.

    `low`/`high` are the bounds the evidence puts on the figure (None: unbounded on that
    side); `disputed` says the two sides' reports differ beyond the tolerance."""

    label: str
    target: Decimal
    figure: Decimal | None
    low: Decimal | None
    high: Decimal | None
    verdict: str
    disputed: bool = False


@dataclass(frozen=True)
class Curve:
    """A daily series, drawn as its running total unless `cumulative` is False, with the KPI
    window marked and the target as a horizontal line."""

    label: str
    points: tuple[tuple[date, Decimal], ...]
    window: tuple[date, date] | None
    target: Decimal | None
    cumulative: bool = True


@dataclass(frozen=True)
class PerformanceChart:
    """The whole chart posted in a thread or embedded in an export."""

    title: str
    bars: tuple[KpiBar, ...]
    curves: tuple[Curve, ...] = ()
