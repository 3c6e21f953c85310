"""One entry of a history document, checked field by field before its hash is recomputed.

An entry's hash format (docs/journal.md) is version 2 when it carries a `content_hash` (its
salted commitment), else the `v` it states, else version 1. `VERSIONS` maps each version to
the fields its entries hold; an entry of a version this verifier does not know is refused by
name rather than guessed at.

Field types are checked strictly, because the hash is over the JSON text: a `seq` of `"3"`,
`3.0` or `true` is not the entry numbered 3, and a payload that only compares equal to its
hashed text (`1` for `true`) is not the payload that was hashed.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from bot.domain.entry_hash import (
    canonical_json,
    commitment,
    flat_json,
    hashed_text,
    hashed_text_v2,
    is_flat,
    sha256_hex,
)
from bot.domain.journal import JournalEntry

HEX64 = re.compile(r"^[0-9a-f]{64}$")
SALT = re.compile(r"^[0-9a-f]{32}$")
STUB_KEYS = frozenset({"seq", "redacted", "prev_hash", "hash"})  # a version 1 entry's stub
STUB_V2_KEYS = STUB_KEYS | {"at", "kind", "actor", "visibility", "source", "content_hash"}
_V1_TEXT = ("at", "kind", "visibility", "payload_json", "prev_hash", "hash")
_V1_KEYS = frozenset({"seq", "actor", "payload", "source", *_V1_TEXT})
_V2_KEYS = _V1_KEYS | {"salt", "content_hash"}
_ACTOR_KEYS = frozenset({"id", "name", "role"})
_new = object.__new__


class Checked(NamedTuple):
    """An entry checked: `problem` says what is wrong, else `entry` is the journal entry it
    stands for (None for a redacted stub), of hash version `version`."""

    problem: str | None
    entry: JournalEntry | None = None
    version: int = 2


def whole(value: Any) -> bool:
    """A JSON whole number (not `true`, not `3.0`)."""
    return type(value) is int


def check_entry(case_id: str, item: Any, number: int, prev: str) -> Checked:
    """Entry `number` of the chain, whose `prev_hash` must be `prev`."""
    if not isinstance(item, dict):
        return Checked("not an object")
    seq = item.get("seq")
    if type(seq) is not int:
        return Checked(f"seq is {_short(seq)}, not a whole number")
    if seq != number:
        return Checked(f"missing (found {seq} in its place)")
    if item.get("prev_hash") != prev:
        return Checked("previous-hash link does not match")
    digest = item.get("hash")
    if not isinstance(digest, str) or not HEX64.match(digest):
        return Checked("hash is not 64 hex digits")
    if "redacted" in item:
        if item["redacted"] is not True or set(item) not in (STUB_KEYS, STUB_V2_KEYS):
            return Checked("a redacted entry carries other fields than a stub's")
        if set(item) == STUB_KEYS:
            return Checked(None, version=1)
        return _check_stub_v2(case_id, item)
    if "content_hash" in item:
        return _check_fields(case_id, item, 2, _V2_KEYS)
    version = item.get("v", 1)
    fields = VERSIONS.get(version) if whole(version) else None
    if fields is None:
        return Checked(f"hash format v={_short(version)} is not one this verifier knows")
    return _check_fields(case_id, item, version, fields)


def _check_fields(case_id: str, item: dict[str, Any], version: int,
                  fields: frozenset[str]) -> Checked:
    if item.keys() != fields and item.keys() - {"v"} != fields:
        keys = item.keys() - {"v"}
        for key in sorted(fields - keys):
            return Checked(f"no field {key!r}")
        for key in sorted(keys - fields):
            return Checked(f"field {key!r} is not part of a version-{version} entry")
    salt: Any = item.get("salt")
    content_hash: Any = item.get("content_hash")
    if version == 2:
        if not isinstance(content_hash, str) or not HEX64.match(content_hash):
            return Checked("content_hash is not 64 hex digits")
        # An erased entry has no salt: its remains are vouched for by the erasure that
        # removed its content (`document_check` holds it to one).
        if salt is not None and (not isinstance(salt, str) or not SALT.match(salt)):
            return Checked("salt is not 32 hex digits, so the content cannot be checked")
    at, kind, visibility = item["at"], item["kind"], item["visibility"]
    payload_json, prev_hash = item["payload_json"], item["prev_hash"]
    if not (isinstance(at, str) and isinstance(kind, str) and isinstance(visibility, str)
            and isinstance(payload_json, str) and isinstance(prev_hash, str)):
        # (`hash` is text: check_entry matched it.) Name the first that is not.
        for key in _V1_TEXT:
            if not isinstance(item[key], str):
                return Checked(f"{key} is not text")
    source = item["source"]
    if source is not None and not isinstance(source, str):
        return Checked("source is neither text nor null")
    actor = item["actor"]
    if not isinstance(actor, dict) or actor.keys() != _ACTOR_KEYS \
            or not isinstance(actor_id := actor["id"], str) \
            or not isinstance(actor_name := actor["name"], str) \
            or not isinstance(actor_role := actor["role"], str):
        return Checked("actor is not exactly an id, a name and a role, as text")
    # `payload_json` must be the canonical text of `payload` (it was written so), and a
    # `payload` that encodes to other text is another payload (`1` for `true`). A flat payload
    # (see `is_flat`) that encodes to exactly `payload_json` shows that text to be a JSON
    # object which parses back to `payload`, value for value and type for type; any other
    # text is parsed, and the checks below name what fails.
    given = item["payload"]
    flat = isinstance(given, dict) and is_flat(given)
    try:
        same = flat and type(given) is dict and flat_json(given) == payload_json
    except ValueError:  # an int too long to write: the comparison below names it
        same = False
    if same:
        payload = given
    else:
        try:
            payload = json.loads(payload_json)
        except (ValueError, RecursionError):
            return Checked("payload_json is not valid JSON")
        if not isinstance(payload, dict):
            return Checked("payload_json is not a JSON object")
    seq = item["seq"]
    try:
        if version == 2:
            if salt is not None and commitment(salt, actor_name, payload_json) != content_hash:
                return Checked("content does not match its commitment")
            text = hashed_text_v2(case_id, seq, at, kind, actor_id, actor_role, visibility,
                                  content_hash, source, prev_hash)
        else:
            text = hashed_text(case_id, seq, at, kind, actor_id, actor_name, actor_role,
                               visibility, payload_json, source, prev_hash)
        if sha256_hex(text.encode("utf-8")) != item["hash"]:
            return Checked("content does not match its hash")
        if not same and (flat_json(given) if flat else canonical_json(given)) != payload_json:
            return Checked("payload differs from the hashed payload_json")
    except UnicodeEncodeError:
        return Checked("text that is not valid Unicode (a lone surrogate)")
    except (ValueError, RecursionError):
        return Checked("payload differs from the hashed payload_json")
    # The entry as `JournalEntry(...)` makes it (tests/exports/test_verify.py compares them),
    # without its frozen `__init__` (one guarded attribute set per field, for every entry), and
    # with its payload, checked equal, so the fold does not parse it again.
    entry = _new(JournalEntry)
    entry.__dict__.update({
        "case_id": case_id, "seq": seq, "at": at, "kind": kind, "actor_id": actor_id,
        "actor_name": actor_name, "actor_role": actor_role, "visibility": visibility,
        "payload_json": payload_json, "source": source, "prev_hash": prev_hash,
        "hash": item["hash"], "salt": salt, "content_hash": content_hash, "payload": payload})
    return Checked(None, entry, version)


def _check_stub_v2(case_id: str, item: dict[str, Any]) -> Checked:
    """A version 2 stub: its hash recomputes from its link and the fields it carries."""
    actor = item["actor"]
    if not all(isinstance(item[k], str) for k in ("at", "kind", "visibility")) \
            or not isinstance(item["content_hash"], str) \
            or not HEX64.match(item["content_hash"]) \
            or not (item["source"] is None or isinstance(item["source"], str)) \
            or not isinstance(actor, dict) or set(actor) != {"id", "role"} \
            or not all(isinstance(actor[k], str) for k in ("id", "role")):
        return Checked("a redacted entry's fields are not of their types")
    try:
        text = hashed_text_v2(case_id, item["seq"], item["at"], item["kind"], actor["id"],
                              actor["role"], item["visibility"], item["content_hash"],
                              item["source"], item["prev_hash"])
        if sha256_hex(text.encode("utf-8")) != item["hash"]:
            return Checked("a redacted entry does not match its hash")
    except UnicodeEncodeError:
        return Checked("text that is not valid Unicode (a lone surrogate)")
    return Checked(None, version=2)


VERSIONS: dict[int, frozenset[str]] = {1: _V1_KEYS, 2: _V2_KEYS}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"
