"""The KPI chart as a standalone SVG 1.1 image, for the HTML and PDF exports.

Only `rect`, `line`, `polyline` and `text` with presentation attributes (no CSS, no filters,
no external fonts), so the PDF export's simple SVG reader draws it too. Every text is escaped;
the same chart always gives the same bytes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from bot.campaign.performance.chart_data import PerformanceChart
from bot.campaign.performance.chart_layout import layout
from bot.campaign.performance.chart_shapes import (
    BACKGROUND,
    DASH,
    FONT_FAMILY,
    Drawing,
    Line,
    Polyline,
    Rect,
    Shape,
    Text,
    hatch_lines,
)

_QUOTES = {'"': "&quot;", "'": "&apos;"}


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attr(value: str) -> str:
    return escape(value, _QUOTES)


def chart_svg(chart: PerformanceChart) -> str:
    """The chart as SVG text (no XML declaration, so it can sit inline in HTML as it is)."""
    return drawing_svg(layout(chart))


def drawing_svg(drawing: Drawing) -> str:
    """A laid-out chart as SVG text."""
    w, h = drawing.width, drawing.height
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" role="img">',
        f"<title>{escape(drawing.title)}</title>",
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="{BACKGROUND}"/>',
    ]
    for shape in drawing.shapes:
        lines.extend(_shape(shape))
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


def _shape(shape: Shape) -> list[str]:
    if isinstance(shape, Rect):
        return _rect(shape)
    if isinstance(shape, Line):
        dash = f' stroke-dasharray="{_n(DASH[0])} {_n(DASH[1])}"' if shape.dash else ""
        return [f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
                f'y2="{_n(shape.y2)}" stroke="{_attr(shape.colour)}" '
                f'stroke-width="{_n(shape.width)}"{dash}/>']
    if isinstance(shape, Polyline):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return [f'<polyline points="{points}" fill="none" stroke="{_attr(shape.colour)}" '
                f'stroke-width="{_n(shape.width)}" stroke-linejoin="round"/>']
    return [_text(shape)]


def _rect(rect: Rect) -> list[str]:
    fill = _attr(rect.fill) if rect.fill else "none"
    stroke = f' stroke="{_attr(rect.stroke)}" stroke-width="1.5"' if rect.stroke else ""
    out = [f'<rect x="{_n(rect.x)}" y="{_n(rect.y)}" width="{_n(max(rect.w, 0))}" '
           f'height="{_n(max(rect.h, 0))}" fill="{fill}"{stroke}/>']
    if rect.hatch:
        colour = _attr(rect.stroke or "#000000")
        out.extend(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                   f'stroke="{colour}" stroke-width="1.5"/>'
                   for x1, y1, x2, y2 in hatch_lines(rect))
    return out


def _text(text: Text) -> str:
    weight = ' font-weight="bold"' if text.bold else ""
    return (f'<text x="{_n(text.x)}" y="{_n(text.y)}" font-family="{_attr(FONT_FAMILY)}" '
            f'font-size="{_n(text.size)}" text-anchor="{text.anchor}" '
            f'fill="{_attr(text.colour)}"{weight}>{escape(text.text)}</text>')
