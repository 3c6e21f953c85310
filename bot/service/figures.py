"""Analytics exports uploaded in a thread become figures on the record (CAMPAIGNS.md §3).

In a campaign's thread, a file that reads as an export is stored, hashed and journaled as a
report of figures; any other file is refused, and nothing is kept. In the thread of a case
opened on a campaign, every file is evidence as before; a party's file that also reads as an
export carries its figures into the same decision, and one that looks like an export but
cannot be read is kept as plain evidence with the reason. Either way the answer ends with the
KPI table and its chart, judged on everything reported so far.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.campaign.checks.remedies import Money
from bot.campaign.performance.chart_png import chart_png
from bot.campaign.performance.evaluation import KpiResult, Measuring, evaluate
from bot.campaign.performance.importing import ColumnMapping, Upload
from bot.campaign.performance.kpi_chart import kpi_chart
from bot.campaign.performance.mapped_csv import mapping_from_form
from bot.campaign.performance.measuring import measuring
from bot.campaign.performance.reading import NotAnExport, read_export
from bot.campaign.performance.report_payload import FigureReport, report_payload
from bot.campaign.performance.table_text import LARGEST_FILE
from bot.campaign.record.commands import ReportFigures
from bot.campaign.record.figures import may_report
from bot.campaign.record.state import CampaignState
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.case import Case
from bot.domain.errors import Refusal
from bot.domain.identity import Side
from bot.exchange import THREAD, Attachment, Context, Outcome, Reply
from bot.input.export_period import export_period
from bot.input.file_kind import display_name
from bot.ports import EvidenceStore, StoredFile
from bot.service.campaigns import Campaigns
from bot.text.kpi_table import judged_payload, kpi_table

CAMPAIGN_FILES = "Files in a campaign's thread are kept only as figures from an analytics export."
log = logging.getLogger(__name__)
READABLE = ("text/", "application/csv", "application/zip", "application/octet-stream")


class Figures:
    def __init__(self, campaigns: Campaigns, evidence: EvidenceStore,
                 clock: Callable[[], datetime]) -> None:
        self.campaigns = campaigns
        self.evidence = evidence
        self.clock = clock

    async def on_campaign(self, ctx: Context, campaign_id: str, chunks: AsyncIterator[bytes],
                          filename: str, comment: str = "") -> Outcome:
        """A file in a campaign's thread: its figures, or a refusal that keeps nothing."""
        state = await self.campaigns.campaign(campaign_id, ctx.community_id)
        try:
            may_report(state, ctx.actor)
        except Refusal as refusal:
            raise Refusal(f"{CAMPAIGN_FILES} {refusal.reason}") from None
        content = await _bounded(chunks)
        try:
            imported = read_export(Upload(content, filename, self.clock(),
                                          export_period(comment), _mapping(state)))
        except NotAnExport as refusal:
            raise Refusal(f"{CAMPAIGN_FILES} {refusal.reason} Give a draft or a post by its "
                          "link (`campaign draft d1 <link>`), and other files as evidence in "
                          "a case opened on the campaign.") from None
        stored = await self.evidence.put(_once(content))
        report = FigureReport(stored.sha256, stored.size, display_name(filename), imported,
                              Side.CREATOR)  # the decider files it under the reporter's side
        outcome = await self.campaigns.act(ctx, campaign_id, ReportFigures(report))
        if outcome.campaign is None or outcome.duplicate:
            return outcome
        try:
            judgement = self.judge(outcome.campaign, ())
        except Exception:  # recorded already: the answer must say so, whatever the table does
            log.exception("the KPIs of %s could not be judged", campaign_id)
            judgement = None
        return self.with_table(outcome, judgement, campaign_id)

    async def of_upload(self, case: Case, ctx: Context, stored: StoredFile, filename: str,
                        media_type: str, comment: str = ""
                        ) -> tuple[Mapping[str, Any] | None, str, Judgement | None]:
        """The figures a party's file in a case on a campaign carries, if it reads as an
        export, with the KPIs judged on them (journaled with them, and answered once they
        are); else None, with the reason when it looked like one but could not be read."""
        if (case.campaign is None or case.side_of(ctx.actor) is None
                or stored.size > LARGEST_FILE or not media_type.startswith(READABLE)):
            return None, "", None
        content = await self.evidence.read(stored.sha256)
        state = await self.campaigns.campaign(str(case.campaign["campaign"]), case.community_id)
        try:
            imported = read_export(Upload(content, filename, self.clock(),
                                          export_period(comment), _mapping(state)))
        except NotAnExport:
            return None, "", None
        except Refusal as refusal:
            return None, (f"{display_name(filename)} is kept as evidence, but its figures were "
                          f"not read: {refusal.reason}"), None
        side = case.side_of(ctx.actor) or Side.CREATOR
        payload = report_payload(FigureReport(stored.sha256, stored.size, display_name(filename),
                                              imported, side))
        judgement = self.judge(state, (*case.reports, payload))
        if judgement is not None:
            payload["judged"] = judged_payload(judgement.results, judgement.fee, judgement.now)
        return payload, "", judgement

    def judge(self, state: CampaignState, more: Sequence[Mapping[str, Any]]
              ) -> Judgement | None:
        """The agreement's KPIs judged now on the campaign's figures and `more`; None before
        an agreement."""
        terms = state.agreed_terms
        if terms is None:
            return None
        now = self.clock()
        measured = measuring(state, terms, now, more)
        return Judgement(state, terms, measured, evaluate(terms.kpis, measured, now), now)

    def with_table(self, outcome: Outcome, judgement: Judgement | None,
                   subject_id: str) -> Outcome:
        """The outcome with the KPI table in words and as a chart image, for the thread. The
        figures are journaled by then: a table that cannot be drawn must not turn that into
        a failure."""
        if judgement is None or outcome.duplicate:
            return outcome
        try:
            replies = _table_replies(judgement, subject_id)
        except Exception:
            log.exception("the KPI table of %s could not be drawn", subject_id)
            replies = [Reply(THREAD, "The figures are recorded; the KPI table could not be "
                             "drawn this time (see `campaign status`).", subject_id)]
        return replace(outcome, replies=(*outcome.replies, *replies))


@dataclass(frozen=True)
class Judgement:
    """The KPIs judged at one moment, and what they were judged on."""

    state: CampaignState
    terms: CampaignTerms
    measured: Measuring
    results: tuple[KpiResult, ...]
    now: datetime

    @property
    def fee(self) -> Money:
        return Money(self.terms.payment.total, self.terms.payment.currency)


def _table_replies(judgement: Judgement, subject_id: str) -> list[Reply]:
    results, terms = judgement.results, judgement.terms
    text = kpi_table(results, judgement.fee, judgement.now)
    if not results:
        return [Reply(THREAD, text, subject_id)]
    zone = ZoneInfo(terms.time_zone)
    days = [None if r.window is None else (r.window.start.astimezone(zone).date(),
                                           r.window.end.astimezone(zone).date())
            for r in results]
    state = judgement.state
    chart = kpi_chart(f"KPIs of {state.title} ({state.id})", results,
                      judgement.measured.reported, days)
    image = Attachment(f"{subject_id}-kpis.png", chart_png(chart), "image/png")
    return [Reply(THREAD, text, subject_id, attachment=image)]


def _mapping(state: CampaignState) -> ColumnMapping | None:
    """The campaign's column mapping, as kept (it was checked when it was set)."""
    return None if state.column_mapping is None else mapping_from_form(state.column_mapping)


async def _bounded(chunks: AsyncIterator[bytes]) -> bytes:
    """The whole upload, refused past the largest export read (nothing is kept)."""
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > LARGEST_FILE:
            raise Refusal(f"That file is over {LARGEST_FILE // (1024 * 1024)} MiB; export a "
                          "shorter range.")
        parts.append(chunk)
    return b"".join(parts)


async def _once(content: bytes) -> AsyncIterator[bytes]:
    yield content
