"""Properties: any sequence of moves, by anyone, at any moment, under any agreement, is either
decided along a declared edge or refused with `Refusal`; nothing else is ever raised, and what
the state says stays true (rounds within the limit, a live post has its record, a cancelled
deliverable its stage, a payment marked paid is never overdue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from hypothesis import event, given, settings
from hypothesis import strategies as st

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
    DELIVERABLE_TRANSITIONS,
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
    MILESTONE_TRANSITIONS,
    MilestonePhase,
    PaymentPolicy,
    is_overdue,
)
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.terms.span import Span, SpanUnit
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM

from .life_examples import (
    ADA,
    BEA,
    BRUNO,
    CLEO,
    MILESTONE_WALKS,
    MOVERS,
    T0,
    TOM,
    UTC_CALENDAR,
    WALKS,
    deliverable_in,
    play_milestone,
)

SETTINGS = settings(max_examples=300, deadline=None)
M = TypeVar("M")
KEYS = ("hashtag_ad", "mention_brand", "promo_code", "tone")
DELIVERABLE_EDGES = {(t.source, t.target, t.move): t.kind for t in DELIVERABLE_TRANSITIONS}
MILESTONE_EDGES = {(t.source, t.target, t.move): t.kind for t in MILESTONE_TRANSITIONS}

words = st.one_of(st.sampled_from(["", "  ", "v2", "https://drive.example/d.mp4"]),
                  st.text(max_size=12))
# Moments relative to `now`: mostly past, sometimes future, sometimes without a time zone.
offsets = st.timedeltas(min_value=timedelta(days=-40), max_value=timedelta(days=3))
naive = st.booleans()
pauses = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=12))
movers = st.sampled_from(MOVERS)

policies = st.builds(
    DeliverablePolicy,
    approval_required=st.booleans(),
    edit_rounds=st.integers(0, 3),
    objective_requirements=st.frozensets(st.sampled_from(KEYS), max_size=3),
    review_window=st.builds(Span, st.integers(0, 7), st.sampled_from(list(SpanUnit))),
    silence_approves=st.booleans(),
    keep_live_days=st.integers(0, 60),
    calendar=st.just(UTC_CALENDAR),
)


@dataclass(frozen=True)
class GoLive:
    """A `MarkLive` whose publish time is `offset` from the moment it is made."""

    permalink: str
    offset: timedelta
    no_zone: bool
    caption: str

    def at(self, now: datetime) -> MarkLive:
        published_at = now + self.offset
        return MarkLive(self.permalink, published_at.replace(tzinfo=None) if self.no_zone
                        else published_at, self.caption)


@dataclass(frozen=True)
class Triggered:
    """A `TriggerDue` whose trigger is `offset` from the moment the bot sees it."""

    offset: timedelta
    no_zone: bool

    def at(self, now: datetime) -> TriggerDue:
        triggered_at = now + self.offset
        return TriggerDue(triggered_at.replace(tzinfo=None) if self.no_zone else triggered_at)


def by(
    moves: st.SearchStrategy[M], *entitled: Mover
) -> st.SearchStrategy[tuple[M, Mover]]:
    """A move, made often by someone entitled to it (so that lives get far), else by anyone."""
    return st.tuples(moves, st.one_of(st.sampled_from(entitled), movers))


def mostly(
    usual: list[st.SearchStrategy[M]], rare: st.SearchStrategy[M]
) -> st.SearchStrategy[M]:
    """One of the usual moves, each three times as likely as the rare one (a life's end)."""
    return st.sampled_from([*usual * 3, rare]).flatmap(lambda chosen: chosen)


deliverable_steps = st.tuples(
    mostly([
        by(st.just(ConfirmProductReceived()), CLEO, TOM),
        by(st.builds(SubmitDraft, words), CLEO, TOM),
        by(st.just(Approve()), BEA),
        by(st.builds(RequestChanges, words), BEA),
        by(st.builds(Reject, st.one_of(st.sampled_from(KEYS), words), words), BEA),
        by(st.just(AutoApprove()), SYSTEM),
        by(st.builds(GoLive, words, offsets, naive, words), CLEO, TOM),
        by(st.just(KeepLiveDone()), SYSTEM),
    ], by(st.one_of(st.builds(ReportTakenDown, words), st.builds(Cancel, words)), BRUNO, CLEO)),
    pauses,
)
milestone_steps = st.tuples(
    mostly([
        by(st.builds(Triggered, offsets, naive), SYSTEM),
        by(st.builds(Invoice, words), CLEO),
        by(st.builds(MarkPaid, words), ADA),
        by(st.just(ConfirmPayment()), CLEO),
    ], by(st.builds(Dispute, words), CLEO, BRUNO)),
    pauses,
)


def starting(start: bool | DeliverablePhase) -> tuple[DeliverableState, datetime]:
    """A new deliverable (needing a product, or not), or one walked to a phase, and the moment
    its walk ended."""
    if isinstance(start, bool):
        return start_deliverable("reel-1", needs_product=start), T0
    return deliverable_in(start), max((step[2] for step in WALKS[start]), default=T0)


@SETTINGS
@given(
    policy=policies,
    start=st.sampled_from([True, False, *DeliverablePhase]),
    steps=st.lists(deliverable_steps, min_size=8, max_size=40),
)
def test_any_moves_on_a_deliverable_go_along_declared_edges_or_are_refused(
    policy: DeliverablePolicy,
    start: bool | DeliverablePhase,
    steps: list[tuple[tuple[DeliverableCommand | GoLive, Mover], timedelta]],
) -> None:
    state, now = starting(start)
    for (made, mover), pause in steps:
        now += pause
        command = made.at(now) if isinstance(made, GoLive) else made
        try:
            after, events = decide_deliverable(state, command, mover, policy, now)
        except Refusal as refusal:
            assert refusal.reason
            continue
        assert [e.kind for e in events] == [
            DELIVERABLE_EDGES[(state.phase, after.phase, command.move)]]
        if isinstance(command, RequestChanges):
            assert state.rounds_used < policy.edit_rounds
        state = after
        event(f"reached {state.phase}")
        assert (state.publication is not None) == (state.phase in {
            DeliverablePhase.LIVE, DeliverablePhase.KEPT_LIVE, DeliverablePhase.TAKEN_DOWN_EARLY})
        assert (state.cancelled_at_stage is not None) == (
            state.phase is DeliverablePhase.CANCELLED)


@SETTINGS
@given(
    net_days=st.integers(0, 120),
    start=st.sampled_from(MilestonePhase),
    steps=st.lists(milestone_steps, min_size=4, max_size=20),
)
def test_any_moves_on_a_milestone_go_along_declared_edges_or_are_refused(
    net_days: int,
    start: MilestonePhase,
    steps: list[tuple[tuple[MilestoneCommand | Triggered, Mover], timedelta]],
) -> None:
    policy = PaymentPolicy(net_days, UTC_CALENDAR)
    state, _ = play_milestone(MILESTONE_WALKS[start], policy)  # no walk depends on net days
    now = max((step[2] for step in MILESTONE_WALKS[start]), default=T0)
    for (made, mover), pause in steps:
        now += pause
        command = made.at(now) if isinstance(made, Triggered) else made
        try:
            after, events = decide_milestone(state, command, mover, policy, now)
        except Refusal as refusal:
            assert refusal.reason
            continue
        assert [e.kind for e in events] == [
            MILESTONE_EDGES[(state.phase, after.phase, command.move)]]
        state = after
        event(f"reached {state.phase}")
        if state.phase in (MilestonePhase.PAID, MilestonePhase.CONFIRMED):
            assert not is_overdue(state, now + timedelta(days=365))
        if state.due_on is not None:
            assert state.triggered_at is not None
            assert state.due_on == state.triggered_at + timedelta(days=net_days)
