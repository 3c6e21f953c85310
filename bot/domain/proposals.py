"""The numbered proposal ledger: propose, counter, accept, reject, withdraw; expiry is data."""

from __future__ import annotations

from datetime import datetime

from bot.domain import kinds
from bot.domain.agreement import draft, followup_due
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import Accept, Counter, Propose, Reject, WithdrawProposal
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role, Side
from bot.domain.journal import Event
from bot.domain.policy import Policy
from bot.domain.records import Proposal


def _side(case: Case, actor: Actor) -> Side:
    side = case.side_of(actor)
    assert side is not None  # the rule admits parties only
    return side


def _proposal(case: Case, number: int) -> Proposal:
    proposal = case.proposals.get(number)
    if proposal is None:
        known = ", ".join(f"#{n}" for n in case.proposals) or "none yet"
        raise Refusal(f"There is no proposal #{number} in case {case.id} (proposals: {known}).")
    return proposal


def _require_open(proposal: Proposal, now: datetime) -> None:
    status = proposal.status_at(now)
    if status == "open":
        return
    if status == "expired":
        raise Refusal(
            f"Proposal #{proposal.number} expired at {format_time(proposal.expires_at)}: "
            "make a new proposal instead."
        )
    raise Refusal(f"Proposal #{proposal.number} is no longer open: it was {status}.")


def _made(case: Case, side: Side, terms: dict[str, str], answers: int | None,
          now: datetime, policy: Policy) -> Event:
    if terms.get("followup_due") and followup_due(terms["followup_due"]) <= now:
        raise Refusal("A follow-up must be due on a day that has not passed yet.")
    return Event(
        kinds.PROPOSAL_MADE,
        {
            "number": case.next_proposal_number(),
            "by": side.value,
            "answers": answers,
            "terms": terms,
            "expires_at": format_time(now + policy.proposal_window),
        },
    )


def propose(case: Case, command: Propose, actor: Actor, role: Role, now: datetime,
            policy: Policy) -> list[Event]:
    return [_made(case, _side(case, actor), dict(command.terms), None, now, policy)]


def counter(case: Case, command: Counter, actor: Actor, role: Role, now: datetime,
            policy: Policy) -> list[Event]:
    side = _side(case, actor)
    answered = _proposal(case, command.number)
    if answered.by is side:
        raise Refusal(
            f"Proposal #{answered.number} is your own: withdraw it or make a new proposal."
        )
    _require_open(answered, now)
    return [_made(case, side, dict(command.terms), answered.number, now, policy)]


def accept(case: Case, command: Accept, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    side = _side(case, actor)
    proposal = _proposal(case, command.number)
    if proposal.by is side:
        raise Refusal(f"You cannot accept your own proposal #{proposal.number}.")
    _require_open(proposal, now)
    accepted = Event(kinds.PROPOSAL_ACCEPTED, {"number": proposal.number})
    return [accepted, draft(case, proposal, accepted_by=case.party(side), now=now)]


def reject(case: Case, command: Reject, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    side = _side(case, actor)
    proposal = _proposal(case, command.number)
    if proposal.by is side:
        raise Refusal(
            f"Proposal #{proposal.number} is your own: use withdraw-proposal {proposal.number}."
        )
    _require_open(proposal, now)
    return [Event(kinds.PROPOSAL_REJECTED, {"number": proposal.number, "reason": command.reason})]


def withdraw(case: Case, command: WithdrawProposal, actor: Actor, role: Role, now: datetime,
             policy: Policy) -> list[Event]:
    side = _side(case, actor)
    proposal = _proposal(case, command.number)
    if proposal.by is not side:
        raise Refusal(f"Only the side that made proposal #{proposal.number} can withdraw it.")
    _require_open(proposal, now)
    return [Event(kinds.PROPOSAL_WITHDRAWN, {"number": proposal.number})]
