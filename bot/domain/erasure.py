"""Erasing content from a case's journal while its chain keeps verifying.

An entry of hash version 2 vouches for its content only through a salted commitment, so its
content and salt can be removed and its hash still links the chain. What is left of an erased
entry (its *remains*) is the entry's structure, which the case's state needs and which holds
nothing anyone wrote: sides, numbers, dates, ids, file hashes. Every piece of text, every name
and every amount is blanked, and the remains say when the content was erased, why, and by
which entry of the journal (`content_erased`, which lists what it erased).

Three operations remove content, each journaled: a community's retention (everything in a case
closed for its retention period, on the deadline machinery), an erasure request for one
person's content in a case (by an operator, with a reason), and neither while a legal hold is
on the case. Entries written before hash version 2 hash their content directly: they cannot be
erased without breaking the chain, and are kept (the erasure entry counts them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.domain import kinds
from bot.domain.entry_hash import canonical_json

if TYPE_CHECKING:
    from bot.domain.journal import JournalEntry

ERASED = "erased"  # the key of the remains' note: {"at", "reason", "entry"}
RETENTION = "retention"  # the reason retention gives

# The erasure's own record is never erased: it is what says content was removed.
RECORD_KINDS = frozenset({kinds.CONTENT_ERASED, kinds.LEGAL_HOLD_PLACED,
                          kinds.LEGAL_HOLD_LIFTED, kinds.RETENTION_SET})

# Keys whose values are structure, kept in the remains wherever they occur.
_KEPT = frozenset({
    "acts", "amended", "answer", "answers", "as", "as_of", "by", "category", "cause",
    "community_id", "currency", "day", "deadline", "decisions", "due_at", "evidence_due",
    "expires_at", "format", "format_version", "index", "key", "kind", "late", "media_type",
    "next", "number", "parser_version", "phase", "platform", "proposal", "rank", "ref",
    "replaces", "response_due", "review_by", "room", "round", "rounds", "scope", "sha256",
    "side", "size", "split", "statements_due", "text_hash", "to", "tolerance", "user_id",
    "verdict", "version",
})
# Keys that are structure in one kind only (a closing's reason is one of a few words; a
# rejection's is what someone wrote).
_KEPT_IN = {kinds.CASE_CLOSED: frozenset({"reason"})}


def remains(kind: str, payload: Mapping[str, Any], note: Mapping[str, Any]) -> dict[str, Any]:
    """What an erased entry keeps of its payload, with the erasure's `note`."""
    kept = _KEPT | _KEPT_IN.get(kind, frozenset())
    left = {key: _blank(value, _keeps(key, value, kept))
            for key, value in payload.items() if key != ERASED}
    left[ERASED] = dict(note)
    return left


def _keeps(key: str, value: Any, kept: frozenset[str] = _KEPT) -> bool:
    """Whether `value` is structure: under a kept key, and for `proposal` a proposal's number
    (a brief's computed outcome has its words, with amounts, under the same name)."""
    return key in kept and (key != "proposal" or type(value) is int)


def _blank(value: Any, kept: bool) -> Any:
    if kept:
        return value
    if isinstance(value, Mapping):
        return {key: _blank(inner, _keeps(key, inner)) for key, inner in value.items()}
    if isinstance(value, list):
        return [_blank(inner, False) for inner in value]
    if isinstance(value, str):
        return ""
    if isinstance(value, bool) or value is None:
        return value
    return None  # a number someone gave: an amount, a figure


def note(at: str, reason: str, entry: int) -> dict[str, Any]:
    return {"at": at, "reason": reason, "entry": entry}


def is_erased(entry: JournalEntry) -> bool:
    """Whether the entry's content was removed (version 2 without its salt)."""
    return entry.content_hash is not None and entry.salt is None


def erasable(entry: JournalEntry) -> bool:
    """Whether removing the entry's content keeps the chain (version 2, content still there,
    and not the erasure's own record)."""
    return (entry.content_hash is not None and entry.salt is not None
            and entry.kind not in RECORD_KINDS)


def of_person(entries: Sequence[JournalEntry], user_id: str) -> list[int]:
    """The entries an erasure of `user_id`'s content removes: everything they wrote, and the
    revealing of statements when one of theirs is among them (it repeats both)."""
    theirs = [e for e in entries if e.actor_id == user_id and e.kind not in RECORD_KINDS]
    seqs = {e.seq for e in theirs}
    if any(e.kind == kinds.STATEMENT_SUBMITTED for e in theirs):
        seqs |= {e.seq for e in entries if e.kind == kinds.STATEMENTS_REVEALED}
    return sorted(seqs)


def coverage(erasure: Mapping[str, Any]) -> Callable[[int], bool]:
    """Whether a `content_erased` payload covers an entry, by its seq: `through` N covers 1…N
    (compared, never counted out: a forger may make it huge), `entries` by one set."""
    through = erasure.get("through")
    if type(through) is int:
        return lambda seq: seq <= through
    listed = erasure.get("entries")
    numbers = frozenset(n for n in listed if type(n) is int) if isinstance(listed, list) \
        else frozenset()
    return numbers.__contains__


class Erasures:
    """Checks, in one pass over a chain, that every entry without its content was erased by a
    later `content_erased` entry that covers it, and holds nothing but its remains (no text,
    no name, no amount, no record of an erasure or hold) with that erasure's note."""

    def __init__(self) -> None:
        self._waiting: dict[int, dict[str, Any]] = {}  # an erased entry's seq -> its note

    def see(self, entry: JournalEntry) -> str | None:
        """Take the next entry; a problem with it, or None."""
        if is_erased(entry):
            made, problem = _remains(entry)
            if made is None:
                return problem
            self._waiting[entry.seq] = made
        elif entry.kind == kinds.CONTENT_ERASED and self._waiting:
            try:
                payload = json.loads(entry.payload_json)
            except (ValueError, RecursionError):
                payload = None
            if not isinstance(payload, dict):
                payload = {}
            made = {"at": entry.at, "reason": payload.get("reason"), "entry": entry.seq}
            covers = coverage(payload)
            for seq in [s for s, n in self._waiting.items() if n["entry"] == entry.seq]:
                if not covers(seq):
                    return f"entry {seq} names this erasure, which does not list it"
                if canonical_json(self._waiting[seq]) != canonical_json(made):
                    return f"entry {seq}'s erasure note is not what this erasure says"
                del self._waiting[seq]
        return None

    def unexplained(self) -> int | None:
        """The first erased entry whose erasure never came, or None."""
        return min(self._waiting) if self._waiting else None


def _remains(entry: JournalEntry) -> tuple[dict[str, Any] | None, str]:
    """An erased entry's note, when what it holds is its remains; else why not."""
    if entry.kind in RECORD_KINDS:
        return None, "an erasure's or a hold's record is never erased, yet its content is gone"
    try:
        payload = json.loads(entry.payload_json)
    except (ValueError, RecursionError):
        payload = None
    made = payload.get(ERASED) if isinstance(payload, dict) else None
    if not isinstance(made, dict) or set(made) != {"at", "reason", "entry"} \
            or type(made["entry"]) is not int or made["entry"] <= entry.seq:
        return None, "its content is missing, and no erasure is named for it"
    if entry.actor_name != "":
        return None, "its content is erased, yet it names its author"
    try:
        left = canonical_json(remains(entry.kind, payload, made))
    except (ValueError, RecursionError):
        left = ""
    if left != entry.payload_json:
        return None, "its content is erased, yet it holds more than its remains"
    return made, ""
