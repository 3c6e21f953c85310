"""A case's state as a fold over its journal entries: `apply(case, entry)` returns the next
state. The same fold runs when a command is decided, when a process warms its cache, and when
`mediator verify` rebuilds a case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from bot.domain import kinds
from bot.domain.bidding_fold import BIDDING_FOLDS
from bot.domain.bidding_fold import KEY as BIDDING_KEY
from bot.domain.case import Agreement, Case, Evidence, FollowUp, Mediator, Proposal, ThreadMessage
from bot.domain.clock import parse_time
from bot.domain.erasure import ERASED
from bot.domain.identity import Party, Side
from bot.domain.journal import JournalEntry
from bot.domain.phases import ClosedReason, Phase
from bot.domain.retention_fold import RETENTION_FOLDS
from bot.domain.review_fold import REVIEW_FOLDS
from bot.domain.roster import ROSTER_FOLDS


def replay(entries: Iterable[JournalEntry]) -> Case | None:
    """The state after all `entries` (in order), or None for no entries."""
    case: Case | None = None
    for entry in entries:
        case = apply(case, entry)
    return case


def apply(case: Case | None, entry: JournalEntry) -> Case:
    """The state after one more entry."""
    p = entry.payload
    if case is None:
        if entry.kind != kinds.CASE_OPENED:
            raise ValueError(f"a case must start with {kinds.CASE_OPENED}, not {entry.kind}")
        case = Case(
            id=entry.case_id,
            community_id=p["community_id"],
            title=p["title"],
            details=dict(p["details"]),
            claimant=Party.from_json(p["claimant"]),
            respondent=Party.from_json(p["respondent"]),
            opened_at=parse_time(entry.at),
            deadlines={"response": parse_time(p["response_due"])},
            campaign=p.get("campaign"),
        )
        return replace(case, version=entry.seq, last_hash=entry.hash)
    handler = _FOLDS.get(entry.kind)
    changes = handler(case, entry, p) if handler else {}
    return evolve(case, version=entry.seq, last_hash=entry.hash, **changes)


def evolve(case: Case, **changes: Any) -> Case:
    """The case with `changes`, as `dataclasses.replace` makes it but without re-running
    `__init__`: folding runs once per entry, and most entries change only the version and the
    last hash. The one constructor that skips `__init__`; `tests/domain/test_fold.py` holds it
    to `replace` over whole mediations (so `Case` must not grow a `__post_init__`)."""
    fields = case.__dict__.copy()
    fields.update(changes)
    evolved = object.__new__(Case)
    object.__setattr__(evolved, "__dict__", fields)  # (a frozen dataclass refuses setattr)
    return evolved


Changes = dict[str, Any]


def _joined(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {
        "binding": p.get("decisions") == "binding",
        "party_review": p.get("review_by") == "party",
        "phase": Phase.STATEMENTS,
        "deadlines": {
            "statements": parse_time(p["statements_due"]),
            "evidence": parse_time(p["evidence_due"]),
        },
    }


def _closed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"phase": Phase.CLOSED, "closed_reason": ClosedReason(p["reason"]), "deadlines": {},
            "closed_at": parse_time(entry.at), "closed_from": case.phase}


def _statement(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    statements = dict(case.statements)
    statements[Side(p["side"])] = dict(p["statement"])
    return {"statements": statements}


def _revealed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    deadlines = {k: v for k, v in case.deadlines.items() if k != "statements"}
    return {"revealed": True, "phase": Phase.NEGOTIATION, "deadlines": deadlines}


def _evidence(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    item = Evidence(
        seq=entry.seq,
        sha256=p["sha256"],
        size=p["size"],
        media_type=p["media_type"],
        filename=p["filename"],
        description=p["description"],
        uploader=entry.actor_id,
        at=entry.at,
        late=p["late"],
    )
    return {"evidence": (*case.evidence, item)}


def _set_proposal(case: Case, number: int, **changes: Any) -> dict[int, Proposal]:
    proposals = dict(case.proposals)
    proposals[number] = replace(proposals[number], **changes)
    return proposals


def _proposed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    number = p["number"]
    proposals = dict(case.proposals)
    deadlines = dict(case.deadlines)
    answers = p.get("answers")
    if answers is not None:
        proposals[answers] = replace(proposals[answers], status="countered")
        deadlines.pop(f"proposal:{answers}", None)
    expires = parse_time(p["expires_at"])
    proposals[number] = Proposal(
        number=number, by=Side(p["by"]), answers=answers, terms=dict(p["terms"]), expires_at=expires
    )
    deadlines[f"proposal:{number}"] = expires
    return {"proposals": proposals, "deadlines": deadlines}


def _proposal_status(status: str) -> Any:
    def fold(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
        number = p["number"]
        return {
            "proposals": _set_proposal(case, number, status=status),
            "deadlines": case.deadlines_but(f"proposal:{number}"),
        }

    return fold


def _agreement_drafted(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    deadlines = {k: v for k, v in case.deadlines.items()
                 if not k.startswith(("proposal:", BIDDING_KEY))}
    followups = tuple(FollowUp.from_json(f) for f in p.get("followups", ()))
    return {
        "phase": Phase.AGREEMENT,
        "agreement": Agreement(proposal=p["proposal"], text=p["text"], text_hash=p["text_hash"],
                               followups=followups),
        "deadlines": deadlines,
    }


def _signed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    assert case.agreement is not None
    agreement = replace(case.agreement, signed={**case.agreement.signed, Side(p["side"]): entry.at})
    changes: Changes = {"agreement": agreement}
    if agreement.fully_signed and agreement.followups:
        # Signed: the case is settled, and what the agreement promises by a date is watched.
        changes["phase"] = Phase.COMPLIANCE
        changes["deadlines"] = {**case.deadlines,
                                **{f"followup:{f.number}": f.due_at for f in agreement.followups}}
    return changes


def _followup(case: Case, number: int, **changes: Any) -> Changes:
    assert case.agreement is not None
    followups = tuple(replace(f, **changes) if f.number == number else f
                      for f in case.agreement.followups)
    return {"agreement": replace(case.agreement, followups=followups)}


def _followup_confirmed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    assert case.agreement is not None
    number = p["number"]
    current = case.agreement.followup(number)
    assert current is not None
    changes = _followup(case, number, confirmed=current.confirmed | {Side(p["side"])})
    if len(current.confirmed) + 1 == len(Side):
        changes["deadlines"] = case.deadlines_but(f"followup:{number}")
    return changes


def _followup_overdue(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    number = p["number"]
    return {**_followup(case, number, overdue=True),
            "deadlines": case.deadlines_but(f"followup:{number}")}


def _deadline_passed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"deadlines": case.deadlines_but(p["key"])}


def _reminder_sent(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"reminded": case.reminded | {p["key"]}}


def _figures(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    if ERASED in p:  # its figures are gone: nothing to judge on
        return {}
    return {"reports": (*case.reports, p)}


def _evidence_closed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"evidence_closed": True, "deadlines": case.deadlines_but("evidence")}


def _mediator_requested(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"mediation_requested": True}


def _mediator_assigned(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    m = p["mediator"]
    return {"mediator": Mediator(m["user_id"], m["name"])}


def _caucus(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"caucuses": case.caucuses | {Side(p["side"])}}


def _message(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    ref = p["ref"]
    return {"messages": case.messages.set(ref, ThreadMessage(ref, entry.actor_id, p["room"]))}


def _edited(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    ref = p["ref"]
    known = case.messages.get(ref)
    if known is None:
        known = ThreadMessage(ref=ref, author_id=entry.actor_id, room=p["room"], versions=0)
    return {"messages": case.messages.set(ref, known._replace(versions=p["version"]))}


def _deleted(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    ref = p["ref"]
    known = case.messages.get(ref)
    if known is None:
        return {}
    return {"messages": case.messages.set(ref, known._replace(deleted=True))}


_FOLDS = {
    kinds.CASE_JOINED: _joined,
    kinds.CASE_CLOSED: _closed,
    kinds.STATEMENT_SUBMITTED: _statement,
    kinds.STATEMENTS_REVEALED: _revealed,
    kinds.EVIDENCE_ADDED: _evidence,
    kinds.METRICS_REPORTED: _figures,
    kinds.PROPOSAL_MADE: _proposed,
    kinds.PROPOSAL_ACCEPTED: _proposal_status("accepted"),
    kinds.PROPOSAL_REJECTED: _proposal_status("rejected"),
    kinds.PROPOSAL_WITHDRAWN: _proposal_status("withdrawn"),
    kinds.PROPOSAL_SUPERSEDED: _proposal_status("superseded"),
    kinds.PROPOSAL_EXPIRED: _proposal_status("expired"),
    kinds.FOLLOWUP_CONFIRMED: _followup_confirmed,
    kinds.FOLLOWUP_OVERDUE: _followup_overdue,
    kinds.DEADLINE_PASSED: _deadline_passed,
    kinds.REMINDER_SENT: _reminder_sent,
    kinds.EVIDENCE_WINDOW_CLOSED: _evidence_closed,
    kinds.AGREEMENT_DRAFTED: _agreement_drafted,
    kinds.AGREEMENT_SIGNED: _signed,
    kinds.MEDIATOR_REQUESTED: _mediator_requested,
    kinds.MEDIATOR_ASSIGNED: _mediator_assigned,
    kinds.CAUCUS_OPENED: _caucus,
    kinds.MESSAGE_POSTED: _message,
    kinds.MESSAGE_EDITED: _edited,
    kinds.MESSAGE_DELETED: _deleted,
    **RETENTION_FOLDS,
    **BIDDING_FOLDS,
    **ROSTER_FOLDS,
    **REVIEW_FOLDS,
}
