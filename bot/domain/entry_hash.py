"""How a journal entry is written and hashed, by hash version (`docs/journal.md`).

Version 1 hashes every field, the payload as its canonical JSON text. Version 2 hashes the
entry's place, kind, actor id and role, visibility and source, and its content (the payload
text and the actor's name) through a salted commitment, so that content can be hidden or
removed without breaking the chain. The canonical encoding is JSON with sorted keys, no
spaces and characters written as themselves; the functions below write it out directly for
the fixed shapes the journal hashes (a test compares them with the general encoder).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

# Payload values that read back from JSON exactly as they were written (floats may not).
_FLAT = frozenset({str, int, bool, type(None)})
SALT_BYTES = 16


def new_salt() -> str:
    """A fresh salt for one entry's commitment: 128 random bits, as hex."""
    return secrets.token_hex(SALT_BYTES)


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
# How that encoder writes one string (the same function it uses itself).
_quote = json.encoder.encode_basestring


def canonical_json(value: Any) -> str:
    """The one JSON text the journal hashes and stores for `value`."""
    return _CANONICAL.encode(value)


def flat_json(payload: dict[str, Any]) -> str:
    """`canonical_json` of a flat payload (see `is_flat`), written out directly: most payloads
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

def is_flat(payload: dict[str, Any]) -> bool:
    """Whether every value reads back from JSON exactly as written (no floats, no nesting)."""
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
        "v": 1,
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
        f'"v":1,"visibility":{_quote(visibility)}}}'
    )


def commitment_text(salt: str, actor_name: str, payload_json: str) -> str:
    """`canonical_json({"actor_name": …, "payload": …, "salt": …})`, written out directly."""
    return (f'{{"actor_name":{_quote(actor_name)},"payload":{_quote(payload_json)},'
            f'"salt":{_quote(salt)}}}')


def commitment(salt: str, actor_name: str, payload_json: str) -> str:
    """The salted commitment to an entry's content that a version 2 hash covers."""
    return sha256_hex(commitment_text(salt, actor_name, payload_json).encode("utf-8"))


def hashed_text_v2(
    case_id: str,
    seq: int,
    at: str,
    kind: str,
    actor_id: str,
    actor_role: str,
    visibility: str,
    content_hash: str,
    source: str | None,
    prev_hash: str,
) -> str:
    """The canonical JSON a version 2 hash covers: the entry's place, kind, who (by id and
    role) and visibility, and its content through its commitment."""
    return (
        f'{{"actor":{{"id":{_quote(actor_id)},"role":{_quote(actor_role)}}},'
        f'"at":{_quote(at)},"case":{_quote(case_id)},"content":{_quote(content_hash)},'
        f'"kind":{_quote(kind)},"prev":{_quote(prev_hash)},"seq":{int(seq)},'
        f'"source":{"null" if source is None else _quote(source)},"v":2,'
        f'"visibility":{_quote(visibility)}}}'
    )
