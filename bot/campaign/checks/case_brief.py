"""The brief a case on a campaign opens with: computed from the campaign's record at the moment
the case is opened, and kept in the case's journal (CAMPAIGNS.md §5).

It cites the agreement in force by its version number and hash, names the items in dispute and
the terms in question on each, and carries the findings and the outcome the agreement already
fixes for them. `to_payload` writes it in the journal's plain values; `brief_words` and
`computed_proposal` (in `brief_words.py`) read that payload alone, so an old case reads the same
without its campaign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.campaign.checks.brief_payload import (
    BRIEF_FORMAT,
    BriefPayload,
    finding_payload,
    items_payload,
    outcome_payload,
)
from bot.campaign.checks.brief_record import (
    AcceptancePayload,
    MomentPayload,
    acceptances,
    timeline,
)
from bot.campaign.checks.finding import Finding
from bot.campaign.checks.findings import case_findings, unknown_items
from bot.campaign.checks.outcome import Outcome, pre_agreed_outcome
from bot.campaign.checks.term_paths import deliverable_path, milestone_path
from bot.campaign.performance.kpi_findings import about, kpi_findings
from bot.campaign.performance.measuring import kpi_results
from bot.campaign.record.state import CampaignState, campaign_calendar
from bot.campaign.terms.terms import CampaignTerms, Disputes
from bot.domain.clock import format_time
from bot.domain.errors import Refusal

DELIVERABLE = "deliverable"
MILESTONE = "milestone"


@dataclass(frozen=True)
class CaseBrief:
    """What a case on a campaign starts from: the agreement cited, the disputed items, the
    findings on them and the pre-agreed outcome, as of `as_of`."""

    campaign_id: str
    title: str
    time_zone: str  # the agreement's zone, for the brief's words
    version_number: int
    version_hash: str
    disputed: tuple[str, ...]
    items: tuple[tuple[str, str, str], ...]  # each disputed item: key, kind, path in the terms
    findings: tuple[Finding, ...]
    outcome: Outcome
    as_of: datetime
    acceptances: tuple[AcceptancePayload, ...] = ()  # of the version cited
    timeline: tuple[MomentPayload, ...] = ()  # the disputed items' recorded moments
    binding: bool = False  # the agreement's dispute clause makes a mediator's decision bind

    def to_payload(self) -> BriefPayload:
        """The brief in the journal's plain values: it survives `json.dumps`/`json.loads`
        unchanged, and `brief_words` renders it without the campaign."""
        payload: BriefPayload = {
            "format": BRIEF_FORMAT,
            "campaign": self.campaign_id,
            "title": self.title,
            "time_zone": self.time_zone,
            "version": {"number": self.version_number, "hash": self.version_hash},
            "as_of": format_time(self.as_of),
            "disputed": list(self.disputed),
            "items": items_payload(self.items, self.findings),
            "findings": [finding_payload(f) for f in self.findings],
            "outcome": outcome_payload(self.outcome),
            "acceptances": list(self.acceptances),
            "timeline": list(self.timeline),
        }
        if self.binding:
            payload["disputes"] = "binding"
        return payload


def brief_for_case(state: CampaignState, disputed: Sequence[str], now: datetime) -> CaseBrief:
    """The brief for a case opened at `now` on the items `disputed` (deliverable and milestone
    keys), computed from the campaign's record under the agreement in force.

    Refused, naming what is wrong and the items there are, when the campaign has no agreement
    in force, when nothing is named, or when a key names no deliverable or milestone.

    Only what the record holds goes in: the deliverables' and milestones' states and when
    things happened. Sightings (usage, ads, a post gone) are evidence a party brings, not the
    record's, so none are passed; nor are rejections, since a deliverable's state keeps only
    its phase and latest draft, not the requirement a rejection cited (the `draft_rejected`
    events hold it); nor product values or force-majeure periods, which the record does not
    state: the outcome then uses the invoice cap and counts no suspension.
    """
    if now.utcoffset() is None:  # a wiring mistake, not a person's: no deadline compares
        raise ValueError("a case brief is computed as of a moment with its time zone")
    version = state.agreed_version
    if version is None:
        under = state.discussed_version
        talks = (f" version {under.number} is under discussion, not yet accepted by every "
                 "party" if under is not None else " nothing was accepted")
        raise Refusal(f"Campaign {state.id} has no agreement in force:{talks}. A case on a "
                      "campaign is measured against the agreed terms: open it once they are "
                      "agreed.")
    terms = version.terms
    keys = tuple(dict.fromkeys(k for k in (key.strip() for key in disputed) if k))
    if not keys:
        raise Refusal(f"Name the items in dispute on campaign {state.id}. "
                      f"{_valid_items(terms)}")
    unknown = unknown_items(terms, keys)
    if unknown:
        named = ", ".join(unknown)
        what = "is not an item" if len(unknown) == 1 else "are not items"
        raise Refusal(f"{named} {what} of campaign {state.id}'s agreement (version "
                      f"{version.number}). {_valid_items(terms)}")
    calendar = campaign_calendar(state)
    findings = case_findings(terms, version.hash, calendar, state.happened, state.deliverables,
                             state.milestones, now, disputed=keys)
    kpis = about(kpi_results(state, now), keys, [d.key for d in terms.deliverables])
    findings = (*findings, *kpi_findings(kpis, version.hash))
    outcome = pre_agreed_outcome(terms, findings, state.milestones, state.happened, now,
                                 kpis=kpis)
    return CaseBrief(state.id, state.title, calendar.zone.key, version.number, version.hash,
                     keys, tuple(_item(terms, key) for key in keys), findings, outcome, now,
                     tuple(acceptances(state)), tuple(timeline(state, keys)),
                     terms.disputes is Disputes.BINDING)


def _item(terms: CampaignTerms, key: str) -> tuple[str, str, str]:
    if any(d.key == key for d in terms.deliverables):
        return key, DELIVERABLE, deliverable_path(terms, key)
    return key, MILESTONE, milestone_path(terms, key)


def _valid_items(terms: CampaignTerms) -> str:
    deliverables = ", ".join(d.key for d in terms.deliverables) or "none"
    milestones = ", ".join(m.key for m in terms.payment.milestones) or "none"
    return f"Its deliverables: {deliverables}; its payment milestones: {milestones}."
