"""What the evidence says about one post's figure over a KPI window: a floor, a ceiling, or
the figure itself (CAMPAIGNS.md §3).

A figure that only grows (views, likes) bounds the window's figure by when it was read:
- read before the window's end, it is a floor (more may still come inside the window);
- read between the window's end and 48 hours after (the platforms' data lag), it is the
  window's figure — unless a daily series covers the window exactly, when it is a ceiling;
- read later than that, it is a ceiling (it counts what came after the window too).
Counting matters the same way: for an organic-only KPI a figure that includes paid boosts (or
does not say) is a ceiling, as organic ≤ total; for an organic-plus-paid KPI an organic figure
is a floor. A daily series counts as the window's figure only when it covers every day of the
window, in the agreement's time zone. A figure counted under another definition of the metric
bounds nothing: definitions are compared like with like. Averages neither grow nor add up, so
only a reading at the judging point counts for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.campaign.performance import definitions
from bot.campaign.performance.observation import ACCOUNT, Scope
from bot.campaign.performance.reported import Reported
from bot.campaign.terms.kpis import CUMULATIVE, Counting, Metric

DATA_LAG = timedelta(hours=48)


@dataclass(frozen=True)
class Window:
    """A KPI window: from the real publish time, `window_days` long; judged 48 hours after."""

    start: datetime
    end: datetime

    @property
    def judged_at(self) -> datetime:
        return self.end + DATA_LAG

    def days(self, zone: ZoneInfo) -> tuple[date, ...]:
        """The calendar days it touches, in the agreement's zone."""
        first, last = self.start.astimezone(zone).date(), self.end.astimezone(zone).date()
        return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))

    def whole_days(self, zone: ZoneInfo) -> set[date]:
        """The calendar days it covers from midnight to midnight, in the agreement's zone."""
        return {day for day in self.days(zone)
                if datetime.combine(day, time(), zone) >= self.start
                and datetime.combine(day + timedelta(days=1), time(), zone) <= self.end}


@dataclass(frozen=True)
class Bound:
    """The window's figure lies in [low, high]; `high` None is unbounded. `sources` are the
    files the bound rests on; `unused` says why a figure offered did not count."""

    low: Decimal = Decimal(0)
    high: Decimal | None = None
    sources: tuple[str, ...] = ()
    unused: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        return self.high is not None and self.low == self.high

    @property
    def contradictory(self) -> bool:
        return self.high is not None and self.low > self.high


def bound(figures: Iterable[Reported], metric: Metric, counting: Counting, definition: str,
          window: Window, zone: ZoneInfo) -> Bound:
    """The tightest bound the figures of one post (or the account) give for `metric`."""
    low, high = Decimal(0), None
    sources: list[str] = []
    unused: list[str] = []
    daily: dict[tuple[str, Scope], list[Reported]] = {}
    lifetime: list[Reported] = []
    for item in figures:
        seen = item.observation
        if seen.metric is not metric:
            continue
        if seen.definition != definition:
            unused.append(f"a figure counts {definitions.words(seen.definition)}, not "
                          f"{definitions.words(definition)}")
        elif seen.is_daily:
            daily.setdefault((item.source, seen.scope), []).append(item)
        else:
            lifetime.append(item)
    covered_exactly = False
    for (source, scope), series in daily.items():
        wanted = set(window.days(zone))
        if len({r.observation.day for r in series}) != len(series):
            unused.append("a daily series lists a day twice")
            continue
        covered = {r.observation.day for r in series} & wanted
        if covered != wanted or metric not in CUMULATIVE:
            unused.append(f"a daily series covers {len(covered)} of the window's "
                          f"{len(wanted)} days")
            continue
        values = {r.observation.day: r.observation.value for r in series}
        total = sum((values[day] for day in wanted), Decimal(0))
        inside = window.whole_days(zone)
        if series[0].observation.post != ACCOUNT:
            inside.add(min(wanted))  # before its publication a post had nothing to count
        part = sum((values[day] for day in inside), Decimal(0))
        if part == total:
            floor, ceiling = _scoped(total, total, scope, counting)
        elif any(value < 0 for value in values.values()):
            unused.append("a daily series with corrections cannot be cut at the window's "
                          "edges")
            continue
        else:  # days the window only partly covers count in the ceiling alone
            floor, ceiling = _scoped(part, total, scope, counting)
            unused.append("a daily series counts whole days; the window starts or ends "
                          "within one, so its figure lies between the days inside it and all "
                          "the days it touches")
        if floor is None and ceiling is None:
            unused.append("a daily series' counting of paid boosts does not match the KPI's")
            continue
        covered_exactly = covered_exactly or floor is not None
        low, high = _narrowed(low, high, floor, ceiling)
        sources.append(source)
    for item in lifetime:
        seen = item.observation
        if seen.value < 0 and metric in CUMULATIVE:
            unused.append("a lifetime figure below zero")
            continue
        found = _lifetime(seen.as_of, seen.value, metric, window, covered_exactly)
        if found is None:
            unused.append(f"a figure read at {_moment(seen.as_of)} cannot be compared with the "
                          "window's")
            continue
        floor, ceiling = _scoped(*found, seen.scope, counting)
        if floor is None and ceiling is None:
            unused.append("a figure's counting of paid boosts does not match the KPI's")
            continue
        low, high = _narrowed(low, high, floor, ceiling)
        sources.append(item.source)
    return Bound(low, high, tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(unused)))


def _narrowed(low: Decimal, high: Decimal | None, floor: Decimal | None,
              ceiling: Decimal | None) -> tuple[Decimal, Decimal | None]:
    """The bound [low, high] tightened by one more figure's floor and ceiling."""
    if floor is not None:
        low = max(low, floor)
    if ceiling is not None:
        high = ceiling if high is None else min(high, ceiling)
    return low, high


def _lifetime(as_of: datetime | None, value: Decimal, metric: Metric, window: Window,
              series_exact: bool) -> tuple[Decimal | None, Decimal | None] | None:
    """(floor, ceiling) a lifetime figure read at `as_of` gives, or None when it gives none."""
    if as_of is None or as_of < window.start:
        return None
    if window.end < as_of <= window.judged_at and not series_exact:
        return value, value
    if metric not in CUMULATIVE:
        return None
    return (value, None) if as_of <= window.end else (None, value)


def _scoped(floor: Decimal | None, ceiling: Decimal | None, scope: Scope, counting: Counting
            ) -> tuple[Decimal | None, Decimal | None]:
    """What remains of a bound once paid boosts are accounted for: organic ≤ organic+paid."""
    if counting is Counting.ORGANIC_ONLY and scope is not Scope.ORGANIC:
        return None, ceiling
    if counting is Counting.ORGANIC_PLUS_PAID and scope is Scope.ORGANIC:
        return floor, None
    return floor, ceiling


def _moment(at: datetime | None) -> str:
    return "an unknown time" if at is None else at.strftime("%Y-%m-%d %H:%M %Z").strip()
