"""Random campaigns: any sequence of commands by anyone raises nothing but `Refusal`; replaying
the journal always gives the state decided step by step; the lives folded from the events are
the lives the lifecycle deciders decided; and an accepted version never changes."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
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
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverablePolicy
from bot.campaign.life.deliverable_moves import decide_deliverable
from bot.campaign.life.milestone_commands import (
    ConfirmPayment,
    Dispute,
    Invoice,
    MarkPaid,
    MilestoneCommand,
    TriggerDue,
)
from bot.campaign.life.milestone_life import MilestonePhase, PaymentPolicy
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.life.moves import Move
from bot.campaign.record import kinds
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
)
from bot.campaign.record.deadlines import campaign_deadlines
from bot.campaign.record.decide import decide_campaign
from bot.campaign.record.fold import replay
from bot.campaign.record.state import CampaignState, party_in
from bot.campaign.terms.versions import canonical_terms
from bot.domain.clock import parse_time
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor
from bot.domain.journal import JournalEntry
from tests.campaign.record_session import CAMPAIGN_ID, NEW_YORK, record, stored
from tests.campaign.test_record_amendments import with_story
from tests.campaign.test_record_walk import (
    ANNA,
    BRIGHTSIDE,
    MIA,
    TERMS,
    agreed_session,
    at,
    later_tiktok,
)

OTTO = Actor("slack:T0GLOW:U09OTTO", "Otto")
ACTORS = (ANNA, BRIGHTSIDE, MIA, OTTO, SYSTEM)
VARIANTS = (TERMS, later_tiktok(TERMS), with_story(TERMS),
            dataclasses.replace(TERMS, title="Glow Serum summer launch"))
KEYS = ("d1", "d2", "d3", "d9")
T0 = at("2026-03-02T14:00")
_D, _M = DeliverablePhase, MilestonePhase
_LIVE = MarkLive("https://ig/1", T0, "#ad")
NEXT_MOVES: dict[DeliverablePhase, list[DeliverableCommand]] = {
    _D.AWAITING_PRODUCT: [ConfirmProductReceived()], _D.IN_PRODUCTION: [SubmitDraft("v1")],
    _D.DRAFT_SUBMITTED: [Approve(), RequestChanges("warmer"), Reject("r1"), AutoApprove()],
    _D.CHANGES_REQUESTED: [SubmitDraft("v2")], _D.REJECTED: [SubmitDraft("v3")],
    _D.APPROVED: [_LIVE], _D.AUTO_APPROVED: [_LIVE], _D.LIVE: [KeepLiveDone(), ReportTakenDown()],
    _D.KEPT_LIVE: [Cancel()], _D.TAKEN_DOWN_EARLY: [Cancel()], _D.CANCELLED: [Cancel()]}
NEXT_PAYMENTS: dict[MilestonePhase, list[MilestoneCommand]] = {
    _M.PENDING: [Dispute("not triggered?")], _M.DUE: [Invoice("INV-1")],
    _M.INVOICED: [MarkPaid("ref")], _M.PAID: [ConfirmPayment()],
    _M.CONFIRMED: [Dispute("late")], _M.DISPUTED: [Dispute("again")]}
ENTITLED = {  # who is entitled to each move under the example's duties
    Move.CONFIRM_PRODUCT_RECEIVED: MIA, Move.SUBMIT_DRAFT: MIA, Move.APPROVE: ANNA,
    Move.REQUEST_CHANGES: ANNA, Move.REJECT: ANNA, Move.AUTO_APPROVE: SYSTEM,
    Move.MARK_LIVE: MIA, Move.KEEP_LIVE_DONE: SYSTEM, Move.REPORT_TAKEN_DOWN: ANNA,
    Move.CANCEL: ANNA, Move.TRIGGER_DUE: SYSTEM, Move.INVOICE: MIA, Move.MARK_PAID: BRIGHTSIDE,
    Move.CONFIRM_PAYMENT: MIA, Move.DISPUTE: BRIGHTSIDE}


@st.composite
def commands(draw: st.DrawFn, state: CampaignState | None) -> CampaignCommand:
    now_hint = T0
    hashes = [v.hash for v in state.versions] if state else []
    rows = sorted(campaign_deadlines(state, NEW_YORK)) if state else []
    # The usual moves come more often than the rare ones, so that work gets somewhere.
    usual = [ConfirmProductReceived(), SubmitDraft("https://drive/x"), Approve(),
             MarkLive("https://ig/1", now_hint + timedelta(days=draw(st.integers(0, 30))), "#ad")]
    life = st.sampled_from([
        *usual, *usual, *usual, SubmitDraft(" "), RequestChanges("warmer"), Reject("r1"),
        Reject("r5"), AutoApprove(), KeepLiveDone(), ReportTakenDown(), Cancel("dropped")])
    payment = st.sampled_from([Invoice("INV-1"), MarkPaid("ref"), ConfirmPayment(),
                               Dispute("short"), TriggerDue(now_hint)])
    discussed = [state.discussed] if state and state.discussed else []
    # Weighted by repetition: moves and acceptances of what is discussed come often, the end
    # of the campaign seldom, so that random campaigns get agreed and their work goes on.
    kind = draw(st.sampled_from(["propose", "counter", "amend", *["accept"] * 6,
                                 *["deliverable"] * 8, *["milestone"] * 3, *["timer"] * 3,
                                 "end"]))
    if kind == "propose":
        return ProposeAgreement(CAMPAIGN_ID, "c", draw(st.sampled_from(VARIANTS)))
    if kind == "counter":
        return CounterAgreement(draw(st.sampled_from(VARIANTS)))
    if kind == "amend":
        return AmendAgreement(draw(st.sampled_from(VARIANTS)))
    if kind == "accept":
        choices = discussed * 6 + hashes + ["0" * 64]
        return AcceptAgreement(draw(st.sampled_from(choices)))
    lives = state.deliverables if state else {}
    payments = state.milestones if state else {}
    if kind == "deliverable" and lives and draw(st.booleans()):  # often the natural next move
        key = draw(st.sampled_from(sorted(lives)))
        return MoveDeliverable(key, draw(st.sampled_from(NEXT_MOVES[lives[key].phase])))
    if kind == "deliverable":
        return MoveDeliverable(draw(st.sampled_from(KEYS)), draw(life))
    if kind == "milestone" and payments and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(payments)))
        return MoveMilestone(key, draw(st.sampled_from(NEXT_PAYMENTS[payments[key].phase])))
    if kind == "milestone":
        return MoveMilestone(draw(st.sampled_from(("m1", "m2", "m7"))), draw(payment))
    if kind == "timer":
        return FireTimer(draw(st.sampled_from([*rows, *rows, "review:d1", "nonsense"])))
    if draw(st.integers(0, 19)):  # the end is rarer still
        return FireTimer("nonsense")
    return EndCampaign("done")


def expected_life(before: CampaignState, command: CampaignCommand, actor: Actor,
                  now: object) -> tuple[str, object] | None:
    """What the lifecycle decider alone makes of a move: the fold must agree."""
    terms = before.agreed_terms
    assert terms is not None
    mover: Mover = SYSTEM if actor == SYSTEM else party_in(terms, actor.user_id)  # type: ignore[assignment]
    if isinstance(command, MoveDeliverable):
        policy = DeliverablePolicy.for_deliverable(terms, command.deliverable, NEW_YORK)
        after, _ = decide_deliverable(before.deliverables[command.deliverable], command.command,
                                      mover, policy, now)  # type: ignore[arg-type]
        return command.deliverable, after
    if isinstance(command, MoveMilestone):
        net = next(m.net_days for m in terms.payment.milestones if m.key == command.milestone)
        after_m, _ = decide_milestone(before.milestones[command.milestone], command.command,
                                      mover, PaymentPolicy(net, NEW_YORK),
                                      now)  # type: ignore[arg-type]
        return command.milestone, after_m
    return None


def play(data: st.DataObject, state: CampaignState | None, journal: list[JournalEntry],
         steps: int) -> None:
    """Draw `steps` commands by random actors at later and later times, checking each."""
    now = journal[-1].at if journal else None
    moment = T0 if now is None else parse_time(now)
    accepted: dict[str, str] = {}  # version hash → its canonical terms when first accepted
    for step in range(steps):
        if data.draw(st.booleans()):  # most commands come from the parties, some from anyone
            actor = data.draw(st.sampled_from((ANNA, BRIGHTSIDE, MIA)))
        else:
            actor = data.draw(st.sampled_from(ACTORS))
        command = data.draw(commands(state)) if step or state else ProposeAgreement(
            CAMPAIGN_ID, "c", data.draw(st.sampled_from(VARIANTS)))
        if isinstance(command, MoveDeliverable | MoveMilestone) and data.draw(st.booleans()):
            actor = ENTITLED[command.command.move]  # half the moves come from the right one
        moment += timedelta(hours=data.draw(st.integers(0, 24 * 12)))
        try:
            events = decide_campaign(state, command, actor, moment, NEW_YORK)
        except Refusal:
            continue
        before = state
        entries, state = record(state, events, actor, moment)
        journal += entries
        for entry in entries:
            event(entry.kind)
            assert entry.kind in kinds.ALL
        assert state is not None
        assert replay(stored(journal)) == state
        if before is not None and isinstance(command, MoveDeliverable | MoveMilestone):
            found = expected_life(before, command, actor, moment)
            assert found is not None
            key, life = found
            lives = state.deliverables if isinstance(command, MoveDeliverable) else (
                state.milestones)
            assert lives[key] == life
        for version in state.versions:
            if state.accepted_by(version.hash):
                accepted.setdefault(version.hash, canonical_terms(version.terms))
                assert version.intact()
                assert canonical_terms(version.terms) == accepted[version.hash]
        if state.agreed is not None:
            everyone = {p.user_id for p in state.current_terms.parties}
            assert everyone <= state.accepted_by(state.agreed)


RANDOM = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RANDOM
@given(st.data())
def test_random_campaigns_from_nothing_refuse_or_record_and_replay_to_the_decided_state(
        data: st.DataObject) -> None:
    play(data, None, [], data.draw(st.integers(10, 40)))


@RANDOM
@given(st.data())
def test_random_work_on_an_agreed_campaign_refuses_or_records_and_replays_exactly(
        data: st.DataObject) -> None:
    session = agreed_session()
    play(data, session.state, list(session.journal), data.draw(st.integers(20, 80)))
