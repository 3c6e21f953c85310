"""A case meets the agreement: findings computed from the record for the items in dispute,
each citing the term and the evidence (CAMPAIGNS.md §5).

For each deliverable in dispute: its draft and its publication against their deadlines, each
objective requirement on the live caption, keep-live, every sighting of the content in use or
running as an ad against the usage rights and ad access, its cancellation (priced by the kill
fee), and each rejection of its draft (citing an objective requirement or not). For each
milestone in dispute: paid by its due date or not. Pure: the record's states and `now` come
in; nothing is read or stored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.checks.caption_requirements import requirement_finding
from bot.campaign.checks.deadlines import draft_finding, publish_finding
from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.checks.keep_live import keep_live_finding
from bot.campaign.checks.observations import Observation
from bot.campaign.checks.payments_due import payment_finding
from bot.campaign.checks.rejections import Rejection, rejection_finding
from bot.campaign.checks.remedies import KILL_FEE_STAGE
from bot.campaign.checks.rights_use import rights_finding, sightings_of
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverableState
from bot.campaign.life.milestone_life import MilestoneState
from bot.campaign.schedule import Happened, deliverable_dates
from bot.campaign.terms.deliverables import Deliverable
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.identity import Side


def case_findings(
    terms: CampaignTerms, version: str, calendar: Calendar, happened: Happened,
    deliverables: Mapping[str, DeliverableState], milestones: Mapping[str, MilestoneState],
    now: datetime, *, observations: Sequence[Observation] = (),
    rejections: Sequence[Rejection] = (), disputed: Collection[str] = (),
) -> tuple[Finding, ...]:
    """Every finding on the items in `disputed` (deliverable and milestone keys; none: all),
    from the record's states as of `now` and the sightings and rejections brought, citing the
    terms of version `version`. Keys the terms do not have are left out (`unknown_items`
    names them, to refuse them first)."""
    wanted = set(disputed)
    found: list[Finding] = []
    for index, deliverable in enumerate(terms.deliverables):
        if not wanted or deliverable.key in wanted:
            found.extend(_deliverable(terms, version, calendar, happened, index, deliverable,
                                      deliverables.get(deliverable.key), observations, now))
            found.extend(rejection_finding(deliverable, f"deliverables[{index}]", version, r)
                         for r in rejections if r.deliverable == deliverable.key)
    for index, milestone in enumerate(terms.payment.milestones):
        if not wanted or milestone.key in wanted:
            found.append(payment_finding(
                milestone, f"payment.milestones[{index}]", version, terms.payment,
                milestones.get(milestone.key), happened, calendar, now))
    return tuple(found)


def unknown_items(terms: CampaignTerms, disputed: Collection[str]) -> tuple[str, ...]:
    """The keys in `disputed` that name no deliverable or milestone of the terms."""
    known = {d.key for d in terms.deliverables} | {m.key for m in terms.payment.milestones}
    return tuple(key for key in disputed if key not in known)


def _deliverable(terms: CampaignTerms, version: str, calendar: Calendar, happened: Happened,
                 index: int, deliverable: Deliverable, state: DeliverableState | None,
                 observations: Sequence[Observation], now: datetime) -> list[Finding]:
    path, key = f"deliverables[{index}]", deliverable.key
    dates = deliverable_dates(deliverable, happened, calendar)
    found: list[Finding] = []
    draft = draft_finding(deliverable, path, version, dates, state, calendar, now)
    if draft is not None:
        found.append(_asked_softly(terms, version, draft))
    if state is not None and state.phase is DeliverablePhase.CANCELLED:
        found.append(_cancelled(terms, version, path, state))
        return found
    found.append(_asked_softly(terms, version, publish_finding(
        deliverable, path, version, dates, state, happened.live.get(key), calendar, now)))
    publication = state.publication if state is not None else None
    if publication is not None:
        regime = terms.disclosure_regime
        for number, requirement in enumerate(deliverable.requirements):
            finding = requirement_finding(requirement, f"{path}.requirements[{number}]",
                                          version, key, publication, regime)
            if finding is not None:
                found.append(finding)
    mine = sightings_of(observations, key)
    kept = keep_live_finding(deliverable, path, version, state, mine, calendar, now)
    if kept is not None:
        found.append(kept)
    for seen in mine:
        used = rights_finding(terms, version, seen, publication, calendar)
        if used is not None:
            found.append(used)
    return found


def _asked_softly(terms: CampaignTerms, version: str, finding: Finding) -> Finding:
    """A gift with a soft ask obliges no post (CAMPAIGNS.md §1): late or none is no breach,
    and the finding cites the relationship that says so."""
    if terms.relationship is not Relationship.GIFTED_SOFT_ASK or not finding.is_breach:
        return finding
    return replace(finding, term=Citation("relationship", version), verdict=Verdict.MET,
                   words=f"{finding.words} The gift came with a soft ask, which obliges no "
                   "post: this is no breach.")


def _cancelled(terms: CampaignTerms, version: str, path: str, state: DeliverableState
               ) -> Finding:
    """A cancellation: by the brand's side, the kill fee for the stage it reached applies; by
    the creator's side, no kill fee is owed and nothing is delivered (a breach)."""
    key, phase, side = state.key, state.cancelled_at_stage, state.cancelled_by
    stage = KILL_FEE_STAGE.get(phase) if phase is not None else None
    if side is Side.CREATOR:
        return Finding(FindingKind.CANCELLED, key, Citation(path, version),
                       (Evidence("the record's cancellation", f"by the creator's side, stage "
                                 f"{phase}"),), Verdict.BREACH,
                       f"The creator's side cancelled deliverable {key}: it will not be "
                       "delivered, and no kill fee is owed.", stage=phase, cancelled_by=side)
    if side is None:
        return Finding(FindingKind.CANCELLED, key, Citation(path, version), (),
                       Verdict.INDETERMINATE, f"Deliverable {key} was cancelled, but the "
                       "record does not say by which side: a kill fee is owed only when the "
                       "brand's side cancels.",
                       "The record's deliverable_cancelled event and its side.", stage=phase)
    if terms.cancellation is None:
        return Finding(FindingKind.CANCELLED, key, Citation(path, version), (),
                       Verdict.APPLIES, f"Deliverable {key} was cancelled; the agreement sets "
                       "no kill fee.", stage=phase, cancelled_by=side)
    if stage is None:
        return Finding(FindingKind.CANCELLED, key, Citation("cancellation.kill_fee", version),
                       (), Verdict.INDETERMINATE, f"Deliverable {key} was cancelled, but the "
                       "record does not say at which stage.",
                       "The record's deliverable_cancelled event and its stage.", stage=phase,
                       cancelled_by=side)
    term = Citation(f"cancellation.kill_fee.{stage}", version)
    return Finding(FindingKind.CANCELLED, key, term,
                   (Evidence("the record's cancellation", f"stage {phase}"),), Verdict.APPLIES,
                   f"Deliverable {key} was cancelled {stage.replace('_', ' ')}: the kill fee "
                   "for that stage applies.", stage=phase, cancelled_by=side)
