"""The summary sections of an export, derived from the entries the viewer may see.

Everything here is a function of those entries alone, so a verifier re-derives the sections
from the chain and refuses a document whose summary says something its entries do not.
Nothing is taken from the folded `Case` of the whole journal: that knows the other side's
sealed statement and caucus, which a party's export must not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.domain import kinds
from bot.domain.case import Evidence
from bot.domain.clock import format_time
from bot.domain.erasure import ERASED, is_erased
from bot.domain.fold import replay
from bot.domain.journal import JournalEntry

# Sniffed media types (bot/input/file_kind.py) → the extension of the file's name inside a bundle.
# docs/exports.md lists them for verifiers written without this code: change both together.
_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/json": ".json",
}


def evidence_path(sha256: str, media_type: str) -> str:
    """Where a bundle keeps an evidence file: named by its hash, never by its given name."""
    return f"evidence/{sha256}{_EXTENSIONS.get(media_type, '.bin')}"


def sections(visible: Sequence[JournalEntry]) -> dict[str, Any]:
    """case, participants, statements, proposals, agreement, evidence and messages."""
    case = replay(visible)
    if case is None:
        raise ValueError("an export needs at least the case's opening entry")
    by_kind: dict[str, list[JournalEntry]] = {}
    for entry in visible:
        by_kind.setdefault(entry.kind, []).append(entry)
    participants: list[dict[str, Any]] = [
        {**case.claimant.to_json(), "role": "claimant"},
        {**case.respondent.to_json(), "role": "respondent"},
    ]
    if case.mediator is not None:
        participants.append({"user_id": case.mediator.user_id, "name": case.mediator.name,
                             "kind": None, "side": None, "role": "mediator"})
    participants += [{"user_id": o.user_id, "name": o.name, "kind": None, "side": o.side.value,
                      "role": "delegate" if o.acts else "observer"}
                     for o in case.observers.values()]
    made = {e.payload["number"]: e.seq for e in by_kind.get(kinds.PROPOSAL_MADE, [])}
    names = {e.actor_id: e.actor_name for e in visible}
    erased = {e.seq: e.payload[ERASED] for e in visible if is_erased(e)}
    agreement = None
    if case.agreement is not None:
        decided = case.agreement.decision is not None
        drafted = by_kind[kinds.DECISION_MADE if decided else kinds.AGREEMENT_DRAFTED][-1]
        agreement = {
            "seq": drafted.seq,
            "proposal": case.agreement.proposal,
            "text": case.agreement.text,
            "text_hash": case.agreement.text_hash,
            "signed": {side.value: at for side, at in case.agreement.signed.items()},
        }
        if decided:  # binding without signatures
            agreement["decision"] = case.agreement.decision
    rulings = [{"kind": what, "number": r.number, "mediator": r.by.name, "terms": dict(r.terms),
                "reasons": r.reasons, "cites": list(r.cites), "status": r.status,
                "due_at": format_time(r.due_at) if r.due_at else None,
                "answers": {side.value: answer for side, answer in r.answers.items()}}
               for what, each in (("recommendation", case.recommendations),
                                  ("decision", case.decisions)) for r in each]
    return {
        # Only where there are any: documents from before reviews existed still verify.
        **({"rulings": rulings} if rulings else {}),
        "case": {
            "id": case.id,
            "community_id": case.community_id,
            "title": case.title,
            "details": dict(case.details),
            "opened_at": format_time(case.opened_at),
            "phase": case.phase.value,
            "closed_reason": case.closed_reason.value if case.closed_reason else None,
            "mediation_requested": case.mediation_requested,
        },
        "participants": participants,
        "statements": [
            {"seq": e.seq, "side": e.payload["side"], "by": e.actor_name,
             "statement": e.payload["statement"], "amended": e.payload.get("amended", False)}
            for e in by_kind.get(kinds.STATEMENT_SUBMITTED, [])
        ],
        "proposals": [
            {"seq": made[p.number], "number": p.number, "by": p.by.value, "answers": p.answers,
             "terms": dict(p.terms), "expires_at": format_time(p.expires_at),
             "status": p.status}
            for p in case.proposals.values()
        ],
        "agreement": agreement,
        "evidence": [_evidence(item, names, erased.get(item.seq)) for item in case.evidence],
        "messages": _messages(visible),
    }


def _evidence(item: Evidence, names: dict[str, str], erased: Any) -> dict[str, Any]:
    """An evidence item; one whose content was erased has no file, and says when and why."""
    listed = {"seq": item.seq, "sha256": item.sha256, "size": item.size,
              "media_type": item.media_type, "filename": item.filename,
              "description": item.description,
              "uploader": {"id": item.uploader, "name": names.get(item.uploader, "")},
              "at": item.at, "late": item.late,
              "file": evidence_path(item.sha256, item.media_type)}
    if erased is not None:
        listed.update(file=None, erased=erased)
    return listed


_MESSAGE_KINDS = frozenset({kinds.MESSAGE_POSTED, kinds.MESSAGE_EDITED, kinds.MESSAGE_DELETED})


def _messages(visible: Sequence[JournalEntry]) -> list[dict[str, Any]]:
    """Every message with all its versions, in the order first posted; deletions marked."""
    messages: dict[str, dict[str, Any]] = {}
    for entry in visible:
        if entry.kind not in _MESSAGE_KINDS:
            continue
        p = entry.payload
        message = messages.get(p["ref"])
        if message is None:
            message = messages[p["ref"]] = {
                "ref": p["ref"], "room": p["room"],
                "author": {"id": entry.actor_id, "name": entry.actor_name},
                "versions": [], "deleted": None,
            }
        if entry.kind == kinds.MESSAGE_DELETED:
            message["deleted"] = {"seq": entry.seq, "at": entry.at}
        else:
            message["versions"].append({"version": p.get("version", 1), "seq": entry.seq,
                                        "at": entry.at, "text": p["text"]})
    return list(messages.values())
