"""The history document: one viewer's export as data, the source of every format.

JSON is this document as text; HTML and PDF are readings of it. It carries every entry of the
chain (hidden ones as stubs), the summary sections derived from the visible entries, and the
chain's end, so the document verifies on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.domain.clock import format_time
from bot.domain.journal import GENESIS_HASH, JournalEntry
from bot.exports.ledger import sections
from bot.exports.scope import Scope, check_whole_journal, revealed_in, stub

SCHEMA = "mediation-bot/history/2"

Progress = Callable[[str, int, int], None]


def entry_json(entry: JournalEntry) -> dict[str, Any]:
    """A visible entry: every hashed field, plus its payload parsed for convenience; since
    hash version 2 also its salt and commitment, so its content can be checked."""
    commitment = {} if entry.content_hash is None else {
        "salt": entry.salt, "content_hash": entry.content_hash}
    return {
        "seq": entry.seq,
        "at": entry.at,
        "kind": entry.kind,
        "actor": {"id": entry.actor_id, "name": entry.actor_name, "role": entry.actor_role},
        "visibility": entry.visibility,
        "payload": entry.payload,
        "payload_json": entry.payload_json,
        "source": entry.source,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        **commitment,
    }


def entry_from_json(case_id: str, item: dict[str, Any]) -> JournalEntry:
    """The journal entry a visible entry of a document stands for (the verifier's way back)."""
    actor = item["actor"]
    return JournalEntry(case_id, item["seq"], item["at"], item["kind"], actor["id"],
                        actor["name"], actor["role"], item["visibility"], item["payload_json"],
                        item["source"], item["prev_hash"], item["hash"], item.get("salt"),
                        item.get("content_hash"))


def build(entries: Sequence[JournalEntry], scope: Scope, now: datetime,
          progress: Progress | None = None) -> dict[str, Any]:
    """The document for `scope` from a case's whole journal, in order."""
    if not entries:
        raise ValueError("the case has no entries")
    case_id = entries[0].case_id
    check_whole_journal(case_id, entries)
    revealed = revealed_in(entries)
    items: list[dict[str, Any]] = []
    visible: list[JournalEntry] = []
    total = len(entries)
    for done, entry in enumerate(entries, start=1):
        if scope.sees(entry, revealed):
            visible.append(entry)
            items.append(entry_json(entry))
        else:
            items.append(stub(entry))
        if progress is not None and (done % 500 == 0 or done == total):
            progress("entries", done, total)
    last = entries[-1]
    return {
        "schema": SCHEMA,
        "exported_at": format_time(now),
        "view": scope.to_json(),
        **sections(visible),
        "chain": {
            "genesis": GENESIS_HASH,
            "length": last.seq,
            "last_hash": last.hash,
            "redacted": total - len(visible),
        },
        "entries": items,
    }
