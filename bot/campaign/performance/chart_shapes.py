"""The KPI chart as a few drawing shapes on a fixed canvas, shared by the SVG and the PNG so
both show the same picture: rectangles, lines, polylines and text, in a small palette.

Coordinates are CSS pixels, y growing downwards; a text's y is its baseline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

WIDTH = 960
FONT_FAMILY = "DejaVu Sans, sans-serif"

INK = "#1f2328"
MUTED = "#57606a"
GRID = "#afb8c1"
BACKGROUND = "#ffffff"
WINDOW = "#eaf1fb"
CURVE = "#0550ae"
VERDICT_COLOUR = {
    "met": "#1a7f37",
    "missed": "#cf222e",
    "indeterminate": "#6e7781",
    "provisional": "#0969da",
}
MISSED_TINT = "#ffebe9"

Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Rect:
    """A box: filled with `fill` (None: empty), outlined with `stroke` (None: no outline),
    and crossed by diagonal hatching in the outline's colour when `hatch` is set."""

    x: float
    y: float
    w: float
    h: float
    fill: str | None
    hatch: bool = False
    stroke: str | None = None


@dataclass(frozen=True)
class Line:
    """A straight line, dashed when `dash` is set."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = INK
    dash: bool = False
    width: float = 1.0


@dataclass(frozen=True)
class Polyline:
    """A curve through the given points."""

    points: tuple[tuple[float, float], ...]
    colour: str = CURVE
    width: float = 2.0


@dataclass(frozen=True)
class Text:
    """One line of plain text, already cleaned and cut to fit; `x` is where `anchor` sits."""

    x: float
    y: float
    text: str
    size: float
    anchor: Anchor = "start"
    bold: bool = False
    colour: str = INK


Shape = Rect | Line | Polyline | Text


@dataclass(frozen=True)
class Drawing:
    """The chart laid out: a canvas size, the title for screen readers, and its shapes in
    painting order."""

    width: int
    height: int
    title: str
    shapes: tuple[Shape, ...]


HATCH_SPACING = 7.0
DASH = (6.0, 4.0)


def hatch_lines(rect: Rect, spacing: float = HATCH_SPACING) -> list[tuple[float, float, float,
                                                                          float]]:
    """The diagonal hatching of `rect` as segments cut to its edges (lines x + y = k·spacing)."""
    x0, y0, x1, y1 = rect.x, rect.y, rect.x + rect.w, rect.y + rect.h
    segments: list[tuple[float, float, float, float]] = []
    if rect.w <= 0 or rect.h <= 0:
        return segments
    k = math.floor((x0 + y0) / spacing) + 1
    while k * spacing < x1 + y1:
        c = k * spacing
        left, right = max(x0, c - y1), min(x1, c - y0)
        if right > left:
            segments.append((left, c - left, right, c - right))
        k += 1
    return segments


def dashes(line: Line) -> list[tuple[float, float, float, float]]:
    """The drawn pieces of a dashed line (the whole line when it is not dashed)."""
    if not line.dash:
        return [(line.x1, line.y1, line.x2, line.y2)]
    length = math.hypot(line.x2 - line.x1, line.y2 - line.y1)
    if length == 0:
        return []
    dx, dy = (line.x2 - line.x1) / length, (line.y2 - line.y1) / length
    pieces: list[tuple[float, float, float, float]] = []
    start = 0.0
    while start < length:
        end = min(start + DASH[0], length)
        pieces.append((line.x1 + dx * start, line.y1 + dy * start,
                       line.x1 + dx * end, line.y1 + dy * end))
        start += DASH[0] + DASH[1]
    return pieces
