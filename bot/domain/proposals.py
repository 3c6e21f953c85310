"""The numbered proposal ledger: propose, counter, accept, reject, withdraw; expiry is data.

Every amount in a case is in the case's currency (the claim's, or else the first one
proposed): a proposal in another is refused, so that both sides compare like with like."""

from __future__ import annotations

from collections.abc import Mapping
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


def case_currency(case: Case) -> str | None:
    """The currency every amount in `case` is in: the claim's, else the first proposed."""
    if case.details.get("currency"):
        return case.details["currency"]
    return next((p.terms["currency"] for p in case.proposals.values()
                 if p.terms.get("currency")), None)


def _in_case_currency(case: Case, terms: Mapping[str, str]) -> bool:
    wanted = case_currency(case)
    return wanted is None or terms.get("currency") in (None, "", wanted)


def answerable(case: Case, side: Side | None, now: datetime) -> list[Proposal]:
    """The other side's proposals `side` may answer now (counter or reject)."""
    return [p for p in case.proposals.values()
            if side is not None and p.by is side.other and p.is_open_at(now)]


def acceptable(case: Case, side: Side | None, now: datetime) -> list[Proposal]:
    """The proposals `side` may accept now: answerable and in the case's currency."""
    return [p for p in answerable(case, side, now) if _in_case_currency(case, p.terms)]


def withdrawable(case: Case, side: Side | None, now: datetime) -> list[Proposal]:
    """`side`'s own proposals still open now."""
    return [p for p in case.proposals.values() if p.by is side and p.is_open_at(now)]


def _made(case: Case, side: Side, terms: dict[str, str], answers: int | None,
          now: datetime, policy: Policy) -> Event:
    if not _in_case_currency(case, terms):
        wanted = case_currency(case)
        raise Refusal(
            f"Case {case.id} is in {wanted}: give the amount in {wanted}, not "
            f"{terms['currency']}. Convert it yourself (you may note the rate under further "
            "terms), so that both sides compare like with like."
        )
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
    if not _in_case_currency(case, proposal.terms):
        wanted = case_currency(case)
        raise Refusal(
            f"Proposal #{proposal.number} is in {proposal.terms['currency']}, but case {case.id} "
            f"is in {wanted}: counter it with the amount in {wanted} (`counter "
            f"{proposal.number}`)."
        )
    accepted = Event(kinds.PROPOSAL_ACCEPTED, {"number": proposal.number})
    # One agreement: every other proposal still open is closed by it, and the journal says so.
    superseded = [Event(kinds.PROPOSAL_SUPERSEDED, {"number": other.number,
                                                    "by": proposal.number})
                  for other in case.proposals.values()
                  if other.number != proposal.number and other.is_open_at(now)]
    return [accepted, *superseded, draft(case, proposal, accepted_by=case.party(side), now=now)]


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
