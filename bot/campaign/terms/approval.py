"""How drafts are approved: whether, how fast, and what silence means."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.campaign.terms.span import Span


class OnSilence(StrEnum):
    """What happens when the review window passes without an answer."""

    APPROVE = "approve"  # the draft counts as approved (Aspire, Billo: after 3 business days)
    NOTHING = "nothing"  # the draft waits; nothing is assumed


@dataclass(frozen=True)
class ApprovalPolicy:
    required: bool
    review_window: Span
    on_silence: OnSilence
    edit_rounds: int  # subjective change requests allowed; objective breaches are not counted
