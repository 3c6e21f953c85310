"""`checkpoints.json` of a bundle, checked: every checkpoint signed by the key it names (and
by the key given, if any) over an entry of this very chain. Whatever the bytes, the answer is
a line naming the member and the checkpoint, never an exception."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.checkpoints import checkpoint_problem
from bot.exports.bundle import CHECKPOINTS, CHECKPOINTS_SCHEMA

DOCUMENT_FIELDS = frozenset({"schema", "case", "checkpoints"})


def check_checkpoints(raw: bytes, doc: Mapping[str, Any], trusted: str | None
                      ) -> tuple[str | None, tuple[Mapping[str, Any], ...]]:
    """(the problem, or None; the checkpoints when they all hold) of `checkpoints.json`
    against a history document already checked."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return f"{CHECKPOINTS}: not UTF-8 text", ()
    except (json.JSONDecodeError, RecursionError):
        return f"{CHECKPOINTS}: not valid JSON", ()
    if not isinstance(document, dict) or set(document) != DOCUMENT_FIELDS \
            or document["schema"] != CHECKPOINTS_SCHEMA:
        return f"{CHECKPOINTS}: not a list of checkpoints of schema {CHECKPOINTS_SCHEMA}", ()
    case_id = doc["case"]["id"]
    if document["case"] != case_id:
        return f"{CHECKPOINTS}: not the checkpoints of case {case_id}", ()
    items = document["checkpoints"]
    if not isinstance(items, list):
        return f"{CHECKPOINTS}: its checkpoints are not a list", ()
    hashes = [entry["hash"] for entry in doc["entries"]]
    if len(items) > len(hashes):  # one per entry at most: this bounds the work as well
        return f"{CHECKPOINTS}: more checkpoints than the chain has entries", ()
    problem = checkpoint_problem(items, case_id, hashes, trusted)
    if problem is not None:
        return f"{CHECKPOINTS}: {problem}", ()
    return None, tuple(items)
