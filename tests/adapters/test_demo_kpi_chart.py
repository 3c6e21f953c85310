"""The demo campaign's KPI chart in the docs is the one the bot draws today from the demo's
agreement and YouTube Studio export."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from adapters.demo.kpi_chart import DOCS, demo_chart
from bot.campaign.performance.chart_svg import chart_svg


def test_the_committed_chart_is_what_the_demo_draws_now() -> None:
    chart = demo_chart()
    assert (DOCS / "kpi-chart.svg").read_text() == chart_svg(chart), (
        "regenerate with `make diagram`")
    assert [(b.label, b.verdict) for b in chart.bars] == [
        ("views · d1", "met"), ("engagement rate (%) · d1", "missed"),
        ("watch time hours · d1", "missed"), ("link clicks · d1", "indeterminate")]
    [curve] = chart.curves
    assert curve.target == 25_000 and curve.window is not None
    image = Image.open(io.BytesIO((DOCS / "kpi-chart.png").read_bytes()))
    assert image.format == "PNG" and image.size == (1920, 1468)
    assert "docs/kpi-chart.png" in (Path(__file__).parents[2] / "README.md").read_text()
