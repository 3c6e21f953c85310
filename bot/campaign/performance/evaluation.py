"""The agreement's KPI targets judged against the figures both sides reported
(CAMPAIGNS.md §3): met, missed (by how much), indeterminate (and what would settle it), or
provisional while the window and its 48-hour data lag have not passed.

Each post's figure is bounded by the evidence (`bounds`), disputed figures are set aside
(`disputes`), and the bounds of the KPI's posts add up. A composite is computed from its
components with the agreed formula: its floor is the components' floors over the
denominator's ceiling, its ceiling the other way round. The KPI is met when the floor reaches
the target and missed when the ceiling falls short of it; in between the record cannot say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, localcontext
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.campaign.performance import definitions
from bot.campaign.performance.bounds import Bound, Window, bound
from bot.campaign.performance.disputes import (
    Disagreement,
    disagreements,
    reconcile,
    self_contradicting,
)
from bot.campaign.performance.observation import ACCOUNT
from bot.campaign.performance.reported import MeasuredPost, Reported
from bot.campaign.terms.kpis import KpiTarget, Level, Metric

HUNDRED = Decimal(100)


class KpiVerdict(StrEnum):
    MET = "met"
    MISSED = "missed"
    INDETERMINATE = "indeterminate"
    PROVISIONAL = "provisional"


@dataclass(frozen=True)
class KpiResult:
    index: int  # the KPI's place in the agreement: `kpis[index]`
    kpi: KpiTarget
    verdict: KpiVerdict
    low: Decimal
    high: Decimal | None
    window: Window | None  # from the first publication to the last window's end
    disputes: tuple[Disagreement, ...] = ()
    settle: tuple[str, ...] = ()  # what evidence would settle it
    unused: tuple[str, ...] = ()  # figures offered that did not count, and why
    sources: tuple[str, ...] = ()  # the files the result rests on

    @property
    def figure(self) -> Decimal | None:
        """The window's figure when the evidence fixes it; else None."""
        return self.low if self.high is not None and self.low == self.high else None

    @property
    def shortfall(self) -> Decimal | None:
        """How far a missed KPI fell short at the least (target minus the ceiling)."""
        if self.verdict is not KpiVerdict.MISSED or self.high is None:
            return None
        return self.kpi.target - self.high

    @property
    def percent_short(self) -> Decimal | None:
        """The shortfall in percentage points of the target, to two decimals."""
        short = self.shortfall
        if short is None or self.kpi.target == 0:
            return None
        with localcontext(Context(prec=60)):
            return (short * HUNDRED / self.kpi.target).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Measuring:
    """What every KPI is measured with: the posts as they went live, everything reported,
    the deliverables a KPI naming none is about, and the agreement's zone and acceptance
    day (the definitions in force that day are the agreed ones, unless a KPI names one)."""

    posts: Sequence[MeasuredPost]
    reported: Sequence[Reported]
    expected: Sequence[str]
    zone: ZoneInfo
    accepted_on: date


def evaluate(kpis: Sequence[KpiTarget], measuring: Measuring, now: datetime
             ) -> tuple[KpiResult, ...]:
    # Figures stay below 10**15 and targets below 10**12, so 60 digits hold every sum and
    # rate exactly before it is rounded for people.
    with localcontext(Context(prec=60)):
        return tuple(judge(index, kpi, measuring, now) for index, kpi in enumerate(kpis))


def judge(index: int, kpi: KpiTarget, measuring: Measuring, now: datetime) -> KpiResult:
    wanted = kpi.deliverables or tuple(measuring.expected)
    recorded = [p for p in measuring.posts if p.deliverable in wanted]
    missing = [key for key in wanted if all(p.deliverable != key for p in recorded)]
    # One post recorded for two deliverables counts once: its figures are its own.
    posts = list({p.key: p for p in recorded}.values())
    settle = [f"{key} is not recorded as live: mark it live with its permalink"
              for key in missing]
    if not posts:
        return KpiResult(index, kpi, KpiVerdict.INDETERMINATE, Decimal(0), None, None,
                         settle=tuple(settle))
    length = timedelta(days=kpi.window_days)
    windows = {p.key: Window(p.published_at, p.published_at + length) for p in posts}
    keys = {p.key for p in posts} | ({ACCOUNT} if kpi.level is Level.ACCOUNT else set())
    offered, contradicted = self_contradicting(
        [r for r in measuring.reported if r.observation.post in keys], kpi.tolerance_percent)
    settle += [f"a single report where {line}" for line in contradicted]
    found = disagreements(offered, kpi.tolerance_percent)
    counted = reconcile(offered, found, kpi.tolerance_percent)
    metrics = kpi.formula.numerator if kpi.formula else (kpi.metric,)
    numerator = _sum(_bounds(kpi, metrics, posts, windows, counted, measuring, settle))
    if kpi.formula is None:
        low, high = numerator.low, numerator.high
        parts = [numerator]
    else:
        denominator = _denominator(kpi, posts, windows, counted, measuring, settle)
        low, high = _rate(numerator, denominator)
        parts = [numerator, denominator]
    settle += [f"a better source for a figure the two sides report differently: the "
               f"platform's API or a native export both can check ({_what(d)})"
               for d in found if d.kept is None]
    contradictory = any(b.contradictory for b in parts)
    if contradictory:
        settle.append("the figures reported contradict each other (a figure read earlier is "
                      "higher than one read later): a native export both sides can check")
    span = Window(min(w.start for w in windows.values()), max(w.end for w in windows.values()))
    verdict = _verdict(kpi.target, low, high, now, span, bool(missing) or contradictory)
    return KpiResult(index, kpi, verdict, low, high, span, found,
                     tuple(dict.fromkeys(settle)) if verdict is KpiVerdict.INDETERMINATE
                     else (), tuple(dict.fromkeys(u for b in parts for u in b.unused)),
                     tuple(dict.fromkeys(s for b in parts for s in b.sources)))


def _verdict(target: Decimal, low: Decimal, high: Decimal | None, now: datetime,
             span: Window, unsure: bool) -> KpiVerdict:
    """`unsure`: a post is missing or the figures contradict each other; only a floor that
    already reaches the target can then decide."""
    if now < span.judged_at and not unsure:
        return KpiVerdict.PROVISIONAL
    if low >= target and not (unsure and high is not None and low > high):
        return KpiVerdict.MET
    if high is not None and high < target and not unsure:
        return KpiVerdict.MISSED
    return KpiVerdict.INDETERMINATE


def _bounds(kpi: KpiTarget, metrics: Sequence[Metric], posts: Sequence[MeasuredPost],
            windows: dict[str, Window], counted: Sequence[Reported], measuring: Measuring,
            settle: list[str]) -> list[Bound]:
    """One bound per post and metric (or per metric for the account)."""
    found: list[Bound] = []
    for metric in metrics:
        if kpi.level is Level.ACCOUNT:
            first = min(posts, key=lambda p: p.published_at)
            span = Window(first.published_at, first.published_at + timedelta(
                days=kpi.window_days))
            found.append(_one(kpi, metric, first, ACCOUNT, span, counted, measuring, settle))
            continue
        found += [_one(kpi, metric, post, post.key, windows[post.key], counted, measuring,
                       settle) for post in posts]
    return found


def _one(kpi: KpiTarget, metric: Metric, post: MeasuredPost, key: str, window: Window,
         counted: Sequence[Reported], measuring: Measuring, settle: list[str]) -> Bound:
    definition = kpi.definition or definitions.in_force(post.platform, metric,
                                                        measuring.accepted_on)
    found = bound((r for r in counted if r.observation.post == key), metric, kpi.counting,
                  definition, window, measuring.zone)
    if not found.exact:
        whose = "the account's" if key == ACCOUNT else f"{post.deliverable}'s post"
        settle.append(
            f"{metric.value} of {whose}, counted as {definitions.words(definition)} "
            f"({kpi.counting.value.replace('_', ' ')}), read between {_day(window.end)} and "
            f"{_day(window.judged_at)} or as a daily series covering the window, from a "
            "native export")
    return found


def _denominator(kpi: KpiTarget, posts: Sequence[MeasuredPost], windows: dict[str, Window],
                 counted: Sequence[Reported], measuring: Measuring, settle: list[str]
                 ) -> Bound:
    assert kpi.formula is not None
    if kpi.formula.followers_at_publish is not None:
        followers = kpi.formula.followers_at_publish
        return Bound(followers, followers)
    assert kpi.formula.denominator is not None
    return _sum(_bounds(kpi, (kpi.formula.denominator,), posts, windows, counted, measuring,
                        settle))


def _sum(found: Sequence[Bound]) -> Bound:
    highs = [b.high for b in found]
    return Bound(sum((b.low for b in found), Decimal(0)),
                 None if any(h is None for h in highs) else sum(
                     (h for h in highs if h is not None), Decimal(0)),
                 tuple(dict.fromkeys(s for b in found for s in b.sources)),
                 tuple(dict.fromkeys(u for b in found for u in b.unused)))


def _rate(numerator: Bound, denominator: Bound) -> tuple[Decimal, Decimal | None]:
    """The composite in percent, as a floor and a ceiling, to four decimals."""
    places = Decimal("0.0001")
    if numerator.exact and denominator.exact and denominator.low > 0:
        rate = (numerator.low * HUNDRED / denominator.low).quantize(places)
        return rate, rate
    low = (numerator.low * HUNDRED / denominator.high).quantize(places, ROUND_FLOOR) if (
        denominator.high) else Decimal(0)
    high = (numerator.high * HUNDRED / denominator.low).quantize(places, ROUND_CEILING) if (
        numerator.high is not None and denominator.low > 0) else None
    return low, high


def _what(found: Disagreement) -> str:
    seen = found.brand.observation
    return (f"{seen.metric.value} of {seen.post or 'the account'}: the brand reports "
            f"{seen.value}, the creator {found.creator.observation.value}")


def _day(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at.utcoffset() == timedelta(0) else \
        at.isoformat(timespec="minutes")
