"""Words a campaign's announcements and status share: its moments on the agreement's clock,
its amounts, its deliverables, milestones and people by name, and what each timer row waits
for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.campaign.parties import CampaignParty
from bot.campaign.record.deadlines import REMIND, who_must_act
from bot.campaign.record.state import CampaignState
from bot.campaign.terms.money import minor_units
from bot.campaign.terms.payments import Milestone, Trigger, TriggerEvent
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.clock import format_time
from bot.text.phrases import when

SHORT_HASH = 12  # hex characters of a version's hash shown where the full one is not needed


def zone_of(state: CampaignState) -> ZoneInfo:
    """The agreement's time zone: every campaign time is shown on its clock."""
    try:
        return ZoneInfo(state.current_terms.time_zone)
    except (KeyError, ValueError):  # a zone this machine does not know: UTC, like cases
        return ZoneInfo("UTC")


def moment(at: str | datetime, state: CampaignState) -> str:
    """A journal stamp or a moment, on the agreement's clock: `2026-03-11 12:00 EDT`."""
    return when(at if isinstance(at, str) else format_time(at), zone_of(state))


def money(amount: Decimal, currency: str) -> str:
    """`USD 1,500.00`, `JPY 20,000`: the currency's own decimals, thousands grouped."""
    units = minor_units(currency) or 0
    return f"{currency} {amount.quantize(Decimal(1).scaleb(-units)):,.{units}f}"


def terms_of(state: CampaignState) -> CampaignTerms:
    """The terms in force, or before any agreement the ones under discussion."""
    return state.agreed_terms or state.current_terms


def milestone_of(terms: CampaignTerms, key: str) -> Milestone | None:
    return next((m for m in terms.payment.milestones if m.key == key), None)


def milestone_amount(terms: CampaignTerms, key: str) -> str:
    """What milestone `key` pays, from the terms: `USD 1,500.00`."""
    milestone = milestone_of(terms, key)
    if milestone is None:
        return "an amount the terms no longer name"
    return money(milestone.due_amount(terms.payment.total), terms.payment.currency)


def trigger_words(trigger: Trigger) -> str:
    """When a milestone falls due, in words: `when deliverable d2 goes live`."""
    return {
        TriggerEvent.AGREEMENT_ACCEPTED: "on agreement",
        TriggerEvent.DELIVERABLE_APPROVED: f"when deliverable {trigger.deliverable} is approved",
        TriggerEvent.DELIVERABLE_LIVE: f"when deliverable {trigger.deliverable} goes live",
        TriggerEvent.CAMPAIGN_END: "when the campaign ends",
        TriggerEvent.DATE: f"on {trigger.on}",
    }[trigger.event]


def deliverable_name(terms: CampaignTerms, key: str) -> str:
    """`d1 (ig_reel)`: the key the parties type, and what it is."""
    deliverable = terms.deliverable(key)
    return key if deliverable is None else f"{key} ({deliverable.format.value})"


def party_name(state: CampaignState, user_id: str, fallback: str = "") -> str:
    """The name a party has in the campaign's terms (any version), else `fallback`."""
    for version in reversed(state.versions):
        for party in version.terms.parties:
            if party.user_id == user_id:
                return party.name
    return fallback or user_id


def names(people: Iterable[str]) -> str:
    """`Anna`, `Anna and Mia`, `Anna, Brightside and Mia`; `nobody` for none."""
    listed = list(people)
    if not listed:
        return "nobody"
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"


def party_names(parties: Iterable[CampaignParty]) -> str:
    return names(p.name for p in parties)


def row_words(terms: CampaignTerms, key: str) -> str:
    """What a timer row (`review:d1`, `payment:m1`; a `remind:` row as its deadline) waits
    for or marks, in words."""
    kind, _, subject = key.removeprefix(REMIND).partition(":")
    if kind in ("review", "draft", "publish", "keep_live"):
        name = deliverable_name(terms, subject)
        return {
            "review": f"the review of the draft of deliverable {name}",
            "draft": f"the draft of deliverable {name}",
            "publish": f"deliverable {name} to go live (and be marked live)",
            "keep_live": f"deliverable {name} to stay live",
        }[kind]
    if kind == "payment":
        return f"the payment of milestone {subject} ({milestone_amount(terms, subject)})"
    if kind == "trigger":
        return f"milestone {subject} to fall due ({milestone_amount(terms, subject)})"
    return key


def who_acts(terms: CampaignTerms, key: str) -> str:
    """Who a row waits for, by name; `nobody` for a row that only happens."""
    return party_names(who_must_act(terms, key))
