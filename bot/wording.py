"""What the bot says about each journal entry: announcements in the case's rooms and
notifications to people who are not looking. Plain text; adapters escape and format it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.domain.phases import ClosedReason
from bot.domain.proposals import case_currency
from bot.domain.visibility import side_only
from bot.outcome import ACTOR, THREAD, Reply, to_user

MEDIATORS = "mediators"

_REMINDER_ACTIONS = {
    "response": "`join` or `decline`",
    "statements": "submit your statement (`statement`)",
    "proposal": "answer proposal #N (`accept N`, `reject N` or `counter N`)",
    "followup": "confirm follow-up #N once it is done (`confirm N`)",
}

CLOSED_WORDS = {
    ClosedReason.SETTLED: "settled: both sides signed the agreement",
    ClosedReason.WITHDRAWN: "withdrawn by the party who opened it",
    ClosedReason.DECLINED: "declined by the respondent",
    ClosedReason.NO_RESPONSE: "closed: no response in time",
    ClosedReason.IMPASSE: "closed at an impasse, declared by the mediator",
    ClosedReason.CLOSED_BY_MEDIATOR: "closed by the mediator",
}


def when(stamp: str) -> str:
    """`2026-11-24T19:00:00.000000Z` → `2026-11-24 19:00 UTC`."""
    return f"{stamp[:10]} {stamp[11:16]} UTC"


def size_words(size: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size}"


def terms_words(terms: Mapping[str, Any]) -> str:
    parts = []
    if terms.get("amount"):
        parts.append(f"amount {terms['amount']} {terms.get('currency', '')}".rstrip())
    for key, label in (("deliverables", "deliverables"), ("dates", "dates"),
                       ("terms", "terms")):
        if terms.get(key):
            parts.append(f"{label}: {terms[key]}")
    return "; ".join(parts)


def statement_words(name: str, statement: Mapping[str, Any]) -> str:
    lines = [f"{name} ({statement.get('position', 'claim').replace('_', ' ')}):",
             f"  What happened: {statement.get('what_happened', '')}",
             f"  Wants: {statement.get('wants', '')}"]
    if statement.get("amount"):
        lines.append(f"  Amount: {statement['amount']} {statement.get('currency', '')}")
    return "\n".join(lines)


def _in_currency(case: Case) -> str:
    currency = case_currency(case)
    return f" (amounts in {currency}, the case's currency)" if currency else ""


# What people write in a case's rooms: the platform shows it already; the bot says nothing.
_SAID_IN_ROOMS = frozenset((kinds.MESSAGE_POSTED, kinds.MESSAGE_EDITED, kinds.MESSAGE_DELETED))


def replies_for(case: Case, entry: JournalEntry) -> list[Reply]:
    """The announcements and notifications one new entry causes, given the state after it."""
    if entry.kind in _SAID_IN_ROOMS:
        return []
    p = entry.payload
    who = entry.actor_name
    cid = case.id

    def thread(text: str) -> Reply:
        return Reply(THREAD, text, cid)

    def user(user_id: str, text: str) -> Reply:
        return Reply(to_user(user_id), text, cid)

    k = entry.kind
    if k == kinds.CASE_OPENED:
        d = case.details
        amount = f" Amount in dispute: {d['amount']} {d['currency']}." if d.get("amount") else ""
        due = when(p["response_due"])
        return [
            thread(
                f"Case {cid} opened by {case.claimant.name} ({case.claimant.kind}) with "
                f"{case.respondent.name} ({case.respondent.kind}): {case.title}. "
                f"Category: {d.get('category', 'other').replace('_', ' ')}.{amount}\n"
                f"Summary: {d.get('summary', '')}\n"
                f"{case.respondent.name}: please `join` or `decline` by {due}."
            ),
            user(
                case.respondent.user_id,
                f"{case.claimant.name} opened mediation case {cid} with you: {case.title}. "
                f"Answer by {due}: `/mediate join {cid}` or `/mediate decline {cid}`.",
            ),
        ]
    if k == kinds.CASE_JOINED:
        return [thread(
            f"{who} agreed to mediate. Both sides: submit your statement (`statement`) by "
            f"{when(p['statements_due'])}. Statements stay sealed until both are in. "
            f"Evidence is welcome until {when(p['evidence_due'])}."
        )]
    if k == kinds.CASE_CLOSED:
        note = f" Note: {p['note']}" if p.get("note") else ""
        return [thread(f"Case {cid} is {CLOSED_WORDS[ClosedReason(p['reason'])]}.{note}")]
    if k == kinds.STATEMENT_SUBMITTED:
        verb = "updated" if p.get("amended") else "submitted"
        return [
            thread(f"{who} {verb} a sealed statement."),
            Reply(ACTOR, "Your statement is recorded. It stays sealed until the other side's "
                  "is in.", cid),
        ]
    if k == kinds.STATEMENTS_REVEALED:
        statements = p["statements"]
        parts = [statement_words(case.party(Side(side)).name, statements[side])
                 for side in (case.claimant.side.value, case.respondent.side.value)
                 if side in statements]
        head = ("Both statements are in and now revealed:" if len(parts) == len(Side) else
                "The statement deadline passed; what was submitted is now revealed:"
                if parts else "The statement deadline passed with no statements.")
        return [thread("\n".join([head, *parts,
                                   f"Next: either side can `propose` settlement terms"
                                   f"{_in_currency(case)}."]))]
    if k == kinds.EVIDENCE_ADDED:
        late = " (late: after the evidence window)" if p["late"] else ""
        return [thread(
            f"Evidence from {who}: {p['filename']} ({p['media_type']}, {size_words(p['size'])})"
            f"{late}. SHA-256 {p['sha256']}."
            + (f" {p['description']}" if p.get("description") else "")
        )]
    if k == kinds.PROPOSAL_MADE:
        number = p["number"]
        answers = f" (counter to #{p['answers']})" if p.get("answers") else ""
        other = case.party(Side(p["by"]).other)
        text = (
            f"Proposal #{number} by {who}{answers}: {terms_words(p['terms']).rstrip('.')}. "
            f"Open until {when(p['expires_at'])}. {other.name} can `accept {number}`, "
            f"`reject {number}` or `counter {number}`."
        )
        return [thread(text), user(other.user_id, f"Case {cid}: {text}")]
    if k == kinds.PROPOSAL_ACCEPTED:
        return [thread(f"{who} accepted proposal #{p['number']}.")]
    if k == kinds.PROPOSAL_REJECTED:
        reason = f" Reason: {p['reason']}" if p.get("reason") else ""
        return [thread(f"{who} rejected proposal #{p['number']}.{reason}")]
    if k == kinds.PROPOSAL_WITHDRAWN:
        return [thread(f"{who} withdrew proposal #{p['number']}.")]
    if k == kinds.PROPOSAL_SUPERSEDED:
        return [thread(f"Proposal #{p['number']} is closed: superseded by the acceptance of "
                       f"proposal #{p['by']}.")]
    if k == kinds.AGREEMENT_DRAFTED:
        return [thread(
            f"Agreement drafted (SHA-256 {p['text_hash']}):\n{p['text']}\n"
            "Both sides: `sign` to confirm it."
        )]
    if k == kinds.AGREEMENT_SIGNED:
        signed = [thread(f"{who} signed the agreement (SHA-256 {p['text_hash']}).")]
        agreement = case.agreement
        if agreement is not None and agreement.fully_signed and agreement.followups:
            signed += [thread(
                f"Both sides signed. Follow-up #{f.number}: {f.what}, due by "
                f"{when(format_time(f.due_at))}; each side `confirm {f.number}` once it is done."
            ) for f in agreement.followups]
        return signed
    if k == kinds.FOLLOWUP_CONFIRMED:
        return [thread(f"{who} confirmed follow-up #{p['number']} was done.")]
    if k == kinds.FOLLOWUP_OVERDUE:
        followup = case.agreement.followup(p["number"]) if case.agreement else None
        what = f" ({followup.what})" if followup else ""
        text = (f"Follow-up #{p['number']}{what} of the agreement in case {cid} is overdue: "
                "not confirmed by both sides in time. The mediators are told.")
        return [thread(text), *(user(party.user_id, text) for party in case.parties())]
    if k == kinds.REMINDER_SENT:
        action = _REMINDER_ACTIONS.get(p["deadline"].partition(":")[0], "act")
        number = p["deadline"].partition(":")[2]
        text = (f"Reminder: case {cid} ({case.title}) waits for you to "
                f"{action.replace('N', number)} by {when(p['due_at'])}.")
        return [user(user_id, text) for user_id in p["to"]]
    if k == kinds.DEADLINE_PASSED:
        return [thread(f"The {p['key']} deadline of case {cid} passed.")]
    if k == kinds.EVIDENCE_WINDOW_CLOSED:
        return [thread("The evidence window closed: later evidence is still accepted, marked as "
                       "late.")]
    if k == kinds.PROPOSAL_EXPIRED:
        return [thread(f"Proposal #{p['number']} expired unanswered.")]
    if k == kinds.MEDIATOR_REQUESTED:
        reason = f" Reason: {p['reason']}" if p.get("reason") else ""
        asked = ("The case goes to the mediators' queue." if p.get("by") == "deadline"
                 else f"{who} asked for a mediator.")
        return [
            thread(f"{asked} A mediator will step in shortly.{reason}"),
            Reply(MEDIATORS, f"Case {cid} ({case.title}) asks for a mediator. "
                  f"Take it with `/mediate take {cid}`.", cid),
        ]
    if k == kinds.MEDIATOR_ASSIGNED:
        return [thread(f"{who} is now mediating case {cid}.")]
    if k == kinds.CAUCUS_OPENED:
        side = Side(p["side"])
        return [Reply(side_only(side), (
            f"{who} opened a private caucus with {p['party']}. What is written here is seen "
            "only by this side and the mediator."), cid)]
    if k == kinds.MEDIATOR_NOTE:
        return [Reply(ACTOR, "Note recorded; only mediators see it.", cid)]
    return []
