"""The agreement: drafted from an accepted proposal, its text hashed, signed by both sides."""

from __future__ import annotations

from datetime import datetime

from bot.domain import kinds
from bot.domain.case import Case, Proposal
from bot.domain.clock import format_time
from bot.domain.commands import Sign
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Party, Role
from bot.domain.journal import Event, sha256_hex
from bot.domain.phases import ClosedReason
from bot.domain.policy import Policy

TERM_LABELS = (
    ("amount", "Amount"),
    ("deliverables", "Deliverables"),
    ("dates", "Dates"),
    ("terms", "Further terms"),
)


def agreement_text(case: Case, proposal: Proposal, accepted_by: Party, now: datetime) -> str:
    """The text both sides sign. Deterministic: the same inputs give the same bytes."""
    proposer = case.party(proposal.by)
    terms = proposal.terms
    lines = [
        f"Settlement agreement for case {case.id}: {case.title}",
        "",
        f"Between {case.claimant.name} ({case.claimant.kind}) "
        f"and {case.respondent.name} ({case.respondent.kind}).",
        f"Proposal #{proposal.number} by {proposer.name}, accepted by {accepted_by.name} "
        f"on {format_time(now)}.",
        "",
        "Terms:",
    ]
    for key, label in TERM_LABELS:
        value = terms.get(key, "")
        if key == "amount" and value:
            value = f"{value} {terms.get('currency', '')}".strip()
        if value:
            lines.append(f"- {label}: {value}")
    lines += [
        "",
        "By signing, each party confirms these terms settle the dispute recorded in this case.",
    ]
    return "\n".join(lines)


def draft(case: Case, proposal: Proposal, accepted_by: Party, now: datetime) -> Event:
    text = agreement_text(case, proposal, accepted_by, now)
    return Event(
        kinds.AGREEMENT_DRAFTED,
        {"proposal": proposal.number, "text": text, "text_hash": sha256_hex(text.encode())},
    )


def sign(case: Case, command: Sign, actor: Actor, role: Role, now: datetime,
         policy: Policy) -> list[Event]:
    agreement = case.agreement
    if agreement is None:
        raise Refusal(f"There is no agreement to sign in case {case.id} yet.")
    side = case.side_of(actor)
    assert side is not None
    if side in agreement.signed:
        raise Refusal("You have already signed this agreement; waiting for the other side.")
    events = [Event(kinds.AGREEMENT_SIGNED, {"side": side.value,
                                             "text_hash": agreement.text_hash})]
    if side.other in agreement.signed:
        events.append(Event(kinds.CASE_CLOSED, {"reason": ClosedReason.SETTLED.value,
                                                "note": ""}))
    return events
