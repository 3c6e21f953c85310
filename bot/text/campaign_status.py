"""Reads of a campaign: where it stands (`/mediate campaign status`) and its line in a list of
a user's campaigns. Every time is on the agreement's clock."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.checks.remedies import Money
from bot.campaign.life import deliverable_life, milestone_life
from bot.campaign.parties import CampaignParty
from bot.campaign.performance.measuring import kpi_results
from bot.campaign.record.deadlines import REMIND, campaign_deadlines
from bot.campaign.record.state import CampaignState, campaign_calendar
from bot.campaign.schedule import deliverable_dates, keep_live_until
from bot.campaign.terms.deliverables import Deliverable
from bot.campaign.terms.terms import CampaignTerms
from bot.text.campaign_agreement import accept_words, awaited
from bot.text.campaign_phrases import (
    milestone_amount,
    moment,
    money,
    names,
    row_words,
    terms_of,
    trigger_words,
    who_acts,
)
from bot.text.kpi_table import kpi_table


def campaign_status(state: CampaignState, now: datetime) -> str:
    """Where the campaign stands: its agreement, parties, deliverables, milestones, and what it
    waits for, from whom, by when (earliest first)."""
    terms = terms_of(state)
    calendar = campaign_calendar(state)
    lines = [f"Campaign {state.id}: {state.title}",
             f"Phase: {campaign_phase(state)} (times in {terms.time_zone})",
             *_agreement(state), "Parties:", *(f"  {_party(p)}" for p in terms.parties)]
    if terms.deliverables:
        lines.append("Deliverables:")
        lines += [f"  {_deliverable(state, d, calendar, now)}" for d in terms.deliverables]
    if terms.payment.milestones:
        total = money(terms.payment.total, terms.payment.currency)
        lines.append(f"Milestones (total {total}):")
        lines += [f"  {_milestone(state, terms, m.key, now)}"
                  for m in terms.payment.milestones]
    results = kpi_results(state, now)
    if results:
        fee = Money(terms.payment.total, terms.payment.currency)
        lines.append(kpi_table(results, fee, now))
    waiting = waiting_for(state, now, calendar)
    lines.append("Waiting for:" if waiting else "Waiting for: nothing timed")
    lines += [f"  {line}" for line in waiting]
    return "\n".join(lines)


def campaign_list_line(state: CampaignState) -> str:
    """One line of a list of campaigns: id, title, phase, and how many items are open (the
    acceptances awaited, and the deadlines its timers wait on)."""
    count = len(_open_rows(state, campaign_calendar(state)))
    discussed = state.discussed_version
    if discussed is not None:
        count += len(awaited(state, discussed))
    items = f"{count} open item{'' if count == 1 else 's'}"
    return f"{state.id} {state.title} — {campaign_phase(state)}, {items}"


def campaign_phase(state: CampaignState) -> str:
    """`proposed` (nothing agreed yet), `agreed`, or `ended`."""
    if state.ended:
        return "ended"
    return "agreed" if state.agreed is not None else "proposed"


def waiting_for(state: CampaignState, now: datetime, calendar: Calendar) -> list[str]:
    """Each open deadline as "what, from whom, by when", earliest first; reminders left out."""
    terms = state.agreed_terms
    if terms is None:
        return []
    lines = []
    for key, due in sorted(_open_rows(state, calendar).items(), key=lambda row: row[1]):
        who = who_acts(terms, key)
        from_whom = "" if who == "nobody" else f", from {who}"
        late = " (overdue)" if due <= now else ""
        lines.append(f"{row_words(terms, key)}{from_whom}, by {moment(due, state)}{late}")
    return lines


def _open_rows(state: CampaignState, calendar: Calendar) -> dict[str, datetime]:
    return {key: due for key, due in campaign_deadlines(state, calendar).items()
            if not key.startswith(REMIND)}


def _agreement(state: CampaignState) -> list[str]:
    lines = []
    in_force = state.agreed_version
    if in_force is not None:
        accepted = [f"{a.name} ({moment(a.at, state)})"
                    for a in state.acceptances.get(in_force.hash, ())]
        lines.append(f"In force: version {in_force.number}, hash {in_force.hash}; accepted by "
                     f"{names(accepted)}")
    discussed = state.discussed_version
    if discussed is not None:
        lines.append(f"Under discussion: version {discussed.number}, hash {discussed.hash}; "
                     f"still to accept: {names(awaited(state, discussed))}. "
                     f"{accept_words(discussed)}")
    return lines


def _party(party: CampaignParty) -> str:
    duties = ", ".join(sorted(duty.value for duty in party.duties))
    return f"{party.name}: {party.role.value.replace('_', ' ')}" + (
        f" ({duties})" if duties else "")


def _deliverable(state: CampaignState, deliverable: Deliverable, calendar: Calendar,
                 now: datetime) -> str:
    life = state.deliverables.get(deliverable.key)
    name = f"{deliverable.key} ({deliverable.format.value})"
    if life is None:
        return f"{name}: starts once the agreement is agreed"
    dates = deliverable_dates(deliverable, state.happened, calendar)
    facts = [deliverable_life.phase_words(life.phase)]
    before_live = life.phase in deliverable_life.BEFORE_LIVE and not state.ended
    if dates.draft_due is not None:
        drafts = f" (drafts in: {life.drafts})" if life.drafts else (
            _late(dates.draft_due, now, before_live))
        facts.append(f"draft due {moment(dates.draft_due, state)}{drafts}")
    if dates.publish_from is not None and dates.publish_by is not None:
        late = _late(dates.publish_by, now, before_live)
        facts.append(f"live between {moment(dates.publish_from, state)} and "
                     f"{moment(dates.publish_by, state)}{late}")
    elif dates.anchored_at is None:
        facts.append("its dates count from when the product arrives")
    if life.publication is not None:
        until = keep_live_until(deliverable, life.publication.published_at, calendar)
        facts.append(f"live since {moment(life.publication.published_at, state)}, "
                     f"to stay live until {moment(until, state)}")
    return f"{name}: {'; '.join(facts)}"


def _late(due: datetime, now: datetime, still_awaited: bool) -> str:
    return " (overdue)" if still_awaited and due <= now else ""


def _milestone(state: CampaignState, terms: CampaignTerms, key: str, now: datetime) -> str:
    life = state.milestones.get(key)
    amount = milestone_amount(terms, key)
    milestone = next(m for m in terms.payment.milestones if m.key == key)
    when_due = f"due {trigger_words(milestone.trigger)}, net {milestone.net_days} days"
    if life is None:
        return f"{key}: {amount}, {when_due}; starts once the agreement is agreed"
    facts = [milestone_life.phase_words(life.phase)]
    if life.due_on is not None:
        late = " (overdue)" if milestone_life.is_overdue(life, now) else ""
        facts.append(f"to be paid by {moment(life.due_on, state)}{late}")
    else:
        facts.append(when_due)
    if life.paid_at is not None:
        facts.append(f"marked paid {moment(life.paid_at, state)}")
    return f"{key}: {amount}, {'; '.join(facts)}"
