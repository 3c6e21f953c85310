"""Deciding a command: gate it by the rules table, let the concept's module decide the events,
then chain and fold them, checking every phase change against the machine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.domain import (
    agreement,
    bidding,
    conversation,
    deadlines,
    evidence,
    mediation,
    opening,
    proposals,
    retention,
    review,
    roster,
    ruling,
    statements,
)
from bot.domain.case import Case
from bot.domain.commands import (
    Accept,
    AddEvidence,
    AnswerBidding,
    Bid,
    Caucus,
    Close,
    Command,
    Confirm,
    Counter,
    Decline,
    DeleteMessage,
    EditMessage,
    EraseContent,
    FireDeadline,
    HoldCase,
    Join,
    Note,
    OpenCase,
    PostMessage,
    Propose,
    ProposeBidding,
    Reject,
    RequestMediator,
    Sign,
    SubmitStatement,
    Take,
    Withdraw,
    WithdrawProposal,
)
from bot.domain.errors import Refusal
from bot.domain.fold import apply
from bot.domain.identity import Actor, Role
from bot.domain.journal import GENESIS_HASH, Event, JournalEntry, chain
from bot.domain.machine import check_transition
from bot.domain.offers import possible_moves
from bot.domain.policy import Policy
from bot.domain.review_commands import (
    AddObserver,
    AnswerRecommendation,
    Appeal,
    Decide,
    HandOff,
    OpenReview,
    Recommend,
    RemoveObserver,
    Reopen,
    SubmitPosition,
    Uphold,
)
from bot.domain.rules import RULES_BY_NAME, check

Decider = Callable[[Case, Any, Actor, Role, datetime, Policy], list[Event]]

_DECIDERS: dict[type[Command], Decider] = {
    Join: opening.join,
    Decline: opening.decline,
    Withdraw: opening.withdraw,
    SubmitStatement: statements.submit,
    AddEvidence: evidence.add,
    Propose: proposals.propose,
    Counter: proposals.counter,
    Accept: proposals.accept,
    Reject: proposals.reject,
    WithdrawProposal: proposals.withdraw,
    Sign: agreement.sign,
    Confirm: agreement.confirm,
    FireDeadline: deadlines.fire,
    EraseContent: retention.erase,
    HoldCase: retention.hold,
    ProposeBidding: bidding.propose,
    AnswerBidding: bidding.answer,
    Bid: bidding.bid,
    RequestMediator: mediation.request,
    Take: mediation.take,
    Caucus: mediation.caucus,
    Note: mediation.note,
    Close: mediation.close,
    HandOff: roster.hand_off,
    AddObserver: roster.add_observer,
    RemoveObserver: roster.remove_observer,
    OpenReview: review.open_review,
    SubmitPosition: review.position,
    Recommend: review.recommend,
    AnswerRecommendation: review.answer,
    Decide: ruling.decide,
    Appeal: ruling.appeal,
    Uphold: ruling.uphold,
    Reopen: ruling.reopen,
    PostMessage: conversation.post,
    EditMessage: conversation.edit,
    DeleteMessage: conversation.delete,
}


def gate(case: Case, subcommand: str, actor: Actor, now: datetime | None = None) -> Role:
    """The actor's role in `case`, after checking the rules table admits the subcommand.
    With `now`, a refusal lists exactly the moves that would not be refused instead (as
    `help` does), not every move the table admits in the phase."""
    role = case.role_of(actor)
    rule = RULES_BY_NAME.get(subcommand)
    if rule is not None and role is Role.OUTSIDER and actor.user_id in case.recused:
        raise Refusal(f"You have stepped aside from case {case.id}: another mediator has it "
                      "now, and only they see its caucuses, notes and sealed entries.")
    if rule is not None and case.taken_from(actor):
        try:
            check(rule, case.phase, Role.MEDIATOR, case.id)
        except Refusal as refusal:
            raise Refusal(refusal.reason) from None  # nothing here is possible for them
        raise mediation.taken(case)
    if rule is not None:
        try:
            check(rule, case.phase, role, case.id)
        except Refusal as refusal:
            if now is None or not refusal.possible:
                raise
            raise Refusal(refusal.reason, possible_moves(case, actor, now)) from None
    return role


def decide(
    case: Case | None, command: Command, actor: Actor, now: datetime, policy: Policy
) -> list[Event]:
    """The events `command` causes, or a Refusal saying why not. Pure: nothing is written."""
    if isinstance(command, OpenCase):
        return opening.open_case(command, actor, now, policy)
    if case is None:
        raise ValueError("only `open` acts without a case")
    role = gate(case, command.subcommand, actor, now)
    events = _DECIDERS[type(command)](case, command, actor, role, now, policy)
    return retention.with_retention(case, events, now, policy)


def record(
    case: Case | None,
    case_id: str,
    events: Sequence[Event],
    *,
    actor: Actor,
    now: datetime,
    source: str | None,
) -> tuple[list[JournalEntry], Case]:
    """Chain `events` after `case`'s last entry and fold them into the next state."""
    role = case.role_of(actor) if case is not None else Role.CLAIMANT
    entries = chain(
        case_id,
        events,
        actor=actor,
        role=role,
        now=now,
        after_seq=case.version if case else 0,
        after_hash=case.last_hash if case else GENESIS_HASH,
        source=source,
    )
    state = case
    for entry in entries:
        before = state.phase if state is not None else None
        state = apply(state, entry)
        check_transition(before, state.phase, entry.kind)
    assert state is not None
    return entries, state
