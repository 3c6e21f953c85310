"""What someone (or the bot, when a milestone's trigger happens) asks of a payment milestone.
Each command names its move; `milestone_moves.decide_milestone` decides it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from bot.campaign.life.moves import Move


@dataclass(frozen=True)
class TriggerDue:
    move: ClassVar[Move] = Move.TRIGGER_DUE
    triggered_at: datetime  # when the trigger happened (the signing, the publication…)


@dataclass(frozen=True)
class Invoice:
    move: ClassVar[Move] = Move.INVOICE
    invoice: str  # the invoice's number or link


@dataclass(frozen=True)
class MarkPaid:
    move: ClassVar[Move] = Move.MARK_PAID
    reference: str = ""  # the transfer's reference, when there is one


@dataclass(frozen=True)
class ConfirmPayment:
    move: ClassVar[Move] = Move.CONFIRM_PAYMENT


@dataclass(frozen=True)
class Dispute:
    move: ClassVar[Move] = Move.DISPUTE
    reason: str


MilestoneCommand = TriggerDue | Invoice | MarkPaid | ConfirmPayment | Dispute
