"""Penalties the bot applies itself, where a community opts in (`automatic: true`): a campaign
check's finding that is a breach, under a rule detected by that finding, is noticed in the
guidelines record with the moment it will count (its due date plus the rule's grace and time
to cure); when that moment comes and the finding still stands, the rule is applied to the
member answerable for it, and otherwise the breach is recorded as put right.

Who is answerable: for a creator's rule, the campaign's creators; for a brand's rule, the
payer for a payment, the brand otherwise. Rules for either side are never applied on their
own. A breach put right before it counts (paid, posted) is no breach to notice. Everything
here is pure: the campaign's state and the moment come in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from bot.campaign.checks.finding import Finding, FindingKind
from bot.campaign.checks.findings import case_findings
from bot.campaign.parties import CampaignParty, CampaignRole, Duty
from bot.campaign.record.state import CampaignState, campaign_calendar
from bot.guidelines.commands import Member, NoticeBreach
from bot.guidelines.rulebook import GuidelineRule, Rulebook, RuleSide


def breach_key(campaign_id: str, item: str, kind: FindingKind, user_id: str) -> str:
    return f"{campaign_id}:{item}:{kind.value}:{user_id}"


def standing_breaches(state: CampaignState, now: datetime) -> tuple[Finding, ...]:
    """The campaign's findings that are breaches now (none before it is agreed)."""
    version = state.agreed_version
    if version is None:
        return ()
    found = case_findings(version.terms, version.hash, campaign_calendar(state),
                          state.happened, state.deliverables, state.milestones, now)
    return tuple(f for f in found if f.is_breach and f.due is not None)


def answerable(state: CampaignState, rule: GuidelineRule, kind: FindingKind
               ) -> tuple[CampaignParty, ...]:
    """The parties a finding under `rule` is held against."""
    version = state.agreed_version
    if version is None or rule.side is RuleSide.EITHER:
        return ()
    parties = version.terms.parties
    if rule.side is RuleSide.CREATOR:
        return tuple(p for p in parties if p.role is CampaignRole.CREATOR)
    if kind is FindingKind.PAYMENT_PAST_DUE:
        return tuple(p for p in parties if Duty.PAYER in p.duties)
    return tuple(p for p in parties if p.role is CampaignRole.BRAND)


def notices(state: CampaignState, rulebook: Rulebook, now: datetime) -> Iterator[NoticeBreach]:
    """What the guidelines record should notice of this campaign now (it ignores what it
    noticed before)."""
    if not rulebook.automatic:
        return
    for finding in standing_breaches(state, now):
        rule = rulebook.rule_for_finding(finding.kind)
        if rule is None or finding.due is None:
            continue
        done = finding.measured_at
        if done is not None and done < now and done < counts_at(rule, finding.due):
            continue  # put right (paid, posted) before it would count
        for party in answerable(state, rule, finding.kind):
            yield NoticeBreach(
                breach_key(state.id, finding.item, finding.kind, party.user_id), state.id,
                finding.item, finding.kind, Member(party.user_id, party.name), finding.due,
                finding.words)


def counts_at(rule: GuidelineRule, due: datetime) -> datetime:
    """When a breach of `rule` due at `due` counts: after its grace and its time to cure."""
    return due + rule.grace + rule.cure


def still_stands(state: CampaignState | None, item: str, kind: FindingKind,
                 counts: datetime, now: datetime) -> bool:
    """Whether the breach noticed on `item` was not put right before `counts`: the campaign
    still shows a breach of that kind, measured (paid, posted, or still nothing by now) at
    or after that moment."""
    if state is None:
        return False
    return any(f.item == item and f.kind is kind
               and (f.measured_at is None or f.measured_at >= counts)
               for f in standing_breaches(state, now))
