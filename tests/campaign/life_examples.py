"""The people, agreement and moments the lifecycle tests share, and walks that bring a
deliverable or a milestone to any phase through the deciders themselves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.campaign.calendar import Calendar
from bot.campaign.life.capacity import Mover
from bot.campaign.life.deliverable_commands import (
    Approve,
    AutoApprove,
    Cancel,
    ConfirmProductReceived,
    DeliverableCommand,
    KeepLiveDone,
    MarkLive,
    Reject,
    ReportTakenDown,
    RequestChanges,
    SubmitDraft,
)
from bot.campaign.life.deliverable_life import (
    DeliverablePhase,
    DeliverablePolicy,
    DeliverableState,
    start_deliverable,
)
from bot.campaign.life.deliverable_moves import decide_deliverable
from bot.campaign.life.milestone_commands import (
    ConfirmPayment,
    Dispute,
    Invoice,
    MarkPaid,
    MilestoneCommand,
    TriggerDue,
)
from bot.campaign.life.milestone_life import (
    MilestonePhase,
    MilestoneState,
    PaymentPolicy,
    start_milestone,
)
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.life.moves import LifeEvent
from bot.campaign.parties import CampaignParty, CampaignRole, Duty
from bot.campaign.terms.span import Span, SpanUnit
from bot.domain.identity import SYSTEM, Actor

# The brand approves, its agency pays, the creator is paid; two more with no duty at all.
BEA = CampaignParty("console:bea", "Bea", CampaignRole.BRAND, frozenset({Duty.APPROVER}))
ADA = CampaignParty("console:ada", "Ada", CampaignRole.AGENCY, frozenset({Duty.PAYER}))
CLEO = CampaignParty("console:cleo", "Cleo", CampaignRole.CREATOR, frozenset({Duty.PAYEE}))
TOM = CampaignParty("console:tom", "Tom", CampaignRole.TALENT_MANAGER)
BRUNO = CampaignParty("console:bruno", "Bruno", CampaignRole.BRAND)
OTTO = Actor("console:otto", "Otto")  # not a party to the campaign
MOVERS: tuple[Mover, ...] = (BEA, ADA, CLEO, TOM, BRUNO, SYSTEM, OTTO)

# One round of changes (Cohley, Trend), 3 days to review, 30 days live (#paid).
UTC_CALENDAR = Calendar.named("UTC")
POLICY = DeliverablePolicy(
    approval_required=True,
    edit_rounds=1,
    objective_requirements=frozenset({"hashtag_ad", "mention_brand"}),
    review_window=Span(3, SpanUnit.DAYS),
    silence_approves=True,
    keep_live_days=30,
    calendar=UTC_CALENDAR,
)
NO_APPROVAL = DeliverablePolicy(False, 0, frozenset(), Span(3, SpanUnit.DAYS), True, 30,
                                UTC_CALENDAR)
NET_30 = PaymentPolicy(net_days=30, calendar=UTC_CALENDAR)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
PUBLISHED = T0 + 6 * DAY

DRAFT = "https://drive.example/reel-1-v1.mp4"
LIVE = MarkLive("https://www.instagram.com/reel/C1a2b3/", PUBLISHED, "New serum! #ad @glowco")

Step = tuple[DeliverableCommand, Mover, datetime]

# A walk to every phase a deliverable can reach, each move by the one entitled to it.
WALKS: dict[DeliverablePhase, tuple[Step, ...]] = {}
_received: tuple[Step, ...] = ((ConfirmProductReceived(), CLEO, T0 + DAY),)
_submitted = (*_received, (SubmitDraft(DRAFT), CLEO, T0 + 2 * DAY))
_approved = (*_submitted, (Approve(), BEA, T0 + 3 * DAY))
_live = (*_approved, (LIVE, CLEO, PUBLISHED + timedelta(hours=1)))
WALKS.update({
    DeliverablePhase.AWAITING_PRODUCT: (),
    DeliverablePhase.IN_PRODUCTION: _received,
    DeliverablePhase.DRAFT_SUBMITTED: _submitted,
    DeliverablePhase.CHANGES_REQUESTED: (
        *_submitted, (RequestChanges("Warmer light, please"), BEA, T0 + 3 * DAY)),
    DeliverablePhase.REJECTED: (
        *_submitted, (Reject("hashtag_ad", "no #ad in the caption"), BEA, T0 + 3 * DAY)),
    DeliverablePhase.APPROVED: _approved,
    DeliverablePhase.AUTO_APPROVED: (*_submitted, (AutoApprove(), SYSTEM, T0 + 5 * DAY)),
    DeliverablePhase.LIVE: _live,
    DeliverablePhase.KEPT_LIVE: (*_live, (KeepLiveDone(), SYSTEM, PUBLISHED + 30 * DAY)),
    DeliverablePhase.TAKEN_DOWN_EARLY: (
        *_live, (ReportTakenDown("gone from the grid"), BRUNO, PUBLISHED + 10 * DAY)),
    DeliverablePhase.CANCELLED: ((Cancel("campaign dropped"), BEA, T0 + DAY),),
})


def play(
    steps: Sequence[Step],
    policy: DeliverablePolicy = POLICY,
    state: DeliverableState | None = None,
) -> tuple[DeliverableState, list[LifeEvent]]:
    """Play `steps` on a deliverable that needs a product (unless `state` is given)."""
    state = state if state is not None else start_deliverable("reel-1", needs_product=True)
    events: list[LifeEvent] = []
    for command, mover, now in steps:
        state, recorded = decide_deliverable(state, command, mover, policy, now)
        events.extend(recorded)
    return state, events


def deliverable_in(phase: DeliverablePhase) -> DeliverableState:
    """A deliverable brought to `phase` by the deciders, under the usual agreement."""
    return play(WALKS[phase])[0]


MilestoneStep = tuple[MilestoneCommand, Mover, datetime]
_due: tuple[MilestoneStep, ...] = ((TriggerDue(PUBLISHED), SYSTEM, PUBLISHED + DAY),)
_invoiced = (*_due, (Invoice("INV-2026-014"), CLEO, PUBLISHED + 2 * DAY))
_paid = (*_invoiced, (MarkPaid("SEPA 88213"), ADA, PUBLISHED + 20 * DAY))
MILESTONE_WALKS: dict[MilestonePhase, tuple[MilestoneStep, ...]] = {
    MilestonePhase.PENDING: (),
    MilestonePhase.DUE: _due,
    MilestonePhase.INVOICED: _invoiced,
    MilestonePhase.PAID: _paid,
    MilestonePhase.CONFIRMED: (*_paid, (ConfirmPayment(), CLEO, PUBLISHED + 22 * DAY)),
    MilestonePhase.DISPUTED: (
        *_invoiced, (Dispute("the invoice counts two reels, we got one"), BRUNO,
                     PUBLISHED + 3 * DAY)),
}


def play_milestone(
    steps: Sequence[MilestoneStep], policy: PaymentPolicy = NET_30
) -> tuple[MilestoneState, list[LifeEvent]]:
    """Play `steps` on a milestone due on publication."""
    state = start_milestone("on-publication")
    events: list[LifeEvent] = []
    for command, mover, now in steps:
        state, recorded = decide_milestone(state, command, mover, policy, now)
        events.extend(recorded)
    return state, events


def milestone_in(phase: MilestonePhase) -> MilestoneState:
    """A milestone brought to `phase` by the deciders, Net 30."""
    return play_milestone(MILESTONE_WALKS[phase])[0]
