"""Checking a history document offline: the chain, every visible entry's hash, the summary.

Nothing here needs the database: a document (or a bundle's history.json) holds every link.
A redacted stub is checked as a link (its `prev_hash` is the previous entry's `hash`, and the
next entry points at its `hash`); a visible entry's hash is recomputed from its fields as
docs/journal.md describes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.domain.journal import GENESIS_HASH
from bot.domain.phases import Phase
from bot.exports.document import SCHEMA, entry_from_json
from bot.exports.ledger import sections
from bot.exports.scope import FULL

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_STUB_KEYS = {"seq", "redacted", "prev_hash", "hash"}
_BEFORE_COMPLIANCE = Phase.AGREEMENT.value
DERIVED = ("case", "participants", "statements", "proposals", "agreement", "evidence",
           "messages")


def check_document(doc: Any) -> str | None:
    """The first thing wrong with a history document, or None when it all holds."""
    try:
        return _check(doc)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return f"not a history document ({type(error).__name__}: {error})"


def _check(doc: Any) -> str | None:
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        return f"not a history document of schema {SCHEMA}"
    case_id = doc["case"]["id"]
    items = doc["entries"]
    prev = GENESIS_HASH
    visible = []
    redacted = 0
    for expected, item in enumerate(items, start=1):
        if item.get("seq") != expected:
            return f"entry {expected}: missing (found {item.get('seq')!r} in its place)"
        if item.get("prev_hash") != prev:
            return f"entry {expected}: previous-hash link does not match"
        if not isinstance(item.get("hash"), str) or not _HEX64.match(item["hash"]):
            return f"entry {expected}: hash is not 64 hex digits"
        if item.get("redacted"):
            if set(item) != _STUB_KEYS or item["redacted"] is not True:
                return f"entry {expected}: a redacted entry carries more than its hashes"
            redacted += 1
        else:
            entry = entry_from_json(case_id, item)
            if not entry.content_holds():
                return f"entry {expected}: content does not match its commitment"
            if entry.computed_hash() != entry.hash:
                return f"entry {expected}: content does not match its hash"
            payload = json.loads(entry.payload_json)
            if payload != item["payload"]:
                return f"entry {expected}: payload differs from the hashed payload_json"
            entry.__dict__["payload"] = payload  # checked equal: spare the fold a second parse
            visible.append(entry)
        prev = item["hash"]
    chain = doc["chain"]
    if chain.get("genesis") != GENESIS_HASH:
        return "chain: genesis is not 64 zeros"
    if chain["length"] != len(items) or chain["last_hash"] != prev:
        return "chain: length or last hash does not match the entries"
    if chain["redacted"] != redacted:
        return "chain: the count of redacted entries does not match"
    if doc["view"]["kind"] == FULL and redacted:
        return "a full export with redacted entries"
    derived = sections(visible)
    if doc["case"].get("phase") == _BEFORE_COMPLIANCE and \
            derived["case"]["phase"] == Phase.COMPLIANCE.value:
        # Exported before the compliance phase existed, a signed case with follow-ups still
        # due was said to be awaiting them in `agreement`: such documents still hold.
        derived["case"] = {**derived["case"], "phase": _BEFORE_COMPLIANCE}
    for key in DERIVED:
        if doc.get(key) != derived[key]:
            return f"section {key!r} does not match the entries"
    return None
