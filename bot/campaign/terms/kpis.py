"""Performance targets, recorded as agreed; whether they were met is judged in
`bot.campaign.performance.evaluation` (CAMPAIGNS.md §3).

A KPI names a metric and a target over a window counted from the real publish time. An
engagement rate is never read from an export's column: it is a composite, computed from its
components with the formula the agreement states, over the denominator it states. A guaranteed
KPI may carry a remedy (a fee reduction per point short, capped, or make-good posts); a goal
KPI informs and never penalises.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Metric(StrEnum):
    VIEWS = "views"
    REACH = "reach"
    IMPRESSIONS = "impressions"
    LIKES = "likes"
    COMMENTS = "comments"
    SHARES = "shares"
    SAVES = "saves"
    PROFILE_VISITS = "profile_visits"
    FOLLOWS = "follows"
    LINK_CLICKS = "link_clicks"
    WATCH_TIME_HOURS = "watch_time_hours"
    AVERAGE_VIEW_SECONDS = "average_view_seconds"
    CONVERSIONS = "conversions"
    ENGAGEMENT_RATE = "engagement_rate"  # composite: only ever computed from its formula


COMPOSITES = frozenset({Metric.ENGAGEMENT_RATE})
# Figures that only grow over a post's life: a lifetime figure read before the window's end
# is a floor, one read long after it a ceiling. Averages are neither.
CUMULATIVE = frozenset(Metric) - COMPOSITES - {Metric.AVERAGE_VIEW_SECONDS}


class Commitment(StrEnum):
    GUARANTEED = "guaranteed"  # may have money consequences, with a stated remedy
    GOAL = "goal"  # informs, never penalises


class Counting(StrEnum):
    """Whether a brand's paid boost counts toward the target."""

    ORGANIC_ONLY = "organic_only"
    ORGANIC_PLUS_PAID = "organic_plus_paid"


class Level(StrEnum):
    """What a KPI is about: the deliverables' own posts, or the creator's whole account
    over the window (follows gained, profile visits)."""

    POSTS = "posts"
    ACCOUNT = "account"


@dataclass(frozen=True)
class Formula:
    """A composite in percent: the sum of the numerator's metrics over the denominator, a
    metric of the same posts (views on TikTok, reach) or the follower count at publication
    that the agreement states (Instagram's usual denominator)."""

    numerator: tuple[Metric, ...]
    denominator: Metric | None = None
    followers_at_publish: Decimal | None = None


@dataclass(frozen=True)
class KpiRemedy:
    """What a missed guaranteed KPI costs: `percent_per_point` of the fee for each percentage
    point of the target missed, at most `cap_percent`; and/or make-good posts owed."""

    percent_per_point: Decimal = Decimal(0)
    cap_percent: Decimal = Decimal(0)
    make_good_posts: int = 0


DEFAULT_TOLERANCE = Decimal(5)


@dataclass(frozen=True)
class KpiTarget:
    metric: Metric
    target: Decimal
    commitment: Commitment
    counting: Counting
    window_days: int  # counted from the real publish time
    deliverables: tuple[str, ...] = ()  # keys it is about; empty: the whole campaign
    formula: Formula | None = None  # required for a composite metric, refused otherwise
    definition: str = ""  # the metric's definition agreed; empty: the one in force at acceptance
    tolerance_percent: Decimal = DEFAULT_TOLERANCE  # two reports this close agree
    remedy: KpiRemedy | None = None  # only for a guaranteed KPI
    level: Level = Level.POSTS
