"""Signed checkpoints: the deployment's key signs the chain at an entry, so that anyone holding
the public key can tell, offline, which entries the operator vouched for and when.

A checkpoint is made for an entry of a milestone kind (`bot.text.witness.MILESTONES`) and for
every entry whose `seq` is a multiple of `every` (`CHECKPOINT_EVERY`); it is written in the
same transaction as that entry. The bytes signed (docs/journal.md) are the canonical JSON of
`{"case", "hash", "schema", "seq", "at"}`: a checkpoint covers the entries 1…seq, since the
entry's hash chains every one before it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.clock import format_time
from bot.domain.entry_hash import canonical_json
from bot.domain.journal import JournalEntry
from bot.signatures import Signer, fingerprint, key_id, names_key, verifies
from bot.text.witness import MILESTONES

SCHEMA = "mediation-bot/checkpoint/1"
FIELDS = frozenset({"case", "seq", "hash", "at", "key", "public_key", "signature"})
# UTC text as the journal writes it: nothing else is ever printed from a checkpoint's time.
TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")


def signed_bytes(case_id: str, seq: int, entry_hash: str, at: str) -> bytes:
    """What the key signs: canonical JSON (UTF-8) of the case, seq, entry hash and time, with
    the schema's name so that it cannot be taken for anything else the key signs."""
    return canonical_json({"schema": SCHEMA, "case": case_id, "seq": seq, "hash": entry_hash,
                           "at": at}).encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    """The chain of `case_id` up to entry `seq` (whose hash is `hash`), signed at `at`."""

    case_id: str
    seq: int
    hash: str
    at: str  # UTC text, as the journal writes times
    key_id: str  # the signing key's id (`bot.signatures.key_id`)
    public_key: str  # base64 of the 32 raw bytes
    signature: str  # base64 of the 64-byte Ed25519 signature over `signed_bytes`

    def to_json(self) -> dict[str, Any]:
        return {"case": self.case_id, "seq": self.seq, "hash": self.hash, "at": self.at,
                "key": self.key_id, "public_key": self.public_key,
                "signature": self.signature}


def sign(signer: Signer, entry: JournalEntry, now: datetime) -> Checkpoint:
    at = format_time(now)
    public = signer.public_key
    value = signer.sign(signed_bytes(entry.case_id, entry.seq, entry.hash, at))
    return Checkpoint(entry.case_id, entry.seq, entry.hash, at, key_id(public),
                      base64.b64encode(public).decode(), base64.b64encode(value).decode())


class Checkpointing:
    """Which entries of an append get a checkpoint, signed with the deployment's key."""

    def __init__(self, signer: Signer | None, every: int = 100) -> None:
        if every <= 0:
            raise ValueError(f"checkpoints are made every N entries, N > 0, not {every}")
        self.signer = signer
        self.every = every

    def due(self, entry: JournalEntry) -> bool:
        return entry.kind in MILESTONES or entry.seq % self.every == 0

    def made(self, entries: Iterable[JournalEntry], now: datetime) -> list[Checkpoint]:
        """The checkpoints of the entries just appended (none without a key)."""
        if self.signer is None:
            return []
        return [sign(self.signer, e, now) for e in entries if self.due(e)]


def _b64(text: object, size: int) -> bytes | None:
    if not isinstance(text, str) or len(text) > 4 * size:
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == size else None


def problem_of(item: Any, case_id: str, hashes: Sequence[str], trusted: str | None
               ) -> str | None:
    """What is wrong with one checkpoint (JSON as written, or `Checkpoint.to_json()`) of the
    chain whose entry hashes are `hashes` (entry n's at n-1); None when it holds. `trusted`:
    the key it must be signed by (its fingerprint, id or public key), if given."""
    if not isinstance(item, Mapping) or set(item) != FIELDS:
        return f"not a checkpoint (its fields are {', '.join(sorted(FIELDS))})"
    seq, entry_hash, at = item["seq"], item["hash"], item["at"]
    if type(seq) is not int or not isinstance(entry_hash, str) or not isinstance(at, str) \
            or not isinstance(item["case"], str) or not isinstance(item["key"], str):
        return "a field of the wrong type"
    if item["case"] != case_id:
        return f"made for another case ({item['case'][:40]!r})"
    if not 1 <= seq <= len(hashes):
        return f"for entry {seq}, which is not in the chain (1–{len(hashes)})"
    if entry_hash != hashes[seq - 1]:
        return f"its hash is not entry {seq}'s"
    if not TIME.fullmatch(at):
        return "its time is not UTC text as the journal writes it"
    public, value = _b64(item["public_key"], 32), _b64(item["signature"], 64)
    if public is None or value is None:
        return "its key or signature is not base64 of the right length"
    if item["key"] != key_id(public):
        return "it names a key it does not carry"
    if not verifies(public, signed_bytes(case_id, seq, entry_hash, at), value):
        return "the signature does not match"
    if trusted is not None and not names_key(trusted, public):
        return f"signed by key {fingerprint(public)}, not by the key given"
    return None


def checkpoint_problem(items: Sequence[Any], case_id: str, hashes: Sequence[str],
                       trusted: str | None) -> str | None:
    """The first checkpoint that does not hold, named (`checkpoint 3 (entry 12): …`); they
    must run in increasing entry order, one per entry at most."""
    last = 0
    for number, item in enumerate(items, 1):
        problem = problem_of(item, case_id, hashes, trusted)
        seq = item.get("seq") if isinstance(item, Mapping) else None
        where = f"checkpoint {number}" + (f" (entry {seq})" if type(seq) is int else "")
        if problem is not None:
            return f"{where}: {problem}"
        assert isinstance(seq, int)
        if seq <= last:
            return f"{where}: not after the checkpoint before it (entry {last})"
        last = seq
    return None


def covered(items: Sequence[Mapping[str, Any]], length: int) -> str:
    """What the last signed checkpoint covers, as a person reads it (items checked)."""
    if not items:
        return f"No signed checkpoint: none of the {length} entries is signed."
    last = items[-1]
    seq = last["seq"]
    signer = fingerprint(base64.b64decode(last["public_key"]))
    after = ("no entry comes after it" if seq >= length else
             f"entry {length} comes after it" if seq + 1 == length else
             f"entries {seq + 1}–{length} come after it")
    return (f"The last signed checkpoint covers entries 1–{seq} (signed {last['at']} by key "
            f"{signer}); {after}.")
