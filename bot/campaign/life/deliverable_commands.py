"""What someone (or the bot, when a timer runs out) asks of a deliverable. Each command names
its move; `deliverable_moves.decide_deliverable` decides it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from bot.campaign.life.moves import Move


@dataclass(frozen=True)
class ConfirmProductReceived:
    move: ClassVar[Move] = Move.CONFIRM_PRODUCT_RECEIVED


@dataclass(frozen=True)
class SubmitDraft:
    move: ClassVar[Move] = Move.SUBMIT_DRAFT
    draft: str  # a link to the draft, or the hash of its evidence file


@dataclass(frozen=True)
class Approve:
    move: ClassVar[Move] = Move.APPROVE


@dataclass(frozen=True)
class RequestChanges:
    move: ClassVar[Move] = Move.REQUEST_CHANGES
    notes: str


@dataclass(frozen=True)
class Reject:
    move: ClassVar[Move] = Move.REJECT
    requirement: str  # the key of the objective requirement the draft breaks
    notes: str = ""


@dataclass(frozen=True)
class AutoApprove:
    move: ClassVar[Move] = Move.AUTO_APPROVE


@dataclass(frozen=True)
class MarkLive:
    move: ClassVar[Move] = Move.MARK_LIVE
    permalink: str
    published_at: datetime  # the platform's publish time, not when it was reported
    caption: str  # the caption as posted


@dataclass(frozen=True)
class KeepLiveDone:
    move: ClassVar[Move] = Move.KEEP_LIVE_DONE


@dataclass(frozen=True)
class ReportTakenDown:
    move: ClassVar[Move] = Move.REPORT_TAKEN_DOWN
    notes: str = ""


@dataclass(frozen=True)
class Cancel:
    move: ClassVar[Move] = Move.CANCEL
    reason: str = ""


DeliverableCommand = (
    ConfirmProductReceived | SubmitDraft | Approve | RequestChanges | Reject | AutoApprove
    | MarkLive | KeepLiveDone | ReportTakenDown | Cancel
)
