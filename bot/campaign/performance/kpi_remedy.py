"""What a missed guaranteed KPI costs, as its agreement states: a share of the fee for each
percentage point of the target missed, never more than the cap, and any make-good posts.

A goal KPI never costs anything, and neither does an indeterminate one: missing data is not a
miss (CAMPAIGNS.md §3). The points short are those the evidence proves at the least (the
target less the figure's ceiling), so a remedy never charges for a doubt.
"""

from __future__ import annotations

from decimal import Decimal

from bot.campaign.checks.remedies import Computation, Money
from bot.campaign.performance.evaluation import KpiResult, KpiVerdict
from bot.campaign.terms.kpis import Commitment
from bot.campaign.terms.money import number_text


def kpi_remedy(result: KpiResult, fee: Money) -> Computation | None:
    """The remedy a missed guaranteed KPI's agreement gives, step by step, or None."""
    kpi, remedy, points = result.kpi, result.kpi.remedy, result.percent_short
    if (result.verdict is not KpiVerdict.MISSED or kpi.commitment is not Commitment.GUARANTEED
            or remedy is None or points is None):
        return None
    clause = f"kpis[{result.index}].remedy"
    steps = [f"Guaranteed {kpi.metric.value.replace('_', ' ')}: at most "
             f"{result.high or Decimal(0):,} of {kpi.target:,}, "
             f"{number_text(points)} percentage points short of the target."]
    amount = Money(Decimal(0), fee.currency)
    if remedy.percent_per_point:
        asked = points * remedy.percent_per_point
        percent = min(asked, remedy.cap_percent) if remedy.cap_percent else asked
        percent = min(percent, Decimal(100))
        amount = fee.share(percent)
        capped = f", capped at {number_text(remedy.cap_percent)}%" if percent < asked else ""
        steps.append(f"{number_text(remedy.percent_per_point)}% of the fee for each point: "
                     f"{number_text(points)} × {number_text(remedy.percent_per_point)}% = "
                     f"{number_text(asked)}%{capped}.")
        steps.append(f"{number_text(percent)}% of {fee} = {amount}.")
    if remedy.make_good_posts:
        posts = remedy.make_good_posts
        steps.append(f"The creator owes {posts} make-good post{'s' if posts != 1 else ''}.")
    return Computation(clause, amount, tuple(steps))
