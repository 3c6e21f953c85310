"""The life of one deliverable, declared once: its phases, the state a decider needs, the
policy it is decided under (from the agreement), and every edge it can move along
(CAMPAIGNS.md §1–2). `bot.campaign.life.diagram` draws the table; `deliverable_moves` decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.campaign.calendar import Calendar
from bot.campaign.life.moves import Move, Transition
from bot.campaign.terms.approval import OnSilence
from bot.campaign.terms.span import Span, SpanUnit
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.identity import Side


class DeliverablePhase(StrEnum):
    AWAITING_PRODUCT = "awaiting_product"
    IN_PRODUCTION = "in_production"
    DRAFT_SUBMITTED = "draft_submitted"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    APPROVED = "approved"
    AUTO_APPROVED = "auto_approved"
    LIVE = "live"
    KEPT_LIVE = "kept_live"
    TAKEN_DOWN_EARLY = "taken_down_early"
    CANCELLED = "cancelled"


_P = DeliverablePhase
# Until it is live a deliverable can be cancelled; the stage it reached decides the kill fee.
BEFORE_LIVE = frozenset({_P.AWAITING_PRODUCT, _P.IN_PRODUCTION, _P.DRAFT_SUBMITTED,
                         _P.CHANGES_REQUESTED, _P.REJECTED, _P.APPROVED, _P.AUTO_APPROVED})
# A draft may be (re)submitted once made, after a request for changes, or after a rejection
# (a reshoot for an objective breach).
READY_FOR_DRAFT = frozenset({_P.IN_PRODUCTION, _P.CHANGES_REQUESTED, _P.REJECTED})
CLEARED = frozenset({_P.APPROVED, _P.AUTO_APPROVED})
FINAL = frozenset({_P.KEPT_LIVE, _P.TAKEN_DOWN_EARLY, _P.CANCELLED})


@dataclass(frozen=True)
class DeliverablePolicy:
    """What one deliverable's life needs from the agreement (`for_deliverable` makes it from
    the terms). The timers are the agreement's own, copied in when it was accepted
    (CAMPAIGNS.md §2), and counted in its calendar: a review window of 3 business days
    started on a Friday ends on Wednesday."""

    approval_required: bool
    edit_rounds: int  # subjective rounds of changes the approver may ask for
    objective_requirements: frozenset[str]  # the keys a rejection may cite
    review_window: Span  # silence this long after a draft approves it, if silence approves
    silence_approves: bool
    keep_live_days: int  # how long the post must stay up after it is published
    calendar: Calendar

    @classmethod
    def for_deliverable(cls, terms: CampaignTerms, key: str, calendar: Calendar
                        ) -> DeliverablePolicy:
        """The policy of deliverable `key` of `terms`."""
        deliverable = next(d for d in terms.deliverables if d.key == key)
        approval = terms.approval
        return cls(approval.required, approval.edit_rounds,
                   frozenset(r.key for r in deliverable.requirements if r.objective),
                   approval.review_window, approval.on_silence is OnSilence.APPROVE,
                   deliverable.schedule.keep_live_days, calendar)

    def review_ends(self, submitted_at: datetime) -> datetime:
        return self.calendar.add(submitted_at, self.review_window)

    def keep_live_ends(self, published_at: datetime) -> datetime:
        return self.calendar.add(published_at, Span(self.keep_live_days, SpanUnit.DAYS))


@dataclass(frozen=True)
class Publication:
    """The post as it went live: the platform's own permalink, publish time and caption."""

    permalink: str
    published_at: datetime
    caption: str


@dataclass(frozen=True)
class DeliverableState:
    """What the deciders need to know about a deliverable: the journal keeps the rest."""

    key: str  # the deliverable's key in the agreement, e.g. `reel-1`
    phase: DeliverablePhase
    drafts: int = 0  # drafts submitted so far
    rounds_used: int = 0  # subjective rounds of changes asked for so far
    draft: str = ""  # the latest draft: a link or an evidence file's hash
    submitted_at: datetime | None = None  # when the latest draft came: its review window starts
    publication: Publication | None = None
    cancelled_at_stage: DeliverablePhase | None = None  # the phase it was cancelled in
    # Who cancelled: the brand's side owes the kill fee; the creator's side walking away owes
    # the product instead. None: the bot (or a record that does not say).
    cancelled_by: Side | None = None


def start_deliverable(key: str, needs_product: bool) -> DeliverableState:
    """A deliverable as the agreement is accepted: waiting for the product, if one is sent."""
    return DeliverableState(key, _P.AWAITING_PRODUCT if needs_product else _P.IN_PRODUCTION)


_CANCEL = "cancel (the stage is recorded, for the kill fee)"

DELIVERABLE_TRANSITIONS: tuple[Transition[DeliverablePhase], ...] = (
    Transition(None, _P.AWAITING_PRODUCT, None, "deliverable_started", "product to send"),
    Transition(None, _P.IN_PRODUCTION, None, "deliverable_started", "no product needed"),
    Transition(_P.AWAITING_PRODUCT, _P.IN_PRODUCTION, Move.CONFIRM_PRODUCT_RECEIVED,
               "product_received", "confirm_product_received"),
    Transition(_P.IN_PRODUCTION, _P.DRAFT_SUBMITTED, Move.SUBMIT_DRAFT, "draft_submitted",
               "submit_draft"),
    Transition(_P.CHANGES_REQUESTED, _P.DRAFT_SUBMITTED, Move.SUBMIT_DRAFT, "draft_submitted",
               "submit_draft (the changed draft)"),
    Transition(_P.REJECTED, _P.DRAFT_SUBMITTED, Move.SUBMIT_DRAFT, "draft_submitted",
               "submit_draft (a reshoot)"),
    Transition(_P.DRAFT_SUBMITTED, _P.APPROVED, Move.APPROVE, "draft_approved", "approve"),
    Transition(_P.DRAFT_SUBMITTED, _P.CHANGES_REQUESTED, Move.REQUEST_CHANGES,
               "changes_requested", "request_changes (one edit round, within the limit)"),
    Transition(_P.DRAFT_SUBMITTED, _P.REJECTED, Move.REJECT, "draft_rejected",
               "reject (citing an objective requirement)"),
    Transition(_P.DRAFT_SUBMITTED, _P.AUTO_APPROVED, Move.AUTO_APPROVE, "draft_auto_approved",
               "auto_approve (the review window passed in silence)"),
    Transition(_P.DRAFT_SUBMITTED, _P.LIVE, Move.MARK_LIVE, "went_live",
               "mark_live (no approval required)"),
    Transition(_P.APPROVED, _P.LIVE, Move.MARK_LIVE, "went_live", "mark_live"),
    Transition(_P.AUTO_APPROVED, _P.LIVE, Move.MARK_LIVE, "went_live", "mark_live"),
    Transition(_P.LIVE, _P.KEPT_LIVE, Move.KEEP_LIVE_DONE, "kept_live",
               "keep_live_done (the keep-live days passed)"),
    Transition(_P.LIVE, _P.TAKEN_DOWN_EARLY, Move.REPORT_TAKEN_DOWN, "taken_down_early",
               "report_taken_down (before the keep-live days ended)"),
    *(Transition(phase, _P.CANCELLED, Move.CANCEL, "deliverable_cancelled", _CANCEL)
      for phase in _P if phase in BEFORE_LIVE),
)


def phase_words(phase: DeliverablePhase) -> str:
    """How a refusal says where a deliverable stands."""
    return {
        _P.AWAITING_PRODUCT: "waiting for the product",
        _P.IN_PRODUCTION: "in production",
        _P.DRAFT_SUBMITTED: "a draft under review",
        _P.CHANGES_REQUESTED: "waiting for a changed draft",
        _P.REJECTED: "rejected, waiting for a reshoot",
        _P.APPROVED: "approved, not yet live",
        _P.AUTO_APPROVED: "approved by silence, not yet live",
        _P.LIVE: "live",
        _P.KEPT_LIVE: "done: kept live for the agreed time",
        _P.TAKEN_DOWN_EARLY: "taken down early",
        _P.CANCELLED: "cancelled",
    }[phase]
