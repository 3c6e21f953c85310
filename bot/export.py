"""The history as JSON, for one viewer: the entries that viewer may see, with their hashes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Actor, Role
from bot.domain.journal import JournalEntry

EXPORT_SCHEMA = "mediation-bot/history/1"


def entry_json(entry: JournalEntry) -> dict[str, Any]:
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
    }


def export_json(case: Case, entries: Sequence[JournalEntry], *, viewer: Actor, role: Role,
                now: datetime) -> bytes:
    document = {
        "schema": EXPORT_SCHEMA,
        "exported_at": format_time(now),
        "viewer": {"id": viewer.user_id, "name": viewer.name, "role": role.value},
        "case": {
            "id": case.id,
            "title": case.title,
            "phase": case.phase.value,
            "closed_reason": case.closed_reason.value if case.closed_reason else None,
            "claimant": case.claimant.to_json(),
            "respondent": case.respondent.to_json(),
            "details": dict(case.details),
            "last_seq": case.version,
            "last_hash": case.last_hash,
        },
        "complete": len(entries) == case.version,
        "entries": [entry_json(e) for e in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
