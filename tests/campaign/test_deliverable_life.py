"""The life of a deliverable, walked: from the product to a post kept live, approval by
silence, edit rounds used up, rejections that cite no objective requirement, cancellation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_commands import (
    Approve,
    AutoApprove,
    Cancel,
    ConfirmProductReceived,
    KeepLiveDone,
    MarkLive,
    Reject,
    ReportTakenDown,
    RequestChanges,
    SubmitDraft,
)
from bot.campaign.life.deliverable_life import (
    BEFORE_LIVE,
    DeliverablePhase,
    DeliverablePolicy,
    Publication,
    start_deliverable,
)
from bot.campaign.life.deliverable_moves import decide_deliverable
from bot.campaign.parties import CampaignParty
from bot.campaign.terms.span import Span, SpanUnit
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM

from .life_examples import (
    BEA,
    BRUNO,
    CLEO,
    DAY,
    DRAFT,
    LIVE,
    NO_APPROVAL,
    POLICY,
    PUBLISHED,
    T0,
    TOM,
    WALKS,
    deliverable_in,
    play,
)
from .terms_strategies import example_terms

P = DeliverablePhase


def test_from_the_product_to_a_post_kept_live() -> None:
    state, events = play([
        (ConfirmProductReceived(), CLEO, T0 + DAY),
        (SubmitDraft(DRAFT), CLEO, T0 + 2 * DAY),
        (RequestChanges("Show the bottle in the first second"), BEA, T0 + 3 * DAY),
        (SubmitDraft("https://drive.example/reel-1-v2.mp4"), TOM, T0 + 4 * DAY),
        (Approve(), BEA, T0 + 5 * DAY),
        (LIVE, CLEO, PUBLISHED + timedelta(hours=2)),
        (KeepLiveDone(), SYSTEM, PUBLISHED + 30 * DAY),
    ])
    assert state.phase is P.KEPT_LIVE
    assert [e.kind for e in events] == [
        "product_received", "draft_submitted", "changes_requested", "draft_submitted",
        "draft_approved", "went_live", "kept_live"]
    assert events[1].payload["review_ends"] == "2026-03-07T09:00:00.000000Z"
    assert events[2].payload["round"] == "1 of 1"
    assert events[3].payload["submission"] == "2"
    assert events[4].payload == {"deliverable": "reel-1", "by": "console:bea",
                                 "at": "2026-03-07T09:00:00.000000Z",
                                 "draft": "https://drive.example/reel-1-v2.mp4"}
    # What went live is the platform's record, the caption exactly as posted.
    assert state.publication == Publication(LIVE.permalink, PUBLISHED, LIVE.caption)
    assert events[5].payload["published_at"] == "2026-03-08T09:00:00.000000Z"
    assert events[5].payload["caption"] == "New serum! #ad @glowco"
    assert events[6].payload["kept_live_until"] == "2026-04-07T09:00:00.000000Z"


def test_a_deliverable_needing_no_product_starts_in_production() -> None:
    assert start_deliverable("ugc-1", needs_product=False).phase is P.IN_PRODUCTION
    assert start_deliverable("reel-1", needs_product=True).phase is P.AWAITING_PRODUCT


def test_an_event_cannot_be_changed_after_the_fact() -> None:
    _, events = play(WALKS[P.IN_PRODUCTION])
    with pytest.raises(TypeError):
        events[0].payload["by"] = "console:mallory"  # type: ignore[index]


def test_silence_through_the_review_window_approves_the_draft() -> None:
    submitted = deliverable_in(P.DRAFT_SUBMITTED)  # at T0 + 2 days; the window is 3 days
    just_before = T0 + 5 * DAY - timedelta(seconds=1)
    with pytest.raises(Refusal, match=r"runs until 2026-03-07T09:00:00\.000000Z"):
        decide_deliverable(submitted, AutoApprove(), SYSTEM, POLICY, just_before)
    state, (event,) = decide_deliverable(submitted, AutoApprove(), SYSTEM, POLICY, T0 + 5 * DAY)
    assert state.phase is P.AUTO_APPROVED
    assert event.kind == "draft_auto_approved"
    assert event.payload["review_ended"] == "2026-03-07T09:00:00.000000Z"
    # Approved by silence is approved: it may go live.
    live, _ = decide_deliverable(state, LIVE, CLEO, POLICY, PUBLISHED + DAY)
    assert live.phase is P.LIVE


def test_the_review_window_runs_from_the_latest_draft() -> None:
    state, _ = play([*WALKS[P.CHANGES_REQUESTED], (SubmitDraft("v2"), CLEO, T0 + 4 * DAY)])
    with pytest.raises(Refusal, match="runs until 2026-03-09"):
        decide_deliverable(state, AutoApprove(), SYSTEM, POLICY, T0 + 6 * DAY)


def test_requests_for_changes_beyond_the_agreed_rounds_are_refused() -> None:
    resubmitted, _ = play([*WALKS[P.CHANGES_REQUESTED], (SubmitDraft("v2"), CLEO, T0 + 4 * DAY)])
    assert resubmitted.rounds_used == 1
    with pytest.raises(Refusal) as refused:
        decide_deliverable(resubmitted, RequestChanges("Cooler light now"), BEA, POLICY,
                           T0 + 5 * DAY)
    assert "the agreement's limit is reached (1 round allowed, all used)" in refused.value.reason
    assert "objective here: hashtag_ad, mention_brand" in refused.value.reason
    assert refused.value.possible == ("approve", "reject", "cancel")


def test_an_agreement_with_no_edit_rounds_refuses_the_first_request() -> None:
    strict = replace(POLICY, edit_rounds=0)
    submitted = deliverable_in(P.DRAFT_SUBMITTED)
    with pytest.raises(Refusal, match=r"none is allowed"):
        decide_deliverable(submitted, RequestChanges("Another take"), BEA, strict, T0 + 3 * DAY)
    # With no requirement marked objective, approving (or cancelling) is all that is left.
    take_it = replace(strict, objective_requirements=frozenset())
    with pytest.raises(Refusal, match="marks no requirement objective") as refused:
        decide_deliverable(submitted, RequestChanges("Another take"), BEA, take_it, T0 + 3 * DAY)
    assert refused.value.possible == ("approve", "cancel")


def test_a_rejection_must_cite_an_objective_requirement() -> None:
    submitted = deliverable_in(P.DRAFT_SUBMITTED)
    with pytest.raises(Refusal) as refused:
        decide_deliverable(submitted, Reject("tone", "not our vibe"), BEA, POLICY, T0 + 3 * DAY)
    assert "`tone` is not one (objective here: hashtag_ad, mention_brand)" in refused.value.reason
    assert "a request for changes (1 round left)" in refused.value.reason
    assert refused.value.possible == ("approve", "request_changes", "cancel")
    with pytest.raises(Refusal, match="none was cited"):
        decide_deliverable(submitted, Reject("  "), BEA, POLICY, T0 + 3 * DAY)
    no_keys = replace(POLICY, objective_requirements=frozenset())
    with pytest.raises(Refusal, match="this agreement marks none objective"):
        decide_deliverable(submitted, Reject("hashtag_ad"), BEA, no_keys, T0 + 3 * DAY)


def test_a_rejection_for_an_objective_breach_costs_no_edit_round_and_asks_a_reshoot() -> None:
    rejected, events = play(WALKS[P.REJECTED])
    assert events[-1].kind == "draft_rejected"
    assert events[-1].payload["requirement"] == "hashtag_ad"
    assert rejected.rounds_used == 0
    reshot, _ = decide_deliverable(rejected, SubmitDraft("v2"), CLEO, POLICY, T0 + 4 * DAY)
    assert reshot.phase is P.DRAFT_SUBMITTED
    changed, _ = decide_deliverable(reshot, RequestChanges("Brighter"), BEA, POLICY, T0 + 5 * DAY)
    assert changed.phase is P.CHANGES_REQUESTED


def test_with_no_approval_required_a_draft_goes_live_directly() -> None:
    submitted, _ = play(WALKS[P.DRAFT_SUBMITTED], NO_APPROVAL)
    with pytest.raises(Refusal, match="this agreement needs no approval of drafts"):
        decide_deliverable(submitted, Approve(), BEA, NO_APPROVAL, T0 + 3 * DAY)
    live, (event,) = decide_deliverable(submitted, LIVE, CLEO, NO_APPROVAL, PUBLISHED)
    assert live.phase is P.LIVE
    assert event.kind == "went_live"


def test_with_approval_required_a_draft_under_review_cannot_go_live() -> None:
    submitted = deliverable_in(P.DRAFT_SUBMITTED)
    with pytest.raises(Refusal, match="`mark_live` needs an approved draft") as refused:
        decide_deliverable(submitted, LIVE, CLEO, POLICY, PUBLISHED)
    assert refused.value.possible == ("cancel",)


@pytest.mark.parametrize(
    ("publication", "reason"),
    [
        (replace(LIVE, permalink=" "), "permalink"),
        (replace(LIVE, published_at=PUBLISHED.replace(tzinfo=None)), "time zone"),
        (replace(LIVE, published_at=PUBLISHED + 2 * DAY), "in the future"),
    ],
)
def test_going_live_needs_the_platforms_own_record(publication: MarkLive, reason: str) -> None:
    with pytest.raises(Refusal, match=reason):
        decide_deliverable(deliverable_in(P.APPROVED), publication, CLEO, POLICY, PUBLISHED + DAY)


def test_a_post_down_before_the_keep_live_days_end_is_taken_down_early() -> None:
    live = deliverable_in(P.LIVE)
    with pytest.raises(Refusal, match=r"must stay live until 2026-04-07T09:00:00\.000000Z"):
        decide_deliverable(live, KeepLiveDone(), SYSTEM, POLICY, PUBLISHED + 29 * DAY)
    down, (event,) = decide_deliverable(live, ReportTakenDown(), BRUNO, POLICY,
                                        PUBLISHED + 12 * DAY)
    assert down.phase is P.TAKEN_DOWN_EARLY
    assert event.payload["keep_live_ends"] == "2026-04-07T09:00:00.000000Z"
    with pytest.raises(Refusal, match="is not early"):
        decide_deliverable(live, ReportTakenDown(), BRUNO, POLICY, PUBLISHED + 30 * DAY)


@pytest.mark.parametrize("stage", sorted(BEFORE_LIVE))
@pytest.mark.parametrize("mover", [BRUNO, CLEO], ids=["brand", "creator"])
def test_cancelling_records_the_stage_and_the_side(stage: P, mover: CampaignParty) -> None:
    before = deliverable_in(stage)
    state, (event,) = decide_deliverable(before, Cancel("budget cut"), mover, POLICY,
                                         PUBLISHED + 40 * DAY)
    assert state.phase is P.CANCELLED
    assert state.cancelled_at_stage is stage
    assert state.cancelled_by is mover.side
    assert event.kind == "deliverable_cancelled"
    assert (event.payload["stage"], event.payload["side"]) == (stage.value, mover.side.value)
    assert event.payload["reason"] == "budget cut"


@pytest.mark.parametrize("phase", [P.LIVE, P.KEPT_LIVE, P.TAKEN_DOWN_EARLY, P.CANCELLED])
def test_nothing_is_cancelled_once_it_went_live(phase: P) -> None:
    with pytest.raises(Refusal, match="`cancel` is not possible now"):
        decide_deliverable(deliverable_in(phase), Cancel(), BRUNO, POLICY, PUBLISHED + DAY)


def test_an_empty_draft_or_request_is_refused() -> None:
    with pytest.raises(Refusal, match="link or a file"):
        decide_deliverable(deliverable_in(P.IN_PRODUCTION), SubmitDraft(" "), CLEO, POLICY, T0)
    with pytest.raises(Refusal, match="which changes"):
        decide_deliverable(deliverable_in(P.DRAFT_SUBMITTED), RequestChanges(""), BEA, POLICY,
                           T0 + 3 * DAY)


def test_a_review_window_in_business_days_skips_the_weekend() -> None:
    # Submitted on a Friday (2026-03-06) with 3 business days to review: silence approves
    # on Wednesday at the same time, not on Monday.
    friday = T0 + 4 * DAY
    business = replace(POLICY, review_window=Span(3, SpanUnit.BUSINESS_DAYS))
    state, _ = play([*WALKS[P.IN_PRODUCTION], (SubmitDraft("v1"), CLEO, friday)])
    with pytest.raises(Refusal, match=r"runs until 2026-03-11T09:00:00\.000000Z"):
        decide_deliverable(state, AutoApprove(), SYSTEM, business, friday + 3 * DAY)
    approved, _ = decide_deliverable(state, AutoApprove(), SYSTEM, business, friday + 5 * DAY)
    assert approved.phase is P.AUTO_APPROVED


def test_when_silence_approves_nothing_the_draft_waits_for_the_approver() -> None:
    waiting = replace(POLICY, silence_approves=False)
    submitted = deliverable_in(P.DRAFT_SUBMITTED)
    with pytest.raises(Refusal, match="silence approves nothing"):
        decide_deliverable(submitted, AutoApprove(), SYSTEM, waiting, T0 + 30 * DAY)
    state, _ = decide_deliverable(submitted, Approve(), BEA, waiting, T0 + 30 * DAY)
    assert state.phase is P.APPROVED


def test_the_policy_of_a_deliverable_comes_from_the_agreement() -> None:
    paris = Calendar.named("Europe/Paris")
    policy = DeliverablePolicy.for_deliverable(example_terms(), "d1", paris)
    assert policy.objective_requirements == frozenset({"r1", "r2", "r3", "r4"})  # not r5
    assert policy.keep_live_days == 90
    assert policy.calendar is paris
    terms = example_terms()
    assert (policy.approval_required, policy.edit_rounds, policy.review_window) == (
        terms.approval.required, terms.approval.edit_rounds, terms.approval.review_window)
