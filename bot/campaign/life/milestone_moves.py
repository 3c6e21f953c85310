"""Deciding a move on a payment milestone: the rules table first (only the payer marks paid,
only the payee invoices and confirms), then the move's own checks, then the declared edge.

Pure: given the milestone, the move, who makes it, the payment policy and `now`, a decider
returns the new state and the events to record, or raises `Refusal` saying what is possible.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.campaign.life.capacity import Mover
from bot.campaign.life.milestone_commands import (
    ConfirmPayment,
    Dispute,
    Invoice,
    MarkPaid,
    MilestoneCommand,
    TriggerDue,
)
from bot.campaign.life.milestone_life import (
    MILESTONE_TRANSITIONS,
    MilestonePhase,
    MilestoneState,
    PaymentPolicy,
    due_date,
    phase_words,
)
from bot.campaign.life.moves import LifeEvent, declared
from bot.campaign.life.rules import MILESTONE_RULES, check
from bot.campaign.parties import CampaignParty
from bot.domain.clock import format_time
from bot.domain.errors import Refusal

_P = MilestonePhase
Facts = dict[str, str]


def decide_milestone(
    state: MilestoneState,
    command: MilestoneCommand,
    mover: Mover,
    policy: PaymentPolicy,
    now: datetime,
) -> tuple[MilestoneState, tuple[LifeEvent, ...]]:
    """The milestone after `command`, and what to record; or a `Refusal` that changes nothing.
    Every step goes along a declared edge, so the diagram is the whole truth."""
    where = f"milestone {state.key} is {phase_words(state.phase)}"
    check(MILESTONE_RULES, command.move, state.phase, mover, where)
    after, facts = _decided(state, command, mover, policy, now)
    transition = declared(MILESTONE_TRANSITIONS, state.phase, after.phase, command.move)
    payload = {"milestone": state.key, "by": mover.user_id, "at": format_time(now), **facts}
    return after, (LifeEvent(transition.kind, payload),)


def _decided(
    state: MilestoneState,
    command: MilestoneCommand,
    mover: Mover,
    policy: PaymentPolicy,
    now: datetime,
) -> tuple[MilestoneState, Facts]:
    match command:
        case TriggerDue():
            return _trigger_due(state, command, policy, now)
        case Invoice():
            invoice = command.invoice.strip()
            if not invoice:
                raise Refusal("Give the invoice's number or link.")
            return replace(state, phase=_P.INVOICED, invoice=invoice), {"invoice": invoice}
        case MarkPaid():
            reference = command.reference.strip()
            after = replace(state, phase=_P.PAID, paid_at=now, payment_reference=reference)
            return after, {"invoice": state.invoice, "reference": reference}
        case ConfirmPayment():
            return replace(state, phase=_P.CONFIRMED), {"reference": state.payment_reference}
        case Dispute():
            return _dispute(state, command, mover)


def _trigger_due(
    state: MilestoneState, command: TriggerDue, policy: PaymentPolicy, now: datetime
) -> tuple[MilestoneState, Facts]:
    triggered_at = command.triggered_at
    if triggered_at.tzinfo is None:
        raise Refusal("The trigger's time needs its time zone.")
    if triggered_at > now:
        raise Refusal("The trigger has not happened yet: its time is in the future.")
    due_on = due_date(triggered_at, policy)
    after = replace(state, phase=_P.DUE, triggered_at=triggered_at, due_on=due_on)
    return after, {"triggered_at": format_time(triggered_at), "due_on": format_time(due_on),
                   "net_days": str(policy.net_days)}


def _dispute(
    state: MilestoneState, command: Dispute, mover: Mover
) -> tuple[MilestoneState, Facts]:
    reason = command.reason.strip()
    if not reason:
        raise Refusal("Say what is disputed: the case opened for it starts from your words.")
    side = mover.side.value if isinstance(mover, CampaignParty) else ""
    after = replace(state, phase=_P.DISPUTED, disputed_from=state.phase)
    return after, {"from": state.phase.value, "side": side, "reason": reason}
