"""The agreement: drafted from an accepted proposal, its text hashed, signed by both sides."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import Confirm, Sign
from bot.domain.entry_hash import sha256_hex
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Party, Role, Side
from bot.domain.journal import Event
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import Policy
from bot.domain.records import Proposal

APPEAL_KEY = "appeal"  # the deadline of a decision's appeal window

TERM_LABELS = (
    ("amount", "Amount"),
    ("deliverables", "Deliverables"),
    ("dates", "Dates"),
    ("terms", "Further terms"),
)


def settlement_text(case: Case, how: str, terms: Mapping[str, str]) -> str:
    """A settlement's text: who, how it was reached, and its terms."""
    lines = [
        f"Settlement agreement for case {case.id}: {case.title}",
        "",
        f"Between {case.claimant.name} ({case.claimant.kind}) "
        f"and {case.respondent.name} ({case.respondent.kind}).",
        how,
        "",
        "Terms:",
        *terms_lines(terms),
    ]
    lines += [
        "",
        "By signing, each party confirms these terms settle the dispute recorded in this case.",
    ]
    return "\n".join(lines)


def terms_lines(terms: Mapping[str, str]) -> list[str]:
    """Settlement terms, one `- Label: value` line each, as an agreement or decision says them."""
    lines = []
    for key, label in TERM_LABELS:
        value = terms.get(key, "")
        if key == "amount" and value:
            value = f"{value} {terms.get('currency', '')}".strip()
        if value:
            lines.append(f"- {label}: {value}")
    if terms.get("followup") and terms.get("followup_due"):
        lines.append(f"- Follow-up #1: {terms['followup']}, by {terms['followup_due']}; "
                     "each side confirms it was done (`confirm 1`).")
    return lines


def followup_due(day: str) -> datetime:
    """A follow-up due on a day is due by the end of that day, UTC."""
    return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC) + timedelta(days=1)


def draft(case: Case, proposal: Proposal, accepted_by: Party, now: datetime) -> Event:
    proposer = case.party(proposal.by)
    return agreement_draft(case, proposal.number, proposal.terms,
                           f"Proposal #{proposal.number} by {proposer.name}, accepted by "
                           f"{accepted_by.name} on {format_time(now)}.")


def agreement_draft(case: Case, proposal: int | None, terms: Mapping[str, str],
                    how: str) -> Event:
    """The agreement to sign: from an accepted proposal, or (`proposal` None) from bids that
    met; `how` says which."""
    text = settlement_text(case, how, terms)
    return Event(
        kinds.AGREEMENT_DRAFTED,
        {"proposal": proposal, "text": text, "text_hash": sha256_hex(text.encode()),
         "followups": followups_of(terms)},
    )


def followups_of(terms: Mapping[str, str]) -> list[dict[str, object]]:
    """What settlement terms promise by a date, as the journal keeps it."""
    if not (terms.get("followup") and terms.get("followup_due")):
        return []
    due = followup_due(terms["followup_due"])
    return [{"number": 1, "what": terms["followup"], "due_at": format_time(due)}]


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
    if side.other in agreement.signed and not agreement.followups:
        events.append(closing(ClosedReason.SETTLED))
    return events


def closing(reason: ClosedReason) -> Event:
    """The case closes, settled or decided, with nothing more to say."""
    return Event(kinds.CASE_CLOSED, {"reason": reason.value, "note": ""})


def confirm(case: Case, command: Confirm, actor: Actor, role: Role, now: datetime,
            policy: Policy) -> list[Event]:
    """A side confirms a follow-up was done; when both sides have confirmed every one, the
    case is settled."""
    agreement = case.agreement
    if agreement is None or not agreement.in_force:
        raise Refusal("Follow-ups are confirmed once both sides have signed the agreement.")
    followup = agreement.followup(command.number)
    if followup is None:
        listed = ", ".join(f"#{f.number}" for f in agreement.followups) or "none"
        raise Refusal(f"There is no follow-up #{command.number} (follow-ups: {listed}).")
    side = case.side_of(actor)
    assert side is not None
    if side in followup.confirmed:
        raise Refusal(f"You have already confirmed follow-up #{followup.number}.")
    events = [Event(kinds.FOLLOWUP_CONFIRMED, {"number": followup.number, "side": side.value})]
    this_one_done = followup.confirmed | {side} == frozenset(Side)
    others_done = all(f.done for f in agreement.followups if f.number != followup.number)
    if this_one_done and others_done and case.phase is Phase.COMPLIANCE:
        events.append(closing(ClosedReason.SETTLED))
    elif this_one_done and others_done and APPEAL_KEY not in case.deadlines:
        events.append(closing(ClosedReason.DECIDED))  # carried out, and no longer open to appeal
    return events

