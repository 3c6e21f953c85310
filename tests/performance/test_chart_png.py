"""The KPI chart as PNG: opens at twice the layout's size, is not blank, shows the verdict
patterns, same bytes for the same chart, and text fits the room the layout gave it."""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from decimal import Decimal as D

import pytest
from PIL import Image

from bot.campaign.performance import chart_png as png
from bot.campaign.performance.chart_data import KpiBar, PerformanceChart
from bot.campaign.performance.chart_layout import layout
from bot.campaign.performance.chart_shapes import MISSED_TINT, VERDICT_COLOUR, Rect, Text
from bot.campaign.performance.chart_text import text_width
from bot.exports.pdf_text import font_files
from tests.performance.chart_examples import CHART, MISSED, hostile_chart


def image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture.convert("RGB")


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def test_the_png_opens_at_twice_the_layout_size_and_is_not_blank() -> None:
    picture = image(png.chart_png(CHART))
    assert picture.size == (1920, layout(CHART).height * 2)
    colours = picture.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    white = max(colours)[1]
    assert white == (255, 255, 255)
    assert max(colours)[0] < 0.95 * picture.size[0] * picture.size[1]


def test_the_verdicts_colours_and_hatching_are_drawn() -> None:
    picture = image(png.chart_png(CHART))
    found = {c for _, c in picture.getcolors(maxcolors=1 << 20) or []}
    assert rgb(VERDICT_COLOUR["met"]) in found
    assert rgb(MISSED_TINT) in found and rgb(VERDICT_COLOUR["missed"]) in found
    (bar,) = [s for s in layout(PerformanceChart("t", (MISSED,))).shapes
              if isinstance(s, Rect) and s.hatch]
    missed = image(png.chart_png(PerformanceChart("t", (MISSED,))))
    row = {missed.getpixel((x * 2, int(bar.y + bar.h / 2) * 2))
           for x in range(int(bar.x) + 4, int(bar.x + bar.w) - 4)}
    assert {rgb(MISSED_TINT), rgb(VERDICT_COLOUR["missed"])} <= row  # stripes, not a fill


def test_the_same_chart_gives_the_same_bytes() -> None:
    assert png.chart_png(CHART) == png.chart_png(copy.deepcopy(CHART))


def test_hostile_and_empty_charts_draw() -> None:
    assert image(png.chart_png(hostile_chart())).size[0] == 1920
    empty = image(png.chart_png(PerformanceChart("Campaign", ())))
    assert empty.size == (1920, layout(PerformanceChart("Campaign", ())).height * 2)
    assert len(empty.getcolors(maxcolors=1 << 20) or []) > 5


@pytest.mark.skipif(font_files() is None, reason="DejaVu Sans is not installed")
def test_the_drawn_text_is_no_wider_than_the_layout_estimated() -> None:
    scripts = PerformanceChart("Ansichten · Überblick — 日本語 キャンペーン 🎉 Ωμέγα مرحبا", (
        KpiBar("ШИРОКИЕ БУКВЫ WWWMMM mmmwww ％％ 🎉🎉🎉", D(3), D(2), None, None, "missed"),))
    for chart in (CHART, hostile_chart(), scripts):
        for shape in layout(chart).shapes:
            if isinstance(shape, Text):
                drawn = png.font(shape.size, shape.bold).getlength(shape.text) / png.SCALE
                assert drawn <= text_width(shape.text, shape.size, shape.bold), shape


@pytest.fixture
def no_dejavu(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(png, "font_files", lambda: None)
    png.font.cache_clear()
    yield
    png.font.cache_clear()


@pytest.mark.usefixtures("no_dejavu")
def test_without_dejavu_pillows_own_font_draws_the_text() -> None:
    picture = image(png.chart_png(CHART))
    assert picture.size == (1920, layout(CHART).height * 2)
    assert len(picture.getcolors(maxcolors=1 << 20) or []) > 20
