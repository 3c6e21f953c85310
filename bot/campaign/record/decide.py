"""Deciding a command on a campaign: who is who, then the concept's decider.

`decide_campaign` returns the events to record, or raises `Refusal` saying why not and what is
possible; nothing is written either way. An actor is a party when the terms under discussion
(before agreement) or in force name its user id; anyone else is an outsider, who may only
propose a new campaign in which they are a party. The bot (`SYSTEM`) fires timers.
"""

from __future__ import annotations

from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.record import agreeing, kinds
from bot.campaign.record.commands import (
    AcceptAgreement,
    AmendAgreement,
    CampaignCommand,
    CounterAgreement,
    EndCampaign,
    FireTimer,
    MoveDeliverable,
    MoveMilestone,
    ProposeAgreement,
    ReportFigures,
    SetColumnMapping,
)
from bot.campaign.record.deadlines import fire
from bot.campaign.record.figures import report_figures, set_mapping
from bot.campaign.record.lives import move_deliverable, move_milestone
from bot.campaign.record.starting import due_milestones, happened_with
from bot.campaign.record.state import CampaignState, party_in
from bot.campaign.record.talk import Talk, talk
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor
from bot.domain.journal import Event


def decide_campaign(state: CampaignState | None, command: CampaignCommand | Talk, actor: Actor,
                    now: datetime, calendar: Calendar) -> list[Event]:
    """The events `command` causes, or a Refusal saying why not. Pure: nothing is written.
    `calendar` is the agreement's (`campaign_calendar`), `now` the moment of the decision."""
    if isinstance(command, ProposeAgreement):
        return agreeing.propose(state, command, actor)
    if state is None:
        raise Refusal("There is no campaign here yet: propose an agreement first.",
                      ("propose",))
    if calendar.zone.key != state.current_terms.time_zone:
        # A wiring mistake, not a person's: every timer would be counted in the wrong zone.
        raise ValueError(f"campaign {state.id} counts time in {state.current_terms.time_zone}, "
                         f"not {calendar.zone.key}: pass campaign_calendar(state)")
    if isinstance(command, FireTimer):
        if actor != SYSTEM:
            raise Refusal("Timers are fired by the bot itself.")
        return fire(state, command.key, now, calendar)
    if isinstance(command, Talk):  # its thread stays open, the campaign ended or not
        return talk(state, command, actor)
    if isinstance(command, ReportFigures):  # figures come in after the end too
        return report_figures(state, command.report, actor)
    if isinstance(command, SetColumnMapping):
        return set_mapping(state, command.fields, actor)
    if isinstance(command, MoveMilestone):  # payments outlive the campaign's end
        return move_milestone(state, command.milestone, command.command, actor, now, calendar)
    if state.ended:
        still = "only its payments still move" if state.agreed else "nothing more happens in it"
        raise Refusal(f"Campaign {state.id} has ended: {still}.")
    if isinstance(command, MoveDeliverable):
        return move_deliverable(state, command.deliverable, command.command, actor, now,
                                calendar)
    if isinstance(command, CounterAgreement):
        return agreeing.counter(state, command, actor)
    if isinstance(command, AcceptAgreement):
        return agreeing.accept(state, command, actor, now, calendar)
    if isinstance(command, AmendAgreement):
        return agreeing.amend_agreement(state, command, actor)
    return end(state, command, actor, now, calendar)


def end(state: CampaignState, command: EndCampaign, actor: Actor, now: datetime,
        calendar: Calendar) -> list[Event]:
    """A party ends the campaign: before agreement the talks stop; after it, the milestones
    due at the campaign's end fall due now. Payments go on; the deliverables stop."""
    if party_in(state.current_terms, actor.user_id) is None:
        raise Refusal(f"Only the parties to campaign {state.id} can end it.")
    events = [Event(kinds.CAMPAIGN_ENDED, {"by": actor.user_id, "reason": command.reason.strip()})]
    terms = state.agreed_terms
    if terms is None:
        return events
    happened = happened_with(state, events, now)
    return events + due_milestones(terms, state.milestones, happened, now, calendar)
