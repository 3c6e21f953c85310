"""A daily series on the KPI chart: its running total (or the daily figures) as a line, the
KPI window shaded between dashed lines, and the target as a dashed horizontal line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from bot.campaign.performance.chart_data import Curve
from bot.campaign.performance.chart_shapes import (
    BACKGROUND,
    CURVE,
    GRID,
    INK,
    MUTED,
    WINDOW,
    Line,
    Polyline,
    Rect,
    Shape,
    Text,
)
from bot.campaign.performance.chart_text import fit, number, text_width

CURVE_HEIGHT = 272
AXIS_ROOM = 100  # left of the plot, for the value labels


def series(curve: Curve) -> list[tuple[date, Decimal]]:
    """The values drawn, by day: the running total unless the curve is not cumulative; days
    whose figure is not a number are left out."""
    points = sorted((p for p in curve.points if p[1].is_finite()), key=lambda p: p[0])
    if not curve.cumulative:
        return points
    total = Decimal(0)
    drawn: list[tuple[date, Decimal]] = []
    for day, value in points:
        total += value
        drawn.append((day, total))
    return drawn


def curve_shapes(curve: Curve, top: float, left: float, right: float) -> list[Shape]:
    """One curve's panel, between `left` and `right`, starting at `top`."""
    kind = "running total of daily figures" if curve.cumulative else "daily figures"
    shapes: list[Shape] = [Text(left, top + 18, fit(f"{curve.label} — {kind}", 14,
                                                     right - left, bold=True), 14, bold=True)]
    plot_left, plot_right = left + AXIS_ROOM, right - 8
    plot_top, plot_bottom = top + 48, top + 228
    drawn = series(curve)
    days = [d for d, _ in drawn] + (list(curve.window) if curve.window else [])
    if not drawn:
        shapes.append(Text(plot_left, plot_top + 40, "no daily figures", 13, colour=MUTED))
        return shapes
    first, last = min(days), max(days)
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return plot_left + (day - first).days / span * (plot_right - plot_left)

    target = curve.target if curve.target is not None and curve.target.is_finite() else None
    peak = max(v for _, v in drawn)
    highest = max(peak, target or Decimal(0), Decimal(0))
    scale = highest if highest > 0 else Decimal(1)

    def y_of(value: Decimal) -> float:
        share = min(max(value / scale, Decimal(0)), Decimal(1))
        return plot_bottom - float(share) * (plot_bottom - plot_top)

    if curve.window:
        shapes.extend(_window(curve.window, x_of, top + 40, plot_top, plot_bottom, left, right))
    shapes.append(Line(plot_left, plot_top, plot_left, plot_bottom, GRID))
    shapes.append(Line(plot_left, plot_bottom, plot_right, plot_bottom, GRID))
    room = AXIS_ROOM - 8
    shapes.append(Text(plot_left - 6, plot_bottom + 4, "0", 11, "end", colour=MUTED))
    if peak > 0:
        shapes.append(Line(plot_left - 4, y_of(peak), plot_left, y_of(peak), GRID))
        shapes.append(Text(plot_left - 6, y_of(peak) + 4, fit(number(peak), 11, room), 11,
                           "end", colour=MUTED))
    if target is not None:
        shapes.extend(_target(target, y_of(target), plot_left, plot_right, plot_top))
    points = tuple((x_of(d), y_of(v)) for d, v in drawn)
    shapes.append(Polyline(points, CURVE, 2.5))
    if len(points) == 1:
        shapes.append(Rect(points[0][0] - 3, points[0][1] - 3, 6, 6, CURVE))
    shapes.append(Text(plot_left, plot_bottom + 18, first.isoformat(), 12, colour=MUTED))
    shapes.append(Text(plot_right, plot_bottom + 18, last.isoformat(), 12, "end",
                       colour=MUTED))
    return shapes


def _target(target: Decimal, y: float, left: float, right: float, top: float) -> list[Shape]:
    """The target line, dashed, with its value written at its right end on a clear patch:
    above the line, or below it when the line runs along the top of the plot."""
    words = fit(f"target {number(target)}", 12, right - left - 8, bold=True)
    width = text_width(words, 12, bold=True)
    baseline = y - 6 if y - top >= 24 else y + 17
    return [Line(left, y, right, y, INK, dash=True, width=2),
            Rect(right - 4 - width - 3, baseline - 12, width + 6, 16, BACKGROUND),
            Text(right - 4, baseline, words, 12, "end", bold=True)]


def _window(window: tuple[date, date], x_of: Callable[[date], float], label_y: float,
            plot_top: float, plot_bottom: float, left: float, right: float) -> list[Shape]:
    """The KPI window: shaded, a dashed line at each end, labelled with its dates."""
    start, end = sorted(window)
    x1, x2 = x_of(start), x_of(end)
    shapes: list[Shape] = [Rect(x1, plot_top, x2 - x1, plot_bottom - plot_top, WINDOW),
                           Line(x1, plot_top - 4, x1, plot_bottom, CURVE, dash=True, width=1.5),
                           Line(x2, plot_top - 4, x2, plot_bottom, CURVE, dash=True, width=1.5)]
    opens, closes = f"window opens {start.isoformat()}", f"window closes {end.isoformat()}"
    opens_width, closes_width = text_width(opens, 11), text_width(closes, 11)
    if x1 + 3 + opens_width + 12 < x2 - 3 - closes_width:
        shapes.append(Text(x1 + 3, label_y, opens, 11, colour=CURVE))
        shapes.append(Text(x2 - 3, label_y, closes, 11, "end", colour=CURVE))
    else:
        words = f"window {start.isoformat()} to {end.isoformat()}"
        half = text_width(words, 11) / 2
        centre = min(max((x1 + x2) / 2, left + half), right - half)
        shapes.append(Text(centre, label_y, words, 11, "middle", colour=CURVE))
    return shapes
