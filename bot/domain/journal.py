"""The case journal: append-only entries linked by SHA-256 into one chain per case.

An entry's hash is SHA-256 over the canonical encoding (sorted keys, no spaces, UTF-8 JSON) of
all its fields but the hash itself, with the payload embedded as its canonical JSON *text*. So
any change to any stored byte of an entry changes its hash, and a verifier needs nothing but the
rows: `docs/journal.md` describes the encoding for independent implementations.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from bot.domain.clock import format_time
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role

GENESIS_HASH = "0" * 64
# Payload values that read back from JSON exactly as they were written (floats may not).
_FLAT = frozenset({str, int, bool, type(None)})
HASH_VERSION = 1


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
# How that encoder writes one string (the same function it uses itself).
_quote = json.encoder.encode_basestring


def canonical_json(value: Any) -> str:
    """The one JSON text the journal hashes and stores for `value`."""
    return _CANONICAL.encode(value)


def _flat_json(payload: dict[str, Any]) -> str:
    """`canonical_json` of a flat payload (see `_flat`), written out directly: most payloads
    are a few strings, for which the general encoder's set-up costs more than the writing."""
    parts = []
    for key in sorted(payload):
        value = payload[key]
        if type(value) is str:
            text = _quote(value)
        elif value is None:
            text = "null"
        elif type(value) is bool:
            text = "true" if value else "false"
        else:
            text = int.__repr__(value)
        parts.append(f"{_quote(key)}:{text}")
    return "{" + ",".join(parts) + "}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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

    @cached_property
    def payload(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.payload_json)
        return value

    def hashed_fields(self) -> dict[str, Any]:
        return entry_fields(
            self.case_id,
            self.seq,
            self.at,
            self.kind,
            self.actor_id,
            self.actor_name,
            self.actor_role,
            self.visibility,
            self.payload_json,
            self.source,
            self.prev_hash,
        )

    def computed_hash(self) -> str:
        return sha256_hex(hashed_text(
            self.case_id, self.seq, self.at, self.kind, self.actor_id, self.actor_name,
            self.actor_role, self.visibility, self.payload_json, self.source, self.prev_hash,
        ).encode("utf-8"))




def _flat(payload: dict[str, Any]) -> bool:
    for key, value in payload.items():
        if type(key) is not str or type(value) not in _FLAT:
            return False
    return True


def entry_fields(
    case_id: str,
    seq: int,
    at: str,
    kind: str,
    actor_id: str,
    actor_name: str,
    actor_role: str,
    visibility: str,
    payload_json: str,
    source: str | None,
    prev_hash: str,
) -> dict[str, Any]:
    """The fields an entry's hash covers, under their canonical names."""
    return {
        "v": HASH_VERSION,
        "case": case_id,
        "seq": seq,
        "at": at,
        "kind": kind,
        "actor": {"id": actor_id, "name": actor_name, "role": actor_role},
        "visibility": visibility,
        "payload": payload_json,
        "source": source,
        "prev": prev_hash,
    }


def hashed_text(
    case_id: str,
    seq: int,
    at: str,
    kind: str,
    actor_id: str,
    actor_name: str,
    actor_role: str,
    visibility: str,
    payload_json: str,
    source: str | None,
    prev_hash: str,
) -> str:
    """`canonical_json(entry_fields(...))`, written out directly.

    Every entry is hashed when it is written and again whenever a chain is verified, and the
    general encoder sorts and walks the same fixed shape each time; this writes its keys in
    their sorted order and quotes each value as that encoder would (a test compares both)."""
    return (
        f'{{"actor":{{"id":{_quote(actor_id)},"name":{_quote(actor_name)},'
        f'"role":{_quote(actor_role)}}},"at":{_quote(at)},"case":{_quote(case_id)},'
        f'"kind":{_quote(kind)},"payload":{_quote(payload_json)},"prev":{_quote(prev_hash)},'
        f'"seq":{int(seq)},"source":{"null" if source is None else _quote(source)},'
        f'"v":{HASH_VERSION},"visibility":{_quote(visibility)}}}'
    )


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
        flat = _flat(payload)
        payload_json = _flat_json(payload) if flat else canonical_json(payload)
        try:
            digest = sha256_hex(hashed_text(
                case_id, seq, at, event.kind, actor.user_id, actor.name, role_name,
                event.visibility, payload_json, entry_source, prev,
            ).encode("utf-8"))
        except UnicodeEncodeError:
            # Adapters clean text and refuse malformed ids; should anything invalid still get
            # here (a lone surrogate), the journal says so instead of failing mid-write.
            raise Refusal("That cannot be recorded: it contains characters that are not "
                          "valid text. Nothing was recorded.") from None
        entry = JournalEntry(case_id, seq, at, event.kind, actor.user_id, actor.name,
                             role_name, event.visibility, payload_json, entry_source, prev,
                             digest)
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
    for entry in entries:
        if entry.case_id != case_id:
            return ChainProblem(case_id, entry.seq, f"belongs to case {entry.case_id!r}")
        if entry.seq != expected_seq:
            return ChainProblem(
                case_id, expected_seq, f"missing (found entry {entry.seq} in its place)"
            )
        if entry.prev_hash != prev:
            return ChainProblem(case_id, entry.seq, "previous-hash link does not match")
        if entry.computed_hash() != entry.hash:
            return ChainProblem(case_id, entry.seq, "content does not match its hash")
        prev = entry.hash
        expected_seq += 1
    return None
