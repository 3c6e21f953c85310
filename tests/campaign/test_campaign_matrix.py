"""The permission matrix: every move × phase × mover, for deliverables (under an agreement that
requires approval and one that does not) and for payment milestones. Where the table allows a
move the decider decides it along a declared edge; where it does not, the decider refuses and
says what is possible now. Then the table and the lifecycles are checked against each other,
and a few cells are spelled out as the rules read in words."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from bot.campaign.life.capacity import Mover, capacities
from bot.campaign.life.deliverable_commands import (
    Approve,
    AutoApprove,
    Cancel,
    ConfirmProductReceived,
    DeliverableCommand,
    KeepLiveDone,
    Reject,
    ReportTakenDown,
    RequestChanges,
    SubmitDraft,
)
from bot.campaign.life.deliverable_life import (
    DELIVERABLE_TRANSITIONS,
    DeliverablePhase,
    DeliverablePolicy,
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
from bot.campaign.life.milestone_life import MILESTONE_TRANSITIONS, MilestonePhase
from bot.campaign.life.milestone_moves import decide_milestone
from bot.campaign.life.moves import Move, declared
from bot.campaign.life.rules import (
    DELIVERABLE_RULES,
    MILESTONE_RULES,
    permitted,
    possible_now,
)
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM
from bot.domain.machine import UndeclaredTransition

from .life_examples import (
    ADA,
    BEA,
    BRUNO,
    CLEO,
    DAY,
    LIVE,
    MOVERS,
    NET_30,
    NO_APPROVAL,
    OTTO,
    POLICY,
    PUBLISHED,
    TOM,
    deliverable_in,
    milestone_in,
)

# Each move as it would be made, at a moment when its own timers allow it: only the table
# then stands between the move and the decision.
SOON = PUBLISHED + 10 * DAY
DELIVERABLE_EXAMPLES: dict[Move, tuple[DeliverableCommand, datetime]] = {
    Move.CONFIRM_PRODUCT_RECEIVED: (ConfirmProductReceived(), SOON),
    Move.SUBMIT_DRAFT: (SubmitDraft("https://drive.example/v9.mp4"), SOON),
    Move.APPROVE: (Approve(), SOON),
    Move.REQUEST_CHANGES: (RequestChanges("Less filter"), SOON),
    Move.REJECT: (Reject("mention_brand", "@glowco is missing"), SOON),
    Move.AUTO_APPROVE: (AutoApprove(), SOON),
    Move.MARK_LIVE: (LIVE, SOON),
    Move.KEEP_LIVE_DONE: (KeepLiveDone(), PUBLISHED + 30 * DAY),
    Move.REPORT_TAKEN_DOWN: (ReportTakenDown(), SOON),
    Move.CANCEL: (Cancel("budget cut"), SOON),
}
MILESTONE_EXAMPLES: dict[Move, tuple[MilestoneCommand, datetime]] = {
    Move.TRIGGER_DUE: (TriggerDue(PUBLISHED), SOON),
    Move.INVOICE: (Invoice("INV-7"), SOON),
    Move.MARK_PAID: (MarkPaid("wire 42"), SOON),
    Move.CONFIRM_PAYMENT: (ConfirmPayment(), SOON),
    Move.DISPUTE: (Dispute("amount short by 200 EUR"), SOON),
}
DELIVERABLE_EDGES = {(t.source, t.move): t for t in DELIVERABLE_TRANSITIONS}
MILESTONE_EDGES = {(t.source, t.move): t for t in MILESTONE_TRANSITIONS}


def _disagreement(
    cell: str, allowed: bool, possible: tuple[str, ...], outcome: object
) -> str | None:
    """What is wrong with a decider's outcome for one cell of the table, if anything."""
    if allowed and isinstance(outcome, Refusal):
        return f"{cell}: allowed by the table, refused: {outcome}"
    if not allowed and not isinstance(outcome, Refusal):
        return f"{cell}: not allowed by the table, decided"
    if isinstance(outcome, Refusal):
        if outcome.possible != possible:
            return f"{cell}: refusal offers {outcome.possible}, the table {possible}"
        if possible and f"Possible now: {', '.join(possible)}." not in str(outcome):
            return f"{cell}: refusal does not say what is possible: {outcome}"
    return None


@pytest.mark.parametrize("policy", [POLICY, NO_APPROVAL], ids=["approval", "no-approval"])
def test_every_deliverable_cell_agrees_with_its_decider(policy: DeliverablePolicy) -> None:
    wrong = []
    for move, phase, mover in itertools.product(DELIVERABLE_EXAMPLES, DeliverablePhase, MOVERS):
        command, now = DELIVERABLE_EXAMPLES[move]
        who = capacities(mover)
        allowed = permitted(DELIVERABLE_RULES, move, phase, who, policy.approval_required)
        possible = possible_now(DELIVERABLE_RULES, phase, who, policy.approval_required)
        outcome: object
        try:
            after, (event,) = decide_deliverable(deliverable_in(phase), command, mover, policy,
                                                 now)
            outcome = after
            if event.kind != DELIVERABLE_EDGES[(phase, move)].kind or after.phase is phase:
                wrong.append(f"{move} in {phase}: recorded {event.kind}, now {after.phase}")
        except Refusal as refusal:
            outcome = refusal
        cell = f"{move} in {phase} by {mover.name}"
        wrong.append(_disagreement(cell, allowed, possible, outcome) or "")
    assert [w for w in wrong if w] == []


def test_every_milestone_cell_agrees_with_its_decider() -> None:
    wrong = []
    for move, phase, mover in itertools.product(MILESTONE_EXAMPLES, MilestonePhase, MOVERS):
        command, now = MILESTONE_EXAMPLES[move]
        who = capacities(mover)
        outcome: object
        try:
            after, (event,) = decide_milestone(milestone_in(phase), command, mover, NET_30, now)
            outcome = after
            if event.kind != MILESTONE_EDGES[(phase, move)].kind or after.phase is phase:
                wrong.append(f"{move} in {phase}: recorded {event.kind}, now {after.phase}")
        except Refusal as refusal:
            outcome = refusal
        cell = f"{move} in {phase} by {mover.name}"
        allowed = permitted(MILESTONE_RULES, move, phase, who)
        wrong.append(_disagreement(cell, allowed, possible_now(MILESTONE_RULES, phase, who),
                                   outcome) or "")
    assert [w for w in wrong if w] == []


def test_every_cell_of_the_tables_is_a_declared_edge_and_every_edge_has_its_rule() -> None:
    for rules, edges in ((DELIVERABLE_RULES, DELIVERABLE_EDGES),
                         (MILESTONE_RULES, MILESTONE_EDGES)):
        cells = {(phase, rule.move) for rule in rules for phase in rule.phases}
        assert cells == {key for key in edges if key[1] is not None}


def test_every_move_belongs_to_exactly_one_lifecycle() -> None:
    deliverable = {rule.move for rule in DELIVERABLE_RULES}
    milestone = {rule.move for rule in MILESTONE_RULES}
    assert deliverable | milestone == set(Move)
    assert not deliverable & milestone
    assert set(DELIVERABLE_EXAMPLES) == deliverable
    assert set(MILESTONE_EXAMPLES) == milestone


# -- the rules in words ------------------------------------------------------------------------
D, M = DeliverablePhase, MilestonePhase


@pytest.mark.parametrize(
    ("move", "phase", "mover", "allowed"),
    [
        (Move.APPROVE, D.DRAFT_SUBMITTED, BEA, True),  # the brand holds the approver duty
        (Move.APPROVE, D.DRAFT_SUBMITTED, BRUNO, False),  # brand side, but not the approver
        (Move.APPROVE, D.DRAFT_SUBMITTED, SYSTEM, False),  # the bot approves only by silence
        (Move.AUTO_APPROVE, D.DRAFT_SUBMITTED, BEA, False),
        (Move.SUBMIT_DRAFT, D.IN_PRODUCTION, TOM, True),  # a talent manager acts for the creator
        (Move.SUBMIT_DRAFT, D.IN_PRODUCTION, ADA, False),
        (Move.SUBMIT_DRAFT, D.AWAITING_PRODUCT, CLEO, False),  # not before the product came
        (Move.CANCEL, D.APPROVED, CLEO, True),
        (Move.CANCEL, D.LIVE, BEA, False),
        (Move.REPORT_TAKEN_DOWN, D.LIVE, BRUNO, True),
        (Move.KEEP_LIVE_DONE, D.LIVE, CLEO, False),
    ],
)
def test_who_may_move_a_deliverable(
    move: Move, phase: DeliverablePhase, mover: Mover, allowed: bool
) -> None:
    assert permitted(DELIVERABLE_RULES, move, phase, capacities(mover), True) is allowed


@pytest.mark.parametrize(
    ("move", "phase", "mover", "allowed"),
    [
        (Move.MARK_PAID, M.INVOICED, ADA, True),  # the agency holds the money
        (Move.MARK_PAID, M.INVOICED, BEA, False),  # the brand, but not the payer here
        (Move.MARK_PAID, M.DUE, ADA, False),  # nothing to pay before the invoice
        (Move.INVOICE, M.DUE, CLEO, True),
        (Move.INVOICE, M.DUE, TOM, False),  # creator side, but not the payee
        (Move.CONFIRM_PAYMENT, M.PAID, CLEO, True),
        (Move.CONFIRM_PAYMENT, M.PAID, ADA, False),
        (Move.TRIGGER_DUE, M.PENDING, CLEO, False),  # the bot sees the trigger happen
        (Move.DISPUTE, M.PAID, ADA, True),
        (Move.DISPUTE, M.CONFIRMED, CLEO, False),
    ],
)
def test_who_may_move_a_milestone(
    move: Move, phase: MilestonePhase, mover: Mover, allowed: bool
) -> None:
    assert permitted(MILESTONE_RULES, move, phase, capacities(mover)) is allowed


def test_an_outsider_is_told_the_campaign_is_its_parties_business() -> None:
    with pytest.raises(Refusal, match=r"^Only the parties to this campaign can act on it") as no:
        decide_milestone(milestone_in(M.DUE), Dispute("me too"), OTTO, NET_30, SOON)
    assert no.value.possible == ()


def test_a_refusal_names_who_may_and_what_is_possible_instead() -> None:
    with pytest.raises(Refusal) as refused:
        decide_deliverable(deliverable_in(D.DRAFT_SUBMITTED), AutoApprove(), BEA, POLICY, SOON)
    assert str(refused.value) == (
        "Only the bot (when a timer runs out) can `auto_approve`. "
        "Possible now: approve, request_changes, reject, cancel.")


def test_a_step_along_an_undeclared_edge_is_a_programming_error() -> None:
    with pytest.raises(UndeclaredTransition, match="live -> approved by approve"):
        declared(DELIVERABLE_TRANSITIONS, D.LIVE, D.APPROVED, Move.APPROVE)
    assert declared(MILESTONE_TRANSITIONS, M.INVOICED, M.PAID, Move.MARK_PAID).kind == (
        "milestone_marked_paid")
