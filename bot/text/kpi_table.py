"""The KPI table in words: each agreed target, what the evidence shows, the verdict, and for
an indeterminate one exactly what would settle it; disputed figures and figures that did not
count are named, and a missed guaranteed KPI shows its remedy step by step."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from bot.campaign.checks.remedies import Money
from bot.campaign.performance.evaluation import KpiResult, KpiVerdict
from bot.campaign.performance.kpi_remedy import kpi_remedy
from bot.campaign.terms.kpis import COMPOSITES, KpiTarget
from bot.domain.clock import format_time
from bot.domain.identity import Side

VERDICT_WORDS = {KpiVerdict.MET: "met", KpiVerdict.MISSED: "missed",
                 KpiVerdict.INDETERMINATE: "indeterminate",
                 KpiVerdict.PROVISIONAL: "provisional (the window and its 48-hour data lag "
                                         "have not passed)"}


def figure_text(kpi: KpiTarget, value: Decimal) -> str:
    if kpi.metric in COMPOSITES:
        return f"{value.normalize():f}%"
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def kpi_label(kpi: KpiTarget) -> str:
    about = ", ".join(kpi.deliverables) or "all deliverables"
    level = "the account" if kpi.level.value == "account" else about
    return f"{kpi.metric.value.replace('_', ' ')} · {level}"


def shown_figure(result: KpiResult) -> str:
    """What the evidence says of the figure, in words."""
    kpi = result.kpi
    if result.figure is not None:
        return figure_text(kpi, result.figure)
    if result.high is not None:
        return (f"between {figure_text(kpi, result.low)} and "
                f"{figure_text(kpi, result.high)}")
    return f"at least {figure_text(kpi, result.low)}" if result.low else "no figure yet"


def result_lines(result: KpiResult, fee: Money) -> list[str]:
    kpi = result.kpi
    terms = (f"{kpi.commitment.value}, {kpi.counting.value.replace('_', ' ')}, "
             f"{kpi.window_days} days from publication")
    verdict = VERDICT_WORDS[result.verdict]
    if result.verdict is KpiVerdict.MISSED and result.shortfall is not None:
        bound = "" if result.figure is not None else "at least "
        verdict += (f", short by {bound}{figure_text(kpi, result.shortfall)} "
                    f"({result.percent_short}% of the target)")
    lines = [f"{result.index + 1}. {kpi_label(kpi)} ({terms}): {shown_figure(result)} of "
             f"{figure_text(kpi, kpi.target)} — {verdict}."]
    remedy = kpi_remedy(result, fee)
    if remedy is not None:
        lines.append(f"   Remedy ({remedy.clause}): " + " ".join(remedy.steps))
    for found in result.disputes:
        brand, creator = found.brand, found.creator
        kept = ("neither counts until a better source comes" if found.kept is None else
                f"the {found.kept.value}'s "
                f"{(brand if found.kept is Side.BRAND else creator).rank.words} counts")
        lines.append(
            f"   Disputed: {brand.observation.metric.value.replace('_', ' ')} of "
            f"{brand.observation.post or 'the account'}: the brand reports "
            f"{figure_text(kpi, brand.observation.value)} ({brand.rank.words}), the creator "
            f"{figure_text(kpi, creator.observation.value)} ({creator.rank.words}), "
            f"{found.apart_percent}% apart: {kept}.")
    lines += [f"   To settle it: {s}." for s in result.settle]
    lines += [f"   Not counted: {u}." for u in result.unused]
    return lines


def kpi_table(results: Sequence[KpiResult], fee: Money, now: datetime) -> str:
    """The whole table, or a line saying the agreement states no KPI."""
    if not results:
        return "The agreement in force states no KPI targets."
    lines = [f"KPI targets, as the record shows them at {now:%Y-%m-%d %H:%M} UTC:"]
    for result in results:
        lines += result_lines(result, fee)
    return "\n".join(lines)


def judged_payload(results: Sequence[KpiResult], fee: Money, now: datetime) -> dict[str, Any]:
    """The KPI table as a case's journal keeps it next to the figures that changed it, in
    plain values, so an export shows what the thread was told (and can draw its chart)."""
    def text(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {"at": format_time(now), "kpis": [{
        "index": r.index, "label": kpi_label(r.kpi), "target": str(r.kpi.target),
        "figure": text(r.figure), "low": text(r.low), "high": text(r.high),
        "verdict": r.verdict.value, "disputed": bool(r.disputes),
        "lines": result_lines(r, fee)} for r in results]}
