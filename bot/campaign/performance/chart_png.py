"""The KPI chart as a PNG image, for posting in a Slack or Discord thread.

Drawn at twice the layout's size so the text stays crisp on high-density screens, in DejaVu
Sans when the system has it (Pillow's own font otherwise). The same chart always gives the
same bytes.
"""

from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.campaign.performance.chart_data import PerformanceChart
from bot.campaign.performance.chart_layout import layout
from bot.campaign.performance.chart_shapes import (
    BACKGROUND,
    Drawing,
    Line,
    Polyline,
    Rect,
    Shape,
    Text,
    dashes,
    hatch_lines,
)
from bot.exports.pdf_text import font_files

SCALE = 2
_ANCHOR = {"start": "ls", "middle": "ms", "end": "rs"}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=32)
def font(size: float, bold: bool) -> Font:
    """DejaVu Sans (bold when asked) at `size` layout px, drawn at the PNG's scale."""
    pixels = max(round(size * SCALE), 1)
    faces = font_files()
    if faces is not None:
        return ImageFont.truetype(str(faces["B" if bold else ""]), pixels)
    return ImageFont.load_default(pixels)


def chart_png(chart: PerformanceChart) -> bytes:
    """The chart as PNG bytes, `SCALE` times the layout's width and height."""
    return drawing_png(layout(chart))


def drawing_png(drawing: Drawing) -> bytes:
    """A laid-out chart as PNG bytes."""
    image = Image.new("RGB", (drawing.width * SCALE, drawing.height * SCALE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for shape in drawing.shapes:
        _draw(draw, shape)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _px(value: float) -> float:
    return value * SCALE


def _width(width: float) -> int:
    return max(round(width * SCALE), 1)


def _draw(draw: ImageDraw.ImageDraw, shape: Shape) -> None:
    if isinstance(shape, Rect):
        _rect(draw, shape)
    elif isinstance(shape, Line):
        for x1, y1, x2, y2 in dashes(shape):
            draw.line([(_px(x1), _px(y1)), (_px(x2), _px(y2))], fill=shape.colour,
                      width=_width(shape.width))
    elif isinstance(shape, Polyline):
        points = [(_px(x), _px(y)) for x, y in shape.points]
        if len(points) > 1:
            draw.line(points, fill=shape.colour, width=_width(shape.width), joint="curve")
    else:
        _text(draw, shape)


def _rect(draw: ImageDraw.ImageDraw, rect: Rect) -> None:
    if rect.w <= 0 or rect.h <= 0:
        return
    left, top = _px(rect.x), _px(rect.y)
    # A sliver narrower than a pixel is still drawn, one pixel wide, never inside out.
    box = (left, top, max(left, _px(rect.x + rect.w) - 1), max(top, _px(rect.y + rect.h) - 1))
    draw.rectangle(box, fill=rect.fill)
    if rect.hatch:
        for x1, y1, x2, y2 in hatch_lines(rect):
            draw.line([(_px(x1), _px(y1)), (_px(x2), _px(y2))], fill=rect.stroke or "#000000",
                      width=_width(1.5))
    if rect.stroke:
        draw.rectangle(box, outline=rect.stroke, width=_width(1.5))


def _text(draw: ImageDraw.ImageDraw, text: Text) -> None:
    draw.text((_px(text.x), _px(text.y)), text.text, fill=text.colour,
              font=font(text.size, text.bold), anchor=_ANCHOR[text.anchor])
