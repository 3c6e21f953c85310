"""KPI evaluation, rule by rule, each with the worked example docs/reports.md gives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.evaluation import (
    KpiResult,
    KpiVerdict,
    Measuring,
    evaluate,
    judge,
)
from bot.campaign.performance.observation import ACCOUNT, Observation, Rank, Scope
from bot.campaign.performance.reported import MeasuredPost, Reported
from bot.campaign.terms.kpis import (
    Commitment,
    Counting,
    Formula,
    KpiTarget,
    Level,
    Metric,
)
from bot.domain.identity import Side

PUBLISHED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
WINDOW_END = PUBLISHED + timedelta(days=30)  # 2026-03-31 10:00
JUDGED = WINDOW_END + timedelta(hours=48)  # 2026-04-02 10:00
AFTER = JUDGED + timedelta(days=1)
REEL = MeasuredPost("d1", "instagram:C0ffee123", "https://www.instagram.com/reel/C0ffee123/",
                    PUBLISHED, "instagram")
VIEWS = KpiTarget(Metric.VIEWS, Decimal(100_000), Commitment.GUARANTEED,
                  Counting.ORGANIC_ONLY, 30, ("d1",))
IG_VIEWS = "instagram.views.2025"


def seen(value: int, at: datetime, *, metric: Metric = Metric.VIEWS, post: str = REEL.key,
         scope: Scope = Scope.ORGANIC, definition: str = IG_VIEWS) -> Observation:
    return Observation(post, metric, Decimal(value), scope, definition, as_of=at)


def by(side: Side, *observations: Observation, rank: Rank = Rank.NATIVE_EXPORT,
       source: str = "") -> list[Reported]:
    return [Reported(o, side, rank, source or f"{side.value}-file") for o in observations]


def result(kpi: KpiTarget, reported: list[Reported], now: datetime = AFTER,
           posts: tuple[MeasuredPost, ...] = (REEL,), accepted: date = date(2026, 2, 1)
           ) -> KpiResult:
    return judge(0, kpi, Measuring(posts, reported, ("d1",), ZoneInfo("UTC"), accepted), now)


def test_a_figure_read_within_48_hours_of_the_window_end_is_the_window_figure() -> None:
    found = result(VIEWS, by(Side.CREATOR, seen(84_200, WINDOW_END + timedelta(hours=20))))
    assert (found.verdict, found.figure, found.shortfall, found.percent_short) == (
        KpiVerdict.MISSED, Decimal(84_200), Decimal(15_800), Decimal("15.80"))
    assert found.sources == ("creator-file",)


def test_before_the_window_end_and_its_lag_the_result_is_provisional() -> None:
    found = result(VIEWS, by(Side.CREATOR, seen(120_000, PUBLISHED + timedelta(days=10))),
                   now=JUDGED - timedelta(minutes=1))
    assert (found.verdict, found.low, found.high) == (KpiVerdict.PROVISIONAL, 120_000, None)


def test_a_figure_read_before_the_window_end_is_a_floor() -> None:
    early = seen(120_000, PUBLISHED + timedelta(days=10))
    assert result(VIEWS, by(Side.CREATOR, early)).verdict is KpiVerdict.MET
    short = result(VIEWS, by(Side.CREATOR, seen(60_000, PUBLISHED + timedelta(days=10))))
    assert short.verdict is KpiVerdict.INDETERMINATE
    assert "read between 2026-03-31 10:00 UTC and 2026-04-02 10:00 UTC" in short.settle[0]


def test_a_figure_read_long_after_the_window_is_a_ceiling() -> None:
    late = seen(90_000, JUDGED + timedelta(days=20))
    assert result(VIEWS, by(Side.BRAND, late)).verdict is KpiVerdict.MISSED
    over = result(VIEWS, by(Side.CREATOR, seen(130_000, JUDGED + timedelta(days=20))))
    assert (over.verdict, over.low, over.high) == (KpiVerdict.INDETERMINATE, 0, 130_000)


def test_an_organic_only_kpi_takes_a_figure_with_paid_boosts_as_a_ceiling() -> None:
    boosted = seen(150_000, WINDOW_END + timedelta(hours=1), scope=Scope.ORGANIC_PLUS_PAID)
    found = result(VIEWS, by(Side.CREATOR, boosted))
    assert (found.verdict, found.high) == (KpiVerdict.INDETERMINATE, 150_000)
    assert "(organic only)" in found.settle[0]
    unsaid = seen(150_000, WINDOW_END + timedelta(hours=1), scope=Scope.UNKNOWN)
    assert result(VIEWS, by(Side.CREATOR, unsaid)).verdict is KpiVerdict.INDETERMINATE
    low = seen(80_000, WINDOW_END + timedelta(hours=1), scope=Scope.UNKNOWN)
    assert result(VIEWS, by(Side.CREATOR, low)).verdict is KpiVerdict.MISSED
    with_paid = dataclasses.replace(VIEWS, counting=Counting.ORGANIC_PLUS_PAID)
    organic = seen(110_000, PUBLISHED + timedelta(days=3))
    assert result(with_paid, by(Side.CREATOR, organic)).verdict is KpiVerdict.MET


def test_figures_under_another_definition_count_for_nothing() -> None:
    before_change = date(2025, 3, 1)  # accepted while Instagram still counted plays
    found = result(VIEWS, by(Side.CREATOR, seen(150_000, WINDOW_END + timedelta(hours=1))),
                   accepted=before_change)
    assert found.verdict is KpiVerdict.INDETERMINATE
    assert found.unused == ("a figure counts Instagram views (from 2025-04-21), not Instagram "
                            "plays (before views replaced impressions)",)
    agreed = dataclasses.replace(VIEWS, definition=IG_VIEWS)
    assert result(agreed, by(Side.CREATOR, seen(150_000, WINDOW_END + timedelta(hours=1))),
                  accepted=before_change).verdict is KpiVerdict.MET


def test_an_engagement_rate_is_computed_from_its_components_with_the_agreed_formula() -> None:
    rate = dataclasses.replace(VIEWS, metric=Metric.ENGAGEMENT_RATE, target=Decimal(4),
                               formula=Formula((Metric.LIKES, Metric.COMMENTS), Metric.VIEWS))
    at = WINDOW_END + timedelta(hours=2)
    figures = by(Side.CREATOR, seen(100_000, at), seen(4_000, at, metric=Metric.LIKES,
                                                      definition="instagram.likes"),
                 seen(500, at, metric=Metric.COMMENTS, definition="instagram.comments"))
    found = result(rate, figures)
    assert (found.verdict, found.figure) == (KpiVerdict.MET, Decimal("4.5"))
    over_followers = dataclasses.replace(rate, formula=Formula(
        (Metric.LIKES, Metric.COMMENTS), None, Decimal(150_000)))
    assert (result(over_followers, figures).verdict, result(over_followers, figures).figure) \
        == (KpiVerdict.MISSED, Decimal(3))


def test_reports_within_the_tolerance_agree_and_beyond_it_are_disputed() -> None:
    at = WINDOW_END + timedelta(hours=3)
    close = by(Side.BRAND, seen(100_000, at)) + by(Side.CREATOR, seen(103_000, at))
    agreed = result(VIEWS, close)
    assert (agreed.verdict, agreed.disputes, agreed.figure) == (KpiVerdict.MET, (), 101_500)
    ranked = by(Side.BRAND, seen(98_000, at)) + by(Side.CREATOR, seen(101_000, at),
                                                    rank=Rank.SCREENSHOT)
    assert result(VIEWS, ranked).figure == 98_000  # the native export's figure
    apart = by(Side.BRAND, seen(90_000, at)) + by(Side.CREATOR, seen(120_000, at),
                                                  rank=Rank.SCREENSHOT)
    found = result(VIEWS, apart)
    assert (found.verdict, found.figure) == (KpiVerdict.MISSED, 90_000)
    assert [(d.apart_percent, d.kept) for d in found.disputes] == [(Decimal(25), Side.BRAND)]
    even = result(VIEWS, by(Side.BRAND, seen(90_000, at)) + by(Side.CREATOR, seen(120_000, at)))
    assert even.verdict is KpiVerdict.INDETERMINATE
    assert any(s.startswith("a better source") for s in even.settle)


def test_a_daily_series_counts_only_when_it_covers_the_whole_window() -> None:
    days = [PUBLISHED.date() + timedelta(days=n) for n in range(31)]
    series = [Observation(REEL.key, Metric.VIEWS, Decimal(4_000), Scope.ORGANIC, IG_VIEWS,
                          day=d) for d in days]
    whole = result(VIEWS, by(Side.CREATOR, *series))
    # The window runs 03-01 10:00 to 03-31 10:00: the post's first day counts whole (it had
    # nothing before it went live), the last day only in the ceiling.
    assert (whole.verdict, whole.low, whole.high) == (KpiVerdict.MET, 120_000, 124_000)
    partial = result(VIEWS, by(Side.CREATOR, *series[:20]))
    assert partial.unused == ("a daily series covers 20 of the window's 31 days",)


def test_a_post_not_recorded_as_live_leaves_the_kpi_indeterminate_and_says_so() -> None:
    both = dataclasses.replace(VIEWS, deliverables=("d1", "d2"))
    found = result(both, by(Side.CREATOR, seen(60_000, WINDOW_END + timedelta(hours=1))))
    assert found.verdict is KpiVerdict.INDETERMINATE
    assert found.settle[0] == "d2 is not recorded as live: mark it live with its permalink"
    met = result(both, by(Side.CREATOR, seen(160_000, WINDOW_END + timedelta(hours=1))))
    assert met.verdict is KpiVerdict.MET  # the floor already reaches the target


def test_an_account_kpi_reads_the_account_s_daily_figures_from_the_first_publication() -> None:
    follows = KpiTarget(Metric.FOLLOWS, Decimal(1_000), Commitment.GOAL,
                        Counting.ORGANIC_PLUS_PAID, 7, ("d1",), level=Level.ACCOUNT)
    series = [Observation(ACCOUNT, Metric.FOLLOWS, Decimal(150), Scope.UNKNOWN,
                          "instagram.follows", day=PUBLISHED.date() + timedelta(days=n))
              for n in range(8)]
    found = result(follows, by(Side.CREATOR, *series))
    # The account counts whole days: the window (03-01 10:00 to 03-08 10:00) only partly
    # covers its first and last, so 6 whole days are the floor and all 8 the ceiling.
    assert (found.verdict, found.low, found.high) == (KpiVerdict.INDETERMINATE, 900, 1_200)


def test_contradicting_figures_decide_nothing() -> None:
    early_high = seen(120_000, PUBLISHED + timedelta(days=5))
    late_low = seen(90_000, JUDGED + timedelta(days=3))
    found = result(VIEWS, by(Side.CREATOR, early_high, late_low))
    assert found.verdict is KpiVerdict.INDETERMINATE
    assert "contradict" in found.settle[-1]


def test_a_daily_series_of_the_window_outranks_a_lifetime_figure_read_in_the_lag() -> None:
    days = [PUBLISHED.date() + timedelta(days=n) for n in range(31)]
    series = [Observation(REEL.key, Metric.VIEWS, Decimal(4_000), Scope.ORGANIC, IG_VIEWS,
                          day=d) for d in days]
    later = seen(131_000, WINDOW_END + timedelta(hours=30))  # counts a day after the window
    found = result(VIEWS, by(Side.CREATOR, *series, later))
    assert (found.verdict, found.low, found.high) == (KpiVerdict.MET, 120_000, 124_000)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([Metric.VIEWS, Metric.LIKES, Metric.COMMENTS]),
                          st.decimals(0, 10**15 - 1, places=6), st.integers(-40, 400),
                          st.sampled_from(Side)), max_size=8),
       st.decimals(0, 10**12 - 1, places=2))
def test_any_figures_give_a_verdict_and_never_an_error(
        figures: list[tuple[Metric, Decimal, int, Side]], target: Decimal) -> None:
    rate = dataclasses.replace(VIEWS, metric=Metric.ENGAGEMENT_RATE, target=target,
                               formula=Formula((Metric.LIKES, Metric.COMMENTS), Metric.VIEWS))
    reported = [Reported(Observation(REEL.key, metric, value, Scope.ORGANIC,
                                     IG_VIEWS if metric is Metric.VIEWS
                                     else f"instagram.{metric.value}",
                                     as_of=PUBLISHED + timedelta(hours=hours)),
                         side, Rank.NATIVE_EXPORT, f"file{index}")
                for index, (metric, value, hours, side) in enumerate(figures)]
    measuring = Measuring((REEL,), reported, ("d1",), ZoneInfo("UTC"), date(2026, 2, 1))
    for found in evaluate((dataclasses.replace(VIEWS, target=target), rate), measuring, AFTER):
        assert found.verdict in KpiVerdict
        assert (found.high is None or found.low <= found.high
                or found.verdict is KpiVerdict.INDETERMINATE)  # contradictions decide nothing
