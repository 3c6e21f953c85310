"""The KPI chart laid out as shapes: the title, one row per KPI (delivered against agreed,
the verdict written on it), then the daily curves.

A KPI row is readable without colour: a met figure is a solid bar, a missed one hatched, an
indeterminate or provisional one only outlined, and the verdict is always written out.
"""

from __future__ import annotations

from decimal import Decimal

from bot.campaign.performance.chart_curves import CURVE_HEIGHT, curve_shapes
from bot.campaign.performance.chart_data import KpiBar, PerformanceChart
from bot.campaign.performance.chart_shapes import (
    BACKGROUND,
    INK,
    MISSED_TINT,
    MUTED,
    VERDICT_COLOUR,
    WIDTH,
    Drawing,
    Line,
    Rect,
    Shape,
    Text,
)
from bot.campaign.performance.chart_text import clean, finite, fit, number, percent

MARGIN = 24
TITLE_HEIGHT = 48
SCALE_HEIGHT = 22
ROW_HEIGHT = 96
BAR_LEFT = MARGIN
BAR_RIGHT = WIDTH - MARGIN
TARGET_X = (BAR_LEFT + BAR_RIGHT) / 2  # 100% of target; the right end is 200%
MOST = Decimal(2)
EMPTY = "No KPI targets in this agreement"
MOST_BARS = 40  # a picture in a thread stays a picture; the rest is in the written report
MOST_CURVES = 6


def layout(chart: PerformanceChart) -> Drawing:
    """The chart as shapes on a canvas `WIDTH` px wide, as tall as its rows and curves need."""
    room = WIDTH - 2 * MARGIN
    shapes: list[Shape] = [Text(MARGIN, 30, fit(chart.title, 18, room, bold=True), 18,
                                bold=True)]
    y = float(TITLE_HEIGHT)
    if not chart.bars and not chart.curves:
        shapes.append(Text(MARGIN, y + 22, EMPTY, 14, colour=MUTED))
        return _drawing(chart, shapes, y + 40)
    if chart.bars:
        shapes.extend(_scale(y))
        y += SCALE_HEIGHT
        for bar in chart.bars[:MOST_BARS]:
            shapes.extend(bar_shapes(bar, y))
            y += ROW_HEIGHT
    for curve in chart.curves[:MOST_CURVES]:
        shapes.extend(curve_shapes(curve, y, MARGIN, WIDTH - MARGIN))
        y += CURVE_HEIGHT
    left_out = _left_out(chart)
    if left_out:
        shapes.append(Text(MARGIN, y + 18, left_out, 13, colour=MUTED))
        y += 28
    return _drawing(chart, shapes, y + 8)


def _left_out(chart: PerformanceChart) -> str:
    """What the picture leaves out when an agreement has more KPIs or curves than it shows."""
    bars, curves = len(chart.bars) - MOST_BARS, len(chart.curves) - MOST_CURVES
    parts = [f"{count:,} more {noun}{'s' if count > 1 else ''}"
             for count, noun in ((bars, "KPI"), (curves, "curve")) if count > 0]
    return " and ".join(parts) + " not drawn; the written report lists them all" if parts else ""


def _drawing(chart: PerformanceChart, shapes: list[Shape], height: float) -> Drawing:
    return Drawing(WIDTH, int(height), clean(chart.title), tuple(shapes))


def _scale(y: float) -> list[Shape]:
    """The row scale: 0% at the left, the target in the middle, 200% at the right."""
    return [Text(BAR_LEFT, y + 14, "0%", 11, colour=MUTED),
            Text(TARGET_X, y + 14, "target (100%)", 11, "middle", colour=MUTED),
            Text(BAR_RIGHT, y + 14, "200% or more", 11, "end", colour=MUTED)]


def bar_x(value: Decimal, target: Decimal) -> float:
    """Where `value` falls on a row, as a share of `target`, held between 0% and 200%."""
    if not value.is_finite() or not target.is_finite() or target <= 0:
        share = MOST if value.is_finite() and value > 0 else Decimal(0)
    else:
        share = min(max(value / target, Decimal(0)), MOST)
    return BAR_LEFT + float(share) * (TARGET_X - BAR_LEFT)


def bar_shapes(bar: KpiBar, top: float) -> list[Shape]:
    """One KPI row: label, track, figure bar, evidence whisker, target line, and the words."""
    room = BAR_RIGHT - BAR_LEFT
    verdict = clean(bar.verdict).lower() or "indeterminate"
    colour = VERDICT_COLOUR.get(verdict, VERDICT_COLOUR["indeterminate"])
    bar_top, bar_height = top + 26, 22.0
    middle = bar_top + bar_height / 2
    shapes: list[Shape] = [
        Text(BAR_LEFT, top + 16, fit(bar.label, 14, room, bold=True), 14, bold=True),
        Rect(BAR_LEFT, bar_top, room, bar_height, "#f6f8fa"),
    ]
    if bar.figure is not None and finite(bar.figure):
        end = bar_x(bar.figure, bar.target)
        if verdict == "met":
            shapes.append(Rect(BAR_LEFT, bar_top, end - BAR_LEFT, bar_height, colour))
        elif verdict == "missed":
            shapes.append(Rect(BAR_LEFT, bar_top, end - BAR_LEFT, bar_height, MISSED_TINT,
                               hatch=True, stroke=colour))
        else:
            shapes.append(Rect(BAR_LEFT, bar_top, end - BAR_LEFT, bar_height, BACKGROUND,
                               stroke=colour))
        if end >= BAR_RIGHT:  # beyond the scale: an arrowhead at the right end says so
            tip, back = BAR_RIGHT - 3, BAR_RIGHT - 11
            shapes.extend(Line(back, middle + dy, tip, middle, INK, width=2.5) for dy in (-7, 7))
    shapes.extend(_whisker(bar, middle))
    shapes.append(Line(TARGET_X, bar_top - 5, TARGET_X, bar_top + bar_height + 5, INK,
                       width=2.5))
    shapes.append(Text(BAR_LEFT, top + 66, fit(_headline(bar, verdict), 13, room), 13,
                       colour=INK))
    notes = _notes(bar)
    if notes:
        shapes.append(Text(BAR_LEFT, top + 84, fit(notes, 12, room), 12, colour=MUTED))
    return shapes


def _whisker(bar: KpiBar, middle: float) -> list[Shape]:
    """The interval the evidence allows, as a line with a cap at each bounded end."""
    low = bar.low if bar.low is not None and finite(bar.low) else None
    high = bar.high if bar.high is not None and finite(bar.high) else None
    if low is None and high is None:
        return []
    left = bar_x(low, bar.target) if low is not None else BAR_LEFT
    right = bar_x(high, bar.target) if high is not None else BAR_RIGHT
    shapes: list[Shape] = [Line(left, middle, right, middle, INK, width=2)]
    for x, bounded in ((left, low is not None), (right, high is not None)):
        if bounded:
            shapes.append(Line(x, middle - 7, x, middle + 7, INK, width=2))
    return shapes


def _headline(bar: KpiBar, verdict: str) -> str:
    """`84,200 of 100,000 (84%) — missed, short 15,800`, or `no figure … — indeterminate`."""
    figure = bar.figure
    if figure is None or not figure.is_finite():
        return f"no figure (target {number(bar.target)}) — {verdict}"
    share = percent(figure, bar.target)
    words = f"{number(figure)} of {number(bar.target)}" + (f" ({share})" if share else "")
    words += f" — {verdict}"
    if verdict == "missed" and bar.target.is_finite() and figure < bar.target:
        words += f", short {number(bar.target - figure)}"
    elif verdict == "provisional":
        words += ", the window is not closed yet"
    return words


def _notes(bar: KpiBar) -> str:
    """What the evidence bounds the figure to, and whether the two sides disagree."""
    notes: list[str] = []
    low = bar.low if bar.low is not None and finite(bar.low) else None
    high = bar.high if bar.high is not None and finite(bar.high) else None
    if low is not None and high is not None:
        notes.append(f"evidence: between {number(low)} and {number(high)}")
    elif low is not None:
        notes.append(f"evidence: at least {number(low)}")
    elif high is not None:
        notes.append(f"evidence: at most {number(high)}")
    if bar.disputed:
        notes.append("disputed: the two sides' reports differ")
    return " · ".join(notes)

