"""Deciding a move on a deliverable or a payment milestone of the agreed terms: through the
lifecycle deciders, under the policy the terms in force give, in the agreement's calendar.
Each LifeEvent becomes an `Event` carrying its deliverable's or milestone's key; milestones
the move triggers (`deliverable_approved:d1`, `deliverable_live:d2`) fall due in the same
decision."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.life.capacity import Mover
from bot.campaign.life.deliverable_commands import DeliverableCommand
from bot.campaign.life.deliverable_life import DeliverablePolicy
from bot.campaign.life.deliverable_moves import decide_deliverable
from bot.campaign.life.milestone_commands import MilestoneCommand, TriggerDue
from bot.campaign.life.milestone_life import PaymentPolicy
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.life.moves import LifeEvent
from bot.campaign.record.starting import due_milestones, happened_with
from bot.campaign.record.state import CampaignState, party_in
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor
from bot.domain.journal import Event


def move_deliverable(state: CampaignState, key: str, command: DeliverableCommand, actor: Actor,
                     now: datetime, calendar: Calendar) -> list[Event]:
    """The events of one move on deliverable `key`, and of the milestones it makes due."""
    terms = _agreed_terms(state, "a deliverable")
    if state.ended:
        raise Refusal(f"Campaign {state.id} has ended: its deliverables make no more moves. "
                      "Its payments still do.")
    life = state.deliverables.get(key)
    if life is None or terms.deliverable(key) is None:
        raise Refusal(f"The agreement has no deliverable {key!r}: it has "
                      f"{', '.join(d.key for d in terms.deliverables) or 'none'}.")
    mover = _mover(state, terms, actor)
    policy = DeliverablePolicy.for_deliverable(terms, key, calendar)
    _, recorded = decide_deliverable(life, command, mover, policy, now)
    events = _events(recorded)
    happened = happened_with(state, events, now)
    return events + due_milestones(terms, state.milestones, happened, now, calendar)


def move_milestone(state: CampaignState, key: str, command: MilestoneCommand, actor: Actor,
                   now: datetime, calendar: Calendar) -> list[Event]:
    """The events of one move on milestone `key`. Payments outlive the campaign's end."""
    terms = _agreed_terms(state, "a payment")
    life = state.milestones.get(key)
    milestone = next((m for m in terms.payment.milestones if m.key == key), None)
    if life is None or milestone is None:
        raise Refusal(f"The agreement has no milestone {key!r}: it has "
                      f"{', '.join(m.key for m in terms.payment.milestones) or 'none'}.")
    if isinstance(command, TriggerDue):
        raise Refusal(f"Milestone {key} falls due by itself when its trigger ({milestone.trigger})"
                      " happens: nobody makes it due by hand.")
    mover = _mover(state, terms, actor)
    policy = PaymentPolicy(milestone.net_days, calendar)
    _, recorded = decide_milestone(life, command, mover, policy, now)
    return _events(recorded)


def _agreed_terms(state: CampaignState, what: str) -> CampaignTerms:
    terms = state.agreed_terms
    if terms is None:
        raise Refusal(f"Nothing is agreed yet: {what} has no life before every party accepts "
                      "the agreement.", ("accept", "counter"))
    return terms


def _mover(state: CampaignState, terms: CampaignTerms, actor: Actor) -> Mover:
    if actor == SYSTEM:
        return SYSTEM
    party = party_in(terms, actor.user_id)
    if party is None:
        raise Refusal(f"Only the parties to campaign {state.id} can act on it: "
                      f"{', '.join(p.name for p in terms.parties)}.")
    return party


def _events(recorded: tuple[LifeEvent, ...]) -> list[Event]:
    return [Event(e.kind, dict(e.payload)) for e in recorded]
