"""Deciding a move on a deliverable: the rules table first, then the finer rules of each move
(edit rounds left, an objective requirement cited, a timer run out), then the declared edge.

Pure: given the deliverable, the move, who makes it, the approval policy and `now`, a decider
returns the new state and the events to record, or raises `Refusal` saying what is possible.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.campaign.life.capacity import Mover, capacities
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
    Publication,
    phase_words,
)
from bot.campaign.life.moves import LifeEvent, Move, declared
from bot.campaign.life.rules import DELIVERABLE_RULES, check, possible_now
from bot.campaign.parties import CampaignParty
from bot.domain.clock import format_time
from bot.domain.errors import Refusal

_P = DeliverablePhase
Facts = dict[str, str]


def decide_deliverable(
    state: DeliverableState,
    command: DeliverableCommand,
    mover: Mover,
    policy: DeliverablePolicy,
    now: datetime,
) -> tuple[DeliverableState, tuple[LifeEvent, ...]]:
    """The deliverable after `command`, and what to record; or a `Refusal` that changes
    nothing. Every step goes along a declared edge, so the diagram is the whole truth."""
    where = f"deliverable {state.key} is {phase_words(state.phase)}"
    check(DELIVERABLE_RULES, command.move, state.phase, mover, where, policy.approval_required)
    after, facts = _decided(state, command, mover, policy, now)
    transition = declared(DELIVERABLE_TRANSITIONS, state.phase, after.phase, command.move)
    payload = {"deliverable": state.key, "by": mover.user_id, "at": format_time(now), **facts}
    return after, (LifeEvent(transition.kind, payload),)


def _decided(
    state: DeliverableState,
    command: DeliverableCommand,
    mover: Mover,
    policy: DeliverablePolicy,
    now: datetime,
) -> tuple[DeliverableState, Facts]:
    match command:
        case ConfirmProductReceived():
            return replace(state, phase=_P.IN_PRODUCTION), {}
        case SubmitDraft():
            return _submit_draft(state, command, policy, now)
        case Approve():
            return replace(state, phase=_P.APPROVED), {"draft": state.draft}
        case RequestChanges():
            return _request_changes(state, command, mover, policy)
        case Reject():
            return _reject(state, command, mover, policy)
        case AutoApprove():
            return _auto_approve(state, policy, now)
        case MarkLive():
            return _mark_live(state, command, now)
        case KeepLiveDone():
            return _keep_live_done(state, policy, now)
        case ReportTakenDown():
            return _report_taken_down(state, command, policy, now)
        case Cancel():
            return _cancel(state, command, mover)


def _submit_draft(
    state: DeliverableState, command: SubmitDraft, policy: DeliverablePolicy, now: datetime
) -> tuple[DeliverableState, Facts]:
    draft = command.draft.strip()
    if not draft:
        raise Refusal("A draft needs a link or a file to review.")
    after = replace(state, phase=_P.DRAFT_SUBMITTED, drafts=state.drafts + 1, draft=draft,
                    submitted_at=now)
    facts = {"draft": draft, "submission": str(after.drafts)}
    if policy.approval_required:
        facts["review_ends"] = format_time(policy.review_ends(now))
    return after, facts


def _request_changes(
    state: DeliverableState, command: RequestChanges, mover: Mover, policy: DeliverablePolicy
) -> tuple[DeliverableState, Facts]:
    if state.rounds_used >= policy.edit_rounds:
        used = "none is allowed" if policy.edit_rounds == 0 else (
            f"{_rounds(policy.edit_rounds)} allowed, all used")
        if policy.objective_requirements:
            instead = ("Approve the draft, or reject it citing an objective "
                       f"requirement{_keys(policy)}.")
            refused: tuple[Move, ...] = (Move.REQUEST_CHANGES,)
        else:  # nothing to cite: a rejection is not possible either
            instead = "Approve the draft: this agreement marks no requirement objective."
            refused = (Move.REQUEST_CHANGES, Move.REJECT)
        raise Refusal(
            f"No more rounds of changes for deliverable {state.key}: the agreement's limit is "
            f"reached ({used}). {instead}",
            _others(state, mover, policy, *refused),
        )
    notes = command.notes.strip()
    if not notes:
        raise Refusal("Say which changes you ask for: they are the round's record.")
    after = replace(state, phase=_P.CHANGES_REQUESTED, rounds_used=state.rounds_used + 1)
    return after, {"notes": notes, "round": f"{after.rounds_used} of {policy.edit_rounds}"}


def _reject(
    state: DeliverableState, command: Reject, mover: Mover, policy: DeliverablePolicy
) -> tuple[DeliverableState, Facts]:
    requirement = command.requirement.strip()
    if requirement not in policy.objective_requirements:
        cited = f"`{requirement}` is not one" if requirement else "none was cited"
        rounds_left = max(policy.edit_rounds - state.rounds_used, 0)
        raise Refusal(
            f"A draft is rejected only for breaking an objective requirement of the agreement, "
            f"and {cited}{_keys(policy)}. A matter of taste is a request for changes "
            f"({_rounds(rounds_left)} left), or approve the draft.",
            _others(state, mover, policy, Move.REJECT,
                    *(() if rounds_left else (Move.REQUEST_CHANGES,))),
        )
    facts = {"requirement": requirement, "draft": state.draft}
    if command.notes.strip():
        facts["notes"] = command.notes.strip()
    return replace(state, phase=_P.REJECTED), facts


def _auto_approve(
    state: DeliverableState, policy: DeliverablePolicy, now: datetime
) -> tuple[DeliverableState, Facts]:
    assert state.submitted_at is not None  # a draft under review has been submitted
    if not policy.silence_approves:
        raise Refusal(f"The agreement says silence approves nothing: deliverable {state.key} "
                      "waits for the approver's answer.")
    ends = policy.review_ends(state.submitted_at)
    if now < ends:
        raise Refusal(f"The review window of deliverable {state.key} runs until "
                      f"{format_time(ends)}: silence approves it only after that.")
    return replace(state, phase=_P.AUTO_APPROVED), {"draft": state.draft,
                                                    "review_ended": format_time(ends)}


def _mark_live(
    state: DeliverableState, command: MarkLive, now: datetime
) -> tuple[DeliverableState, Facts]:
    permalink = command.permalink.strip()
    if not permalink:
        raise Refusal("Give the post's permalink, as the platform shows it.")
    published_at = command.published_at
    if published_at.tzinfo is None:
        raise Refusal("The publish time needs its time zone, as the platform gives it.")
    if published_at > now:
        raise Refusal("The publish time is in the future: give the platform's publish time.")
    publication = Publication(permalink, published_at, command.caption)
    facts = {"permalink": permalink, "published_at": format_time(published_at),
             "caption": command.caption}
    return replace(state, phase=_P.LIVE, publication=publication), facts


def _keep_live_ends(state: DeliverableState, policy: DeliverablePolicy) -> datetime:
    assert state.publication is not None  # a live deliverable has its publication
    return policy.keep_live_ends(state.publication.published_at)


def _keep_live_done(
    state: DeliverableState, policy: DeliverablePolicy, now: datetime
) -> tuple[DeliverableState, Facts]:
    ends = _keep_live_ends(state, policy)
    if now < ends:
        raise Refusal(f"Deliverable {state.key} must stay live until {format_time(ends)}.")
    return replace(state, phase=_P.KEPT_LIVE), {"kept_live_until": format_time(ends)}


def _report_taken_down(
    state: DeliverableState, command: ReportTakenDown, policy: DeliverablePolicy, now: datetime
) -> tuple[DeliverableState, Facts]:
    ends = _keep_live_ends(state, policy)
    if now >= ends:
        raise Refusal(f"The keep-live days of deliverable {state.key} ended at "
                      f"{format_time(ends)}: coming down now is not early.")
    facts = {"keep_live_ends": format_time(ends)}
    if command.notes.strip():
        facts["notes"] = command.notes.strip()
    return replace(state, phase=_P.TAKEN_DOWN_EARLY), facts


def _cancel(
    state: DeliverableState, command: Cancel, mover: Mover
) -> tuple[DeliverableState, Facts]:
    # The stage decides the kill fee (before production, after a draft, after approval), and
    # the side decides who owes what: the brand's kill fee, or the creator's product.
    side = mover.side if isinstance(mover, CampaignParty) else None
    facts = {"stage": state.phase.value, "side": side.value if side else ""}
    if command.reason.strip():
        facts["reason"] = command.reason.strip()
    return replace(state, phase=_P.CANCELLED, cancelled_at_stage=state.phase,
                   cancelled_by=side), facts


def _others(
    state: DeliverableState, mover: Mover, policy: DeliverablePolicy, *refused: Move
) -> tuple[str, ...]:
    """What the table allows now, but for the moves the finer rules just refused."""
    allowed = possible_now(DELIVERABLE_RULES, state.phase, capacities(mover),
                           policy.approval_required)
    return tuple(move for move in allowed if move not in refused)


def _rounds(count: int) -> str:
    return f"{count} round{'' if count == 1 else 's'}"


def _keys(policy: DeliverablePolicy) -> str:
    if not policy.objective_requirements:
        return " (this agreement marks none objective)"
    return f" (objective here: {', '.join(sorted(policy.objective_requirements))})"
