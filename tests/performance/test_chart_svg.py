"""The KPI chart as SVG: well-formed, simple enough for the PDF's SVG reader, the figures and
verdicts present as text, hostile labels shown as text and never as markup, same bytes for the
same chart."""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.chart_data import KpiBar, PerformanceChart
from bot.campaign.performance.chart_layout import layout
from bot.campaign.performance.chart_svg import chart_svg
from bot.exports.pdf_text import font_files
from tests.performance.chart_examples import CHART, HOSTILE_LABELS, hostile_chart

SVG = "{http://www.w3.org/2000/svg}"
SIMPLE = {"svg", "title", "rect", "line", "polyline", "text"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def text_nodes(root: ET.Element) -> list[str]:
    return [node.text or "" for node in root.iter(f"{SVG}text")]


def test_the_svg_is_standalone_with_size_view_box_and_title() -> None:
    root = parse(chart_svg(CHART))
    drawing = layout(CHART)
    assert root.tag == f"{SVG}svg" and root.get("version") == "1.1"
    assert root.get("width") == "960" and root.get("height") == str(drawing.height)
    assert root.get("viewBox") == f"0 0 960 {drawing.height}"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Spring launch — KPI targets"


def test_only_simple_elements_and_explicit_fonts() -> None:
    root = parse(chart_svg(CHART))
    assert {node.tag.removeprefix(SVG) for node in root.iter()} == SIMPLE
    for node in root.iter():
        assert "style" not in node.attrib and "class" not in node.attrib and "filter" not in \
            node.attrib
    for node in root.iter(f"{SVG}text"):
        assert node.get("font-family") == "DejaVu Sans, sans-serif"
        assert float(node.get("font-size") or 0) >= 11


def test_the_figures_and_verdicts_are_text() -> None:
    words = text_nodes(parse(chart_svg(CHART)))
    assert "112,400 of 100,000 (112%) — met" in words
    assert "84,200 of 100,000 (84%) — missed, short 15,800" in words
    assert "no figure (target 50,000) — indeterminate" in words
    assert "5,000 of 2,000 (250%) — provisional, the window is not closed yet" in words
    assert any("disputed" in w for w in words)
    assert "target 100,000" in words


def test_missed_is_hatched_and_dashes_are_attributes() -> None:
    root = parse(chart_svg(CHART))
    red = [n for n in root.iter(f"{SVG}line") if n.get("stroke") == "#cf222e"]
    assert len(red) > 10  # the hatching of the missed bar
    assert any(n.get("stroke-dasharray") == "6 4" for n in root.iter(f"{SVG}line"))


def test_hostile_labels_stay_text() -> None:
    svg = chart_svg(hostile_chart())
    root = parse(svg)
    assert "<script" not in svg and "]]><" not in svg and "\x00" not in svg and "\x1b" not in svg
    assert not [n for n in root.iter() if "script" in n.tag]
    words = text_nodes(root)
    assert "<script>alert(1)</script>" in words
    assert "Tom &amp; Jerry & co" in words
    assert "]]><![CDATA[x]]>" in words
    assert 'say "hi" to \'them\'' in words
    assert "bell escape[31m null tab here newline evil" in words
    cut = [w for w in words if w.startswith("xxxx")]
    assert len(cut) == 1 and cut[0].endswith("…") and len(cut[0]) < 100
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "<script>alert(1)</script>bell escape[31m " \
        "null tab here newline evil"
    assert HOSTILE_LABELS[4] not in svg


def test_the_same_chart_gives_the_same_bytes() -> None:
    assert chart_svg(CHART) == chart_svg(copy.deepcopy(CHART))
    assert chart_svg(hostile_chart()) == chart_svg(hostile_chart())


def test_an_empty_chart() -> None:
    words = text_nodes(parse(chart_svg(PerformanceChart("Campaign", ()))))
    assert words == ["Campaign", "No KPI targets in this agreement"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_any_label_gives_well_formed_svg(title: str, label: str) -> None:
    chart = PerformanceChart(title, (KpiBar(label, D(10), D(5), None, D(7), label),))
    root = parse(chart_svg(chart))
    assert root.find(f"{SVG}title") is not None


@pytest.mark.skipif(font_files() is None, reason="DejaVu Sans is not installed")
def test_fpdf2_draws_the_svg_when_dejavu_is_registered_under_its_name() -> None:
    """The PDF export must register DejaVu as "DejaVu Sans" (regular and bold): fpdf2 maps the
    SVG's font-family to it; without it, fpdf2 falls back to Helvetica, which lacks "—"."""
    faces = font_files()
    assert faces is not None
    for chart in (CHART, hostile_chart()):
        pdf = FPDF()
        pdf.add_font("DejaVu Sans", "", str(faces[""]))
        pdf.add_font("DejaVu Sans", "B", str(faces["B"]))
        pdf.add_page()
        pdf.image(io.BytesIO(chart_svg(chart).encode("utf-8")), x=10, y=10, w=190)
        assert bytes(pdf.output()).startswith(b"%PDF")
