"""What a party might try to tip a KPI, and what a flopped post must not break: the same file
sent twice, one post recorded for two deliverables, a second file that outvotes the other
side, a day listed twice, figures so small or so precise that arithmetic or drawing fails."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.campaign.performance.chart_data import KpiBar, PerformanceChart
from bot.campaign.performance.chart_png import chart_png
from bot.campaign.performance.evaluation import KpiVerdict, Measuring, evaluate
from bot.campaign.performance.observation import ImportedFile, Observation, Rank, Scope
from bot.campaign.performance.report_payload import FigureReport, figures_in, report_payload
from bot.campaign.performance.reported import MeasuredPost, Reported
from bot.campaign.performance.table_text import number
from bot.campaign.terms.kpis import Commitment, Counting, KpiTarget, Metric
from bot.domain.identity import Side

PUBLISHED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
READ = PUBLISHED + timedelta(days=7, hours=20)  # within the data lag of a 7-day window
JUDGED = PUBLISHED + timedelta(days=12)
REEL = MeasuredPost("d1", "instagram:C0ffee123", "https://www.instagram.com/reel/C0ffee123/",
                    PUBLISHED, "instagram")
VIEWS = KpiTarget(Metric.VIEWS, Decimal(100_000), Commitment.GUARANTEED,
                  Counting.ORGANIC_PLUS_PAID, 7, ())
DEFINITION = "instagram.views.2025"


def seen(value: int, *, day: date | None = None) -> Observation:
    return Observation(REEL.key, Metric.VIEWS, Decimal(value), Scope.ORGANIC_PLUS_PAID, DEFINITION,
                       day=day, as_of=None if day else READ)


def judged(reported: list[Reported], posts: tuple[MeasuredPost, ...] = (REEL,),
           expected: tuple[str, ...] = ("d1",)) -> tuple[KpiVerdict, Decimal | None]:
    [result] = evaluate((VIEWS,), Measuring(posts, reported, expected, ZoneInfo("UTC"),
                                            date(2026, 2, 1)), JUDGED)
    return result.verdict, result.figure if result.figure is not None else result.high


def payload(side: Side, sha: str, *observations: Observation) -> dict[str, object]:
    imported = ImportedFile("mapped_csv", 1, "instagram", observations)
    return report_payload(FigureReport(sha, 100, "views.csv", imported, side))


def test_the_same_file_sent_twice_counts_once() -> None:
    days = [seen(10_000, day=PUBLISHED.date() + timedelta(days=n)) for n in range(8)]
    once = payload(Side.CREATOR, "a" * 64, *days)
    assert judged(figures_in([once])) == (KpiVerdict.MISSED, 80_000)
    assert judged(figures_in([once, once, once])) == (KpiVerdict.MISSED, 80_000)


def test_one_post_recorded_for_two_deliverables_counts_once() -> None:
    again = dataclasses.replace(REEL, deliverable="d2")
    reported = [Reported(seen(80_000), Side.CREATOR, Rank.NATIVE_EXPORT, "f")]
    assert judged(reported, (REEL, again), ("d1", "d2")) == (KpiVerdict.MISSED, 80_000)


def test_a_second_different_file_from_one_side_cannot_outvote_the_other() -> None:
    brand = Reported(seen(96_000), Side.BRAND, Rank.NATIVE_EXPORT, "brand")
    honest = Reported(seen(100_000), Side.CREATOR, Rank.NATIVE_EXPORT, "creator-1")
    bogus = Reported(seen(1_000_000), Side.CREATOR, Rank.NATIVE_EXPORT, "creator-2")
    assert judged([brand, honest]) == (KpiVerdict.MISSED, 98_000)
    assert judged([brand, honest, bogus]) == (KpiVerdict.MISSED, 96_000)


def test_a_daily_series_listing_a_day_twice_counts_for_nothing() -> None:
    days = [seen(20_000, day=PUBLISHED.date() + timedelta(days=n)) for n in range(8)]
    doubled = [*days, seen(20_000, day=PUBLISHED.date())]
    reported = [Reported(o, Side.CREATOR, Rank.NATIVE_EXPORT, "f") for o in doubled]
    assert judged(reported)[0] is KpiVerdict.INDETERMINATE


def test_numbers_too_precise_to_be_counts_or_rates_are_not_read() -> None:
    assert number("0." + "0" * 70 + "1") is None
    assert number("0.000001") == Decimal("0.000001")
    assert number("12.5") == Decimal("12.5")


def test_a_bar_thinner_than_a_pixel_is_drawn() -> None:
    for figure in ("10", "100", "250"):
        chart = PerformanceChart("KPIs", (KpiBar("views · d1", Decimal(100_000),
                                                 Decimal(figure), None, None, "missed"),))
        assert chart_png(chart).startswith(b"\x89PNG")


def test_a_lifetime_figure_below_zero_counts_for_nothing() -> None:
    reported = [Reported(seen(-5), Side.BRAND, Rank.NATIVE_EXPORT, "f")]
    assert judged(reported)[0] is KpiVerdict.INDETERMINATE
