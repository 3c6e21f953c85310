"""Who may make which move on a deliverable or a payment milestone, in which phase: two tables,
used to gate every move and to say what is possible instead (like `bot.domain.rules` for a
case). Finer rules inside a cell (edit rounds left, an objective requirement cited, a timer run
out) are the deciders'."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic

from bot.campaign.life.capacity import EITHER_SIDE, Capacity, Mover, capacities, who_words
from bot.campaign.life.deliverable_life import (
    BEFORE_LIVE,
    CLEARED,
    READY_FOR_DRAFT,
    DeliverablePhase,
)
from bot.campaign.life.milestone_life import DISPUTABLE, MilestonePhase
from bot.campaign.life.moves import Move, PhaseT
from bot.domain.errors import Refusal


class Condition(StrEnum):
    """When a rule holds, given whether the agreement requires approval of drafts."""

    ALWAYS = "always"
    APPROVAL_REQUIRED = "approval required"
    NO_APPROVAL = "no approval required"

    def holds(self, approval_required: bool) -> bool:
        if self is Condition.ALWAYS:
            return True
        return approval_required == (self is Condition.APPROVAL_REQUIRED)


@dataclass(frozen=True)
class CampaignRule(Generic[PhaseT]):
    move: Move
    summary: str
    who: frozenset[Capacity]
    phases: frozenset[PhaseT]
    condition: Condition = Condition.ALWAYS


_D = DeliverablePhase
_M = MilestonePhase
CREATOR_SIDE = frozenset({Capacity.CREATOR_SIDE})
APPROVER = frozenset({Capacity.APPROVER})
SYSTEM = frozenset({Capacity.SYSTEM})
_REVIEW = frozenset({_D.DRAFT_SUBMITTED})

DELIVERABLE_RULES: tuple[CampaignRule[DeliverablePhase], ...] = (
    CampaignRule(Move.CONFIRM_PRODUCT_RECEIVED, "the product arrived: production starts",
                 CREATOR_SIDE, frozenset({_D.AWAITING_PRODUCT})),
    CampaignRule(Move.SUBMIT_DRAFT, "hand in a draft for review", CREATOR_SIDE, READY_FOR_DRAFT),
    CampaignRule(Move.APPROVE, "approve the draft", APPROVER, _REVIEW,
                 Condition.APPROVAL_REQUIRED),
    CampaignRule(Move.REQUEST_CHANGES, "ask for changes: one subjective edit round", APPROVER,
                 _REVIEW, Condition.APPROVAL_REQUIRED),
    CampaignRule(Move.REJECT, "reject the draft, citing an objective requirement", APPROVER,
                 _REVIEW, Condition.APPROVAL_REQUIRED),
    CampaignRule(Move.AUTO_APPROVE, "the review window passed in silence: approved", SYSTEM,
                 _REVIEW, Condition.APPROVAL_REQUIRED),
    CampaignRule(Move.MARK_LIVE, "the approved draft is published", CREATOR_SIDE, CLEARED),
    CampaignRule(Move.MARK_LIVE, "the draft is published (no approval needed)", CREATOR_SIDE,
                 _REVIEW, Condition.NO_APPROVAL),
    CampaignRule(Move.KEEP_LIVE_DONE, "the keep-live days passed: done", SYSTEM,
                 frozenset({_D.LIVE})),
    CampaignRule(Move.REPORT_TAKEN_DOWN, "the post came down before the keep-live days ended",
                 EITHER_SIDE, frozenset({_D.LIVE})),
    CampaignRule(Move.CANCEL, "cancel the deliverable (the stage decides the kill fee)",
                 EITHER_SIDE, BEFORE_LIVE),
)

MILESTONE_RULES: tuple[CampaignRule[MilestonePhase], ...] = (
    CampaignRule(Move.TRIGGER_DUE, "the trigger happened: due after the net days", SYSTEM,
                 frozenset({_M.PENDING})),
    CampaignRule(Move.INVOICE, "send the invoice", frozenset({Capacity.PAYEE}),
                 frozenset({_M.DUE})),
    CampaignRule(Move.MARK_PAID, "mark the invoice paid", frozenset({Capacity.PAYER}),
                 frozenset({_M.INVOICED})),
    CampaignRule(Move.CONFIRM_PAYMENT, "confirm the money arrived", frozenset({Capacity.PAYEE}),
                 frozenset({_M.PAID})),
    CampaignRule(Move.DISPUTE, "dispute the milestone: it goes to a case", EITHER_SIDE,
                 DISPUTABLE),
)


def permitted(
    rules: tuple[CampaignRule[PhaseT], ...],
    move: Move,
    phase: PhaseT,
    who: frozenset[Capacity],
    approval_required: bool = True,
) -> bool:
    """Whether some rule lets one acting as `who` make `move` in `phase`."""
    return any(
        rule.move is move and rule.who & who and phase in rule.phases
        and rule.condition.holds(approval_required)
        for rule in rules
    )


def possible_now(
    rules: tuple[CampaignRule[PhaseT], ...],
    phase: PhaseT,
    who: frozenset[Capacity],
    approval_required: bool = True,
) -> tuple[str, ...]:
    """The moves one acting as `who` may make in `phase`, in the table's order."""
    moves = [rule.move.value for rule in rules
             if permitted(rules, rule.move, phase, who, approval_required)]
    return tuple(dict.fromkeys(moves))


def check(
    rules: tuple[CampaignRule[PhaseT], ...],
    move: Move,
    phase: PhaseT,
    mover: Mover,
    where: str,
    approval_required: bool = True,
) -> None:
    """Refuse `move` unless the table allows it, saying why and what is possible instead.

    `where` names the thing and its phase for the refusal: `deliverable reel-1 is live`.
    Whether the agreement requires approval of drafts matters to deliverables only.
    """
    who = capacities(mover)
    if permitted(rules, move, phase, who, approval_required):
        return
    possible = possible_now(rules, phase, who, approval_required)
    if not who:
        raise Refusal(f"Only the parties to this campaign can act on it ({where}).")
    own = [rule for rule in rules if rule.move is move and rule.who & who]
    if not own:
        allowed = frozenset().union(*(rule.who for rule in rules if rule.move is move))
        raise Refusal(f"Only {who_words(allowed)} can `{move}`.", possible)
    in_phase = [rule for rule in own if phase in rule.phases]
    if not in_phase:
        raise Refusal(f"`{move}` is not possible now: {where}.", possible)
    if approval_required:
        raise Refusal(f"`{move}` needs an approved draft: this agreement requires approval "
                      f"({where}).", possible)
    raise Refusal(f"`{move}` does not apply: this agreement needs no approval of drafts "
                  f"({where}).", possible)
