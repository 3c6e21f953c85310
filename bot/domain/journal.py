"""The case journal: append-only entries linked by SHA-256 into one chain per case.

An entry's hash is SHA-256 over the canonical encoding (sorted keys, no spaces, UTF-8 JSON) of
its fields. Since hash version 2, what people said (the payload, as its canonical JSON text,
and the name they acted under) enters the hash only through a salted commitment: SHA-256 of
that content with a random salt kept beside it. A stub of an entry someone may not see then
reveals nothing that can be guessed, and the content (with its salt) can later be removed while
the chain still verifies. Entries written before (version 1) hash their content directly and
still verify. `docs/journal.md` describes both encodings for independent implementations.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from bot.domain.clock import format_time
from bot.domain.entry_hash import (
    canonical_json,
    commitment,
    flat_json,
    hashed_text,
    hashed_text_v2,
    is_flat,
    new_salt,
    sha256_hex,
)
from bot.domain.erasure import Erasures, is_erased
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role

GENESIS_HASH = "0" * 64
@dataclass(frozen=True)
class Event:
    """Something the domain decided happens: what becomes one journal entry."""

    kind: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    visibility: str = "all"


@dataclass(frozen=True)
class JournalEntry:
    """One entry of a case's journal, exactly as stored."""

    case_id: str
    seq: int
    at: str
    kind: str
    actor_id: str
    actor_name: str
    actor_role: str
    visibility: str
    payload_json: str
    source: str | None
    prev_hash: str
    hash: str
    salt: str | None = None  # version 2: the commitment's salt; None once content is erased
    content_hash: str | None = None  # version 2: the commitment; None for version 1 entries

    @property
    def hash_version(self) -> int:
        return 1 if self.content_hash is None else 2

    @cached_property
    def payload(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.payload_json)
        return value

    def hash_text(self) -> str:
        """The canonical JSON its hash covers, for its hash version."""
        if self.content_hash is not None:
            return hashed_text_v2(
                self.case_id, self.seq, self.at, self.kind, self.actor_id, self.actor_role,
                self.visibility, self.content_hash, self.source, self.prev_hash)
        return hashed_text(
            self.case_id, self.seq, self.at, self.kind, self.actor_id, self.actor_name,
            self.actor_role, self.visibility, self.payload_json, self.source, self.prev_hash)

    def computed_hash(self) -> str:
        return sha256_hex(self.hash_text().encode("utf-8"))

    def content_holds(self) -> bool:
        """Whether the content kept is the content committed to (version 2, with its salt);
        version 1 entries hash their content directly, so for them this is the hash's job.
        Content without its salt is never taken on trust: nothing vouches for it."""
        if self.content_hash is None:
            return True
        if self.salt is None:
            return False
        return commitment(self.salt, self.actor_name, self.payload_json) == self.content_hash




def chain(
    case_id: str,
    events: Sequence[Event],
    *,
    actor: Actor,
    role: Role,
    now: datetime,
    after_seq: int,
    after_hash: str,
    source: str | None,
    salt: Callable[[], str] = new_salt,
) -> list[JournalEntry]:
    """Turn decided events into entries that continue a case's chain.

    The first entry carries `source` (the platform event that caused it); later entries of the
    same command carry `source#2`, `source#3`, ... so every entry stays unique and idempotent.
    """
    entries: list[JournalEntry] = []
    prev = after_hash
    at = format_time(now)
    role_name = role.value
    for index, event in enumerate(events):
        seq = after_seq + index + 1
        entry_source = source if index == 0 or source is None else f"{source}#{index + 1}"
        payload = dict(event.payload)
        flat = is_flat(payload)
        payload_json = flat_json(payload) if flat else canonical_json(payload)
        entry_salt = salt()
        try:
            content = commitment(entry_salt, actor.name, payload_json)
            digest = sha256_hex(hashed_text_v2(
                case_id, seq, at, event.kind, actor.user_id, role_name, event.visibility,
                content, entry_source, prev,
            ).encode("utf-8"))
        except UnicodeEncodeError:
            # Adapters clean text and refuse malformed ids; should anything invalid still get
            # here (a lone surrogate), the journal says so instead of failing mid-write.
            raise Refusal("That cannot be recorded: it contains characters that are not "
                          "valid text. Nothing was recorded.") from None
        entry = JournalEntry(case_id, seq, at, event.kind, actor.user_id, actor.name,
                             role_name, event.visibility, payload_json, entry_source, prev,
                             digest, entry_salt, content)
        # The fold reads the payload as a reader of the stored text would: for flat text and
        # numbers that is the event's own dict, which spares a JSON parse. (`payload` is a
        # cached_property, which keeps its value in the instance's __dict__.)
        entry.__dict__["payload"] = payload if flat else json.loads(payload_json)
        entries.append(entry)
        prev = digest
    return entries


@dataclass(frozen=True)
class ChainProblem:
    """The first place where a case's chain does not hold."""

    case_id: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"case {self.case_id} entry {self.seq}: {self.reason}"


def verify_chain(case_id: str, entries: Iterable[JournalEntry]) -> ChainProblem | None:
    """Check one case's entries in order; return the first problem, or None when all match."""
    expected_seq = 1
    prev = GENESIS_HASH
    erasures = Erasures()
    for entry in entries:
        if entry.case_id != case_id:
            return ChainProblem(case_id, entry.seq, f"belongs to case {entry.case_id!r}")
        if entry.seq != expected_seq:
            return ChainProblem(
                case_id, expected_seq, f"missing (found entry {entry.seq} in its place)"
            )
        if entry.prev_hash != prev:
            return ChainProblem(case_id, entry.seq, "previous-hash link does not match")
        if not (entry.content_holds() or is_erased(entry)):
            return ChainProblem(case_id, entry.seq, "content does not match its commitment")
        if entry.computed_hash() != entry.hash:
            return ChainProblem(case_id, entry.seq, "content does not match its hash")
        problem = erasures.see(entry)
        if problem is not None:
            return ChainProblem(case_id, entry.seq, problem)
        prev = entry.hash
        expected_seq += 1
    unexplained = erasures.unexplained()
    if unexplained is not None:
        return ChainProblem(case_id, unexplained, "its content is missing, and the erasure "
                            "it names is not in the journal")
    return None
