"""The KPI findings a case brief carries: a guaranteed KPI about a disputed deliverable, judged
on the figures reported by the time the case opens. Goal KPIs inform and are not findings; the
KPI table shows them all."""

from __future__ import annotations

from collections.abc import Sequence

from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.performance.evaluation import KpiResult, KpiVerdict
from bot.campaign.terms.kpis import Commitment

VERDICTS = {KpiVerdict.MET: Verdict.MET, KpiVerdict.MISSED: Verdict.BREACH,
            KpiVerdict.INDETERMINATE: Verdict.INDETERMINATE,
            KpiVerdict.PROVISIONAL: Verdict.INDETERMINATE}


def about(results: Sequence[KpiResult], disputed: Sequence[str],
          deliverables: Sequence[str]) -> tuple[KpiResult, ...]:
    """The guaranteed KPIs that concern a disputed deliverable (a KPI naming none concerns
    them all)."""
    wanted = set(disputed)
    return tuple(r for r in results if r.kpi.commitment is Commitment.GUARANTEED
                 and wanted & set(r.kpi.deliverables or deliverables))


def kpi_findings(results: Sequence[KpiResult], version: str) -> tuple[Finding, ...]:
    found = []
    for result in results:
        kpi = result.kpi
        metric = kpi.metric.value.replace("_", " ")
        item = ",".join(kpi.deliverables) or "all"
        evidence = tuple(Evidence("the figures reported", source) for source in result.sources)
        if result.verdict is KpiVerdict.PROVISIONAL and result.window is not None:
            words = (f"Guaranteed {metric} ({item}) cannot be judged before "
                     f"{result.window.judged_at:%Y-%m-%d %H:%M} UTC (the window's end and "
                     "48 hours' data lag).")
            settle = "the figures read after that moment"
        elif result.verdict is KpiVerdict.MISSED:
            words = (f"Guaranteed {metric} ({item}) missed: at most {result.high:,} of "
                     f"{kpi.target:,}, {result.percent_short} points short.")
            settle = ""
        elif result.verdict is KpiVerdict.MET:
            words = f"Guaranteed {metric} ({item}) met: at least {result.low:,} of {kpi.target:,}."
            settle = ""
        else:
            words = f"Guaranteed {metric} ({item}): the figures reported cannot say yet."
            settle = "; ".join(result.settle) or "a native export of the posts' figures"
        found.append(Finding(FindingKind.KPI_SHORTFALL, item,
                             Citation(f"kpis[{result.index}]", version), evidence,
                             VERDICTS[result.verdict], words, settle,
                             measured_at=None if result.window is None
                             else result.window.judged_at))
    return tuple(found)
