"""KPI charts for the chart tests: a realistic one, and hostile labels."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from bot.campaign.performance.chart_data import Curve, KpiBar, PerformanceChart

START = date(2026, 3, 1)
DAILY = (D(9000), D(6000), D(4200), D(3100), D(2500), *(D(2000 - 40 * i) for i in range(35)))

MET = KpiBar("Views · d1 (tt_video)", D(100000), D(112400), D(110000), D(115000), "met")
MISSED = KpiBar("Likes · d1 (tt_video)", D(100000), D(84200), D(79000), D(91000), "missed",
                disputed=True)
UNKNOWN = KpiBar("Story reach · s1 (ig_story)", D(50000), None, None, None, "indeterminate")
EARLY = KpiBar("Saves · r1 (ig_reel)", D(2000), D(5000), None, None, "provisional")
CURVE = Curve("Views · d1 (tt_video)",
              tuple((START + timedelta(i), v) for i, v in enumerate(DAILY)),
              (START, START + timedelta(29)), D(100000))

CHART = PerformanceChart("Spring launch — KPI targets", (MET, MISSED, UNKNOWN, EARLY), (CURVE,))

HOSTILE_LABELS = (
    "<script>alert(1)</script>",
    "Tom &amp; Jerry & co",
    "]]><![CDATA[x]]>",
    'say "hi" to \'them\'',
    "bell\x07 escape\x1b[31m null\x00 tab\there\nnewline \u202eevil\u202c \ufffe \ud800",
    "x" * 5000,
)


def hostile_chart() -> PerformanceChart:
    bars = tuple(KpiBar(label, D(1000), D(500), D(400), D(600), "missed", disputed=True)
                 for label in HOSTILE_LABELS)
    curve = Curve(HOSTILE_LABELS[0], CURVE.points, CURVE.window, D(1000))
    return PerformanceChart(HOSTILE_LABELS[0] + HOSTILE_LABELS[4], bars, (curve,))
