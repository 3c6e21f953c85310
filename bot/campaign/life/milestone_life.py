"""The life of one payment milestone, declared once: its phases, its state, the payment terms
it is decided under, every edge it can move along, and whether it is overdue
(CAMPAIGNS.md §1: milestones, net days). `milestone_moves` decides each move."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.campaign.calendar import Calendar
from bot.campaign.life.moves import Move, Transition
from bot.campaign.terms.span import Span, SpanUnit


class MilestonePhase(StrEnum):
    PENDING = "pending"  # its trigger (signing, publication, campaign end) has not happened
    DUE = "due"
    INVOICED = "invoiced"
    PAID = "paid"  # marked paid by the payer
    CONFIRMED = "confirmed"  # the payee confirmed the money arrived
    DISPUTED = "disputed"  # either side disputes it: it goes to a case


_P = MilestonePhase
# Anything short of a confirmed payment can be disputed, a trigger the bot missed included.
DISPUTABLE = frozenset({_P.PENDING, _P.DUE, _P.INVOICED, _P.PAID})


@dataclass(frozen=True)
class PaymentPolicy:
    """What a milestone's life needs from the agreement: its net days (`Net 30`), counted as
    days in the agreement's calendar, like every other timer of the agreement."""

    net_days: int
    calendar: Calendar


@dataclass(frozen=True)
class MilestoneState:
    """What the deciders need to know about a milestone: the journal keeps the rest."""

    key: str  # the milestone's key in the agreement, e.g. `on-publication`
    phase: MilestonePhase
    triggered_at: datetime | None = None
    due_on: datetime | None = None  # the trigger's time plus the net days
    invoice: str = ""  # the payee's invoice number or link
    paid_at: datetime | None = None  # when the payer marked it paid
    payment_reference: str = ""
    disputed_from: MilestonePhase | None = None


def start_milestone(key: str) -> MilestoneState:
    """A milestone as the agreement is accepted: pending until its trigger happens."""
    return MilestoneState(key, _P.PENDING)


def due_date(triggered_at: datetime, policy: PaymentPolicy) -> datetime:
    """The trigger's time plus the agreement's net days (Net 0 is due at once), the same
    moment as `schedule.payment_due`."""
    return policy.calendar.add(triggered_at, Span(policy.net_days, SpanUnit.DAYS))


def is_overdue(milestone: MilestoneState, now: datetime) -> bool:
    """Due date passed and nobody has marked it paid. Computed, never stored: it changes with
    `now` alone. A dispute does not stop the clock; a payment marked paid does, even when the
    payee disputes that it arrived (that is the dispute's to settle)."""
    return milestone.due_on is not None and milestone.paid_at is None and now > milestone.due_on


MILESTONE_TRANSITIONS: tuple[Transition[MilestonePhase], ...] = (
    Transition(None, _P.PENDING, None, "milestone_started", "agreement accepted"),
    Transition(_P.PENDING, _P.DUE, Move.TRIGGER_DUE, "milestone_due",
               "trigger_due (due on the trigger's time + net days)"),
    Transition(_P.DUE, _P.INVOICED, Move.INVOICE, "milestone_invoiced", "invoice (payee)"),
    Transition(_P.INVOICED, _P.PAID, Move.MARK_PAID, "milestone_marked_paid",
               "mark_paid (payer)"),
    Transition(_P.PAID, _P.CONFIRMED, Move.CONFIRM_PAYMENT, "payment_confirmed",
               "confirm_payment (payee)"),
    *(Transition(phase, _P.DISPUTED, Move.DISPUTE, "milestone_disputed",
                 "dispute (either side: it goes to a case)")
      for phase in _P if phase in DISPUTABLE),
)


def phase_words(phase: MilestonePhase) -> str:
    """How a refusal says where a milestone stands."""
    return {
        _P.PENDING: "pending: its trigger has not happened",
        _P.DUE: "due, not invoiced yet",
        _P.INVOICED: "invoiced, not paid yet",
        _P.PAID: "marked paid, waiting for the payee's confirmation",
        _P.CONFIRMED: "paid and confirmed",
        _P.DISPUTED: "disputed",
    }[phase]
