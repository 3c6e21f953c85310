"""What a campaign's KPIs are measured with, taken from its record: the posts as they went
live (permalink and real publish time), the figures both sides reported (on the campaign and,
for a case, in the case too), and the agreement's zone and day of acceptance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.campaign.performance import post_keys
from bot.campaign.performance.evaluation import KpiResult, Measuring, evaluate
from bot.campaign.performance.report_payload import figures_in
from bot.campaign.performance.reported import MeasuredPost
from bot.campaign.record.state import CampaignState
from bot.campaign.terms.deliverables import Format
from bot.campaign.terms.terms import CampaignTerms

PLATFORMS = {
    Format.IG_REEL: "instagram", Format.IG_STORY_FRAME: "instagram",
    Format.IG_CAROUSEL: "instagram", Format.IG_POST: "instagram", Format.TT_VIDEO: "tiktok",
    Format.YT_SHORT: "youtube_shorts", Format.YT_INTEGRATION: "youtube",
    Format.YT_VIDEO: "youtube",
}
UNPUBLISHED = frozenset({Format.UGC_ASSET})  # handed over, never posted: no figures to judge


def measuring(state: CampaignState, terms: CampaignTerms, now: datetime,
              more: Sequence[Mapping[str, Any]] = ()) -> Measuring:
    """The campaign's posts and figures, plus `more` reports (a case's own)."""
    zone = ZoneInfo(terms.time_zone)
    posts = []
    for deliverable in terms.deliverables:
        life = state.deliverables.get(deliverable.key)
        publication = None if life is None else life.publication
        if publication is None:
            continue
        link = publication.permalink
        posts.append(MeasuredPost(deliverable.key, post_keys.from_link(link) or f"link:{link}",
                                  link, publication.published_at,
                                  PLATFORMS.get(deliverable.format, "")))
    expected = [d.key for d in terms.deliverables if d.format not in UNPUBLISHED]
    accepted = state.acceptances.get(state.agreed or "", ())
    accepted_on = max((a.at for a in accepted), default=None)
    return Measuring(tuple(posts), tuple(figures_in((*state.reports, *more))), tuple(expected),
                     zone, (accepted_on or now).astimezone(zone).date())


def kpi_results(state: CampaignState, now: datetime, more: Sequence[Mapping[str, Any]] = ()
                ) -> tuple[KpiResult, ...]:
    """Every KPI of the agreement in force, judged now; none before an agreement."""
    terms = state.agreed_terms
    if terms is None or not terms.kpis:
        return ()
    return evaluate(terms.kpis, measuring(state, terms, now, more), now)
