"""The KPI chart's SVG inline in an HTML page, as headless Chromium draws it: the figures
are in the DOM as text and the screenshot is not blank. Skips where chromium is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from adapters.demo.browser import dump_dom, find_chromium, screenshot
from bot.campaign.performance.chart_svg import chart_svg
from tests.performance.chart_examples import CHART, hostile_chart

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (Debian: apt-get install chromium; .ci/run does it)")


def page(tmp_path: Path, svg: str) -> Path:
    target = tmp_path / "chart.html"
    target.write_text("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>chart</title>"
                      f"</head><body>{svg}</body></html>", encoding="utf-8")
    return target


def test_chromium_shows_the_figures_as_text(tmp_path: Path) -> None:
    dom = dump_dom(page(tmp_path, chart_svg(CHART)))
    assert "84,200 of 100,000 (84%) — missed, short 15,800" in dom
    assert "no figure (target 50,000) — indeterminate" in dom


def test_chromium_keeps_hostile_labels_as_text(tmp_path: Path) -> None:
    dom = dump_dom(page(tmp_path, chart_svg(hostile_chart())))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "<script>" not in dom


def test_the_screenshot_is_not_blank(tmp_path: Path) -> None:
    shot = screenshot(page(tmp_path, chart_svg(CHART)), tmp_path / "chart.png")
    with Image.open(shot) as picture:
        colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 20
