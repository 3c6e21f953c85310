"""The KPI chart's layout: the target sits at one x on every row, figures past the scale stay
on the canvas, the verdict is written and patterned, and no text leaves the picture."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.chart_data import Curve, KpiBar, PerformanceChart
from bot.campaign.performance.chart_layout import EMPTY, MARGIN, TARGET_X, bar_shapes, layout
from bot.campaign.performance.chart_shapes import (
    BACKGROUND,
    VERDICT_COLOUR,
    WIDTH,
    Drawing,
    Line,
    Polyline,
    Rect,
    Text,
    hatch_lines,
)
from bot.campaign.performance.chart_text import clean, fit, number, percent, text_width
from tests.performance.chart_examples import CHART, EARLY, HOSTILE_LABELS, MET, MISSED, UNKNOWN


def texts(drawing: Drawing) -> list[str]:
    return [s.text for s in drawing.shapes if isinstance(s, Text)]


def target_lines(shapes: list[object]) -> list[Line]:
    return [s for s in shapes if isinstance(s, Line) and s.width == 2.5 and s.x1 == s.x2]


def figure_bar(bar: KpiBar) -> Rect:
    rects = [s for s in bar_shapes(bar, 100) if isinstance(s, Rect)]
    assert len(rects) == 2, rects  # the track, then the figure
    return rects[1]


def test_the_target_line_is_at_the_same_x_on_every_row() -> None:
    bars = [MET, MISSED, UNKNOWN, EARLY,
            KpiBar("tiny", D("0.5"), D("0.2"), None, None, "missed"),
            KpiBar("huge", D("1e12"), D("3e12"), None, None, "met")]
    xs = {line.x1 for bar in bars for line in target_lines(list(bar_shapes(bar, 0)))}
    assert xs == {TARGET_X}
    assert TARGET_X == WIDTH / 2


def test_a_figure_at_250_percent_is_clamped_to_the_canvas_with_an_arrowhead() -> None:
    bar = KpiBar("Saves", D(2000), D(5000), D(4000), D(6000), "met")
    rect = figure_bar(bar)
    assert rect.x == MARGIN and rect.x + rect.w == WIDTH - MARGIN
    shapes = bar_shapes(bar, 0)
    assert all(0 <= s.x1 <= WIDTH and 0 <= s.x2 <= WIDTH for s in shapes if isinstance(s, Line))
    assert "5,000 of 2,000 (250%) — met" in [s.text for s in shapes if isinstance(s, Text)]
    arrow = [s for s in shapes if isinstance(s, Line) and s.x2 == WIDTH - MARGIN - 3]
    assert len(arrow) == 2


def test_a_negative_figure_draws_no_bar_and_a_zero_target_no_division() -> None:
    assert figure_bar(KpiBar("x", D(100), D(-5), None, None, "missed")).w == 0
    assert figure_bar(KpiBar("x", D(0), D(5), None, None, "met")).w == WIDTH - 2 * MARGIN


def test_verdicts_differ_by_pattern_not_only_by_colour() -> None:
    met, missed, early = figure_bar(MET), figure_bar(MISSED), figure_bar(EARLY)
    assert (met.fill, met.hatch, met.stroke) == (VERDICT_COLOUR["met"], False, None)
    assert missed.hatch and missed.stroke == VERDICT_COLOUR["missed"]
    assert (early.fill, early.hatch, early.stroke) == (BACKGROUND, False,
                                                       VERDICT_COLOUR["provisional"])
    assert not [s for s in bar_shapes(UNKNOWN, 0) if isinstance(s, Rect)][1:]


def test_the_figures_and_verdicts_are_written() -> None:
    words = texts(layout(CHART))
    assert words[0] == "Spring launch — KPI targets"
    assert "112,400 of 100,000 (112%) — met" in words
    assert "84,200 of 100,000 (84%) — missed, short 15,800" in words
    assert "evidence: between 79,000 and 91,000 · disputed: the two sides' reports differ" in words
    assert "no figure (target 50,000) — indeterminate" in words
    assert "5,000 of 2,000 (250%) — provisional, the window is not closed yet" in words
    assert "evidence: at least 79,000" in texts(layout(PerformanceChart("t", (
        KpiBar("x", D(100000), D(84200), D(79000), None, "missed"),))))


def test_the_whisker_spans_the_evidence_bounds() -> None:
    lines = [s for s in bar_shapes(MISSED, 0) if isinstance(s, Line) and s.y1 == s.y2]
    assert [(line.x1, line.x2) for line in lines] == [
        (MARGIN + 0.79 * (TARGET_X - MARGIN), MARGIN + 0.91 * (TARGET_X - MARGIN))]


def test_an_empty_chart_says_there_are_no_targets() -> None:
    drawing = layout(PerformanceChart("Campaign", ()))
    assert texts(drawing) == ["Campaign", EMPTY]
    assert EMPTY == "No KPI targets in this agreement"


def test_the_curve_is_the_running_total_with_window_and_target() -> None:
    drawing = layout(PerformanceChart("t", (), (CURVE_SMALL,)))
    (line,) = [s for s in drawing.shapes if isinstance(s, Polyline)]
    ys = [y for _, y in line.points]
    assert ys == sorted(ys, reverse=True)  # a running total of positive days only rises
    words = texts(drawing)
    assert {"2026-03-01", "2026-03-05", "600", "0", "target 1,000"} <= set(words)
    assert "window opens 2026-03-02" in words and "window closes 2026-03-04" in words
    dashed = [s for s in drawing.shapes if isinstance(s, Line) and s.dash]
    assert len([d for d in dashed if d.y1 == d.y2]) == 1  # the target
    assert len([d for d in dashed if d.x1 == d.x2]) == 2  # the window's two ends


CURVE_SMALL = Curve("Views", tuple((date(2026, 3, 1) + timedelta(i), D(v))
                                   for i, v in enumerate((100, 200, 0, 250, 50))),
                    (date(2026, 3, 2), date(2026, 3, 4)), D(1000))


def test_numbers_and_labels() -> None:
    assert number(D("1234567.5")) == "1,234,567.5"
    assert number(D("84200.00")) == "84,200"
    assert number(D("NaN")) == number(None) == "—"
    assert percent(D("99.99"), D(100)) == "99%"  # a miss never rounds up to 100%
    assert percent(D("0.1"), D(100)) == "<1%"
    assert percent(D(5), D(0)) == ""
    assert clean("a\x00b\x1b[1m\tc\u202ed\ud800") == "ab[1m cd"
    cut = fit("x" * 5000, 14, 300)
    assert cut.endswith("…") and text_width(cut, 14) <= 300 and len(cut) < 60


def inside(drawing: Drawing) -> None:
    for shape in drawing.shapes:
        if isinstance(shape, Text):
            width = text_width(shape.text, shape.size, shape.bold)
            left = {"start": shape.x, "middle": shape.x - width / 2,
                    "end": shape.x - width}[shape.anchor]
            assert left >= 0 and left + width <= drawing.width, shape
            assert shape.y - shape.size >= 0 and shape.y + shape.size / 3 <= drawing.height
        elif isinstance(shape, Rect):
            assert shape.x >= 0 and shape.x + shape.w <= drawing.width + 1e-9, shape
            assert shape.y >= 0 and shape.y + shape.h <= drawing.height, shape
            for x1, y1, x2, y2 in hatch_lines(shape):
                assert shape.x - 1e-6 <= min(x1, x2) and max(x1, x2) <= shape.x + shape.w + 1e-6
                assert shape.y - 1e-6 <= min(y1, y2) and max(y1, y2) <= shape.y + shape.h + 1e-6
        elif isinstance(shape, Line):
            for x, y in ((shape.x1, shape.y1), (shape.x2, shape.y2)):
                assert 0 <= x <= drawing.width and 0 <= y <= drawing.height, shape
        else:
            assert all(0 <= x <= drawing.width and 0 <= y <= drawing.height
                       for x, y in shape.points)


def test_every_shape_of_the_examples_lies_inside_the_canvas() -> None:
    from tests.performance.chart_examples import hostile_chart

    inside(layout(CHART))
    inside(layout(hostile_chart()))
    assert any(t.endswith("…") for t in texts(layout(hostile_chart())))
    assert all(len(t) < 200 for t in texts(layout(hostile_chart())))
    assert HOSTILE_LABELS[0] in texts(layout(hostile_chart()))


figures = st.one_of(st.none(), st.sampled_from([D("NaN"), D("Infinity"), D("-Infinity")]),
                    st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                min_value=-10**9, max_value=10**12))
bars = st.builds(KpiBar, st.text(max_size=300), st.decimals(allow_nan=False, places=2,
                                                            allow_infinity=False,
                                                            min_value=-10, max_value=10**12),
                 figures, figures, figures,
                 st.sampled_from(["met", "missed", "indeterminate", "provisional", "<b>?"]),
                 st.booleans())
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))
curves = st.builds(Curve, st.text(max_size=300),
                   st.lists(st.tuples(days, st.decimals(allow_nan=False, allow_infinity=False,
                                                        places=0, min_value=-10**6,
                                                        max_value=10**9)),
                            max_size=40).map(tuple),
                   st.one_of(st.none(), st.tuples(days, days)), figures, st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.builds(PerformanceChart, st.text(max_size=300), st.lists(bars, max_size=4).map(tuple),
                 st.lists(curves, max_size=2).map(tuple)))
def test_no_chart_draws_outside_its_canvas(chart: PerformanceChart) -> None:
    inside(layout(chart))


def test_a_huge_agreement_is_drawn_up_to_a_cap_and_says_what_it_left_out() -> None:
    from bot.campaign.performance.chart_layout import MOST_BARS, MOST_CURVES

    chart = PerformanceChart("t", (MET,) * 5000, (CURVE_SMALL,) * 50)
    drawing = layout(chart)
    assert drawing.height < 8000
    assert texts(drawing)[-1] == "4,960 more KPIs and 44 more curves not drawn; the written " \
        "report lists them all"
    assert texts(drawing).count("112,400 of 100,000 (112%) — met") == MOST_BARS == 40
    assert MOST_CURVES == 6
    inside(drawing)
    assert texts(layout(PerformanceChart("t", (MET,) * 41)))[-1] == (
        "1 more KPI not drawn; the written report lists them all")
