"""Performance targets, recorded as agreed; whether they were met is judged elsewhere."""

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


class Commitment(StrEnum):
    GUARANTEED = "guaranteed"  # may have money consequences, with a stated remedy
    GOAL = "goal"  # informs, never penalises


class Counting(StrEnum):
    """Whether a brand's paid boost counts toward the target."""

    ORGANIC_ONLY = "organic_only"
    ORGANIC_PLUS_PAID = "organic_plus_paid"


@dataclass(frozen=True)
class KpiTarget:
    metric: Metric
    target: Decimal
    commitment: Commitment
    counting: Counting
    window_days: int  # counted from the real publish time
    deliverables: tuple[str, ...] = ()  # keys it is about; empty: the whole campaign
