"""Checking a history document offline: the chain, every visible entry's hash, the summary.

Nothing here needs the database: a document (or a bundle's history.json) holds every link.
A redacted stub is checked as a link (its `prev_hash` is the previous entry's `hash`, and the
next entry points at its `hash`); a visible entry's hash is recomputed from its fields as
docs/journal.md describes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.domain.erasure import Erasures
from bot.domain.identity import Role, Side
from bot.domain.journal import GENESIS_HASH
from bot.domain.kinds import STATEMENTS_REVEALED
from bot.domain.phases import Phase
from bot.domain.visibility import can_see, effective
from bot.exports.document import SCHEMA
from bot.exports.entry_check import check_entry, whole
from bot.exports.ledger import sections
from bot.exports.scope import FULL

_BEFORE_COMPLIANCE = Phase.AGREEMENT.value
DERIVED = ("case", "participants", "statements", "proposals", "agreement", "evidence",
           "messages", "rulings")


def check_document(doc: Any) -> str | None:
    """The first thing wrong with a history document, or None when it all holds."""
    try:
        with _collector_paused():
            return _check(doc)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return f"not a history document ({type(error).__name__}: {error})"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a document is checked. The check makes
    hundreds of thousands of small objects, which reference counting frees as it goes (none
    forms a cycle), and the collector's passes over them took about a third of the time
    (docs/benchmarks.md). It runs again afterwards if it ran before."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _shape(doc: Any) -> str | None:
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        return f"not a history document of schema {SCHEMA}"
    for key in ("case", "chain", "view"):
        if not isinstance(doc.get(key), dict):
            return f"not a history document ({key!r} is not an object)"
    if not isinstance(doc["case"].get("id"), str):
        return "not a history document (the case has no id)"
    if not isinstance(doc.get("entries"), list):
        return "not a history document ('entries' is not a list)"
    chain = doc["chain"]
    if not whole(chain.get("length")) or not whole(chain.get("redacted")) \
            or not isinstance(chain.get("last_hash"), str):
        return "chain: length, redacted and last_hash are not what they should be"
    return None


def _check(doc: Any) -> str | None:
    problem = _shape(doc)
    if problem is not None:
        return problem
    case_id = doc["case"]["id"]
    items = doc["entries"]
    prev = GENESIS_HASH
    visible = []
    redacted = 0
    erasures = Erasures()
    since_v2 = False  # a chain written under version 1 goes on under 2, never back
    revealed: bool | None = None  # whether the chain reveals the statements, for stubs
    for number, item in enumerate(items, start=1):
        problem, entry, version = check_entry(case_id, item, number, prev)
        if problem is not None:
            return f"entry {number}: {problem}"
        if since_v2 and version == 1:
            return f"entry {number}: written under hash version 1 after version 2 entries"
        since_v2 = since_v2 or version == 2
        if entry is None:
            redacted += 1
            if doc["view"].get("kind") == FULL:
                return "a full export with redacted entries"
            if version == 2:
                if revealed is None:
                    revealed = any(isinstance(i, dict) and i.get("kind") == STATEMENTS_REVEALED
                                   for i in items)
                if not _hidden_from(doc["view"], item, revealed):
                    return f"entry {number}: hidden, though this viewer may see it"
        else:
            erased = erasures.see(entry)
            if erased is not None:
                return f"entry {number}: {erased}"
            visible.append(entry)
        prev = item["hash"]
    unexplained = erasures.unexplained()
    if unexplained is not None:
        return (f"entry {unexplained}: its content is missing, and the erasure it names is "
                "not in the history")
    chain = doc["chain"]
    if chain.get("genesis") != GENESIS_HASH:
        return "chain: genesis is not 64 zeros"
    if chain["length"] != len(items) or chain["last_hash"] != prev:
        return "chain: length or last hash does not match the entries"
    if chain["redacted"] != redacted:
        return "chain: the count of redacted entries does not match"
    if doc["view"].get("kind") == FULL and redacted:
        return "a full export with redacted entries"
    try:
        derived = sections(visible)
    except Exception as error:  # a chain that holds may still not read as a case
        return f"the entries do not read as a case ({type(error).__name__}: {error})"
    if doc["case"].get("phase") == _BEFORE_COMPLIANCE and \
            derived["case"]["phase"] == Phase.COMPLIANCE.value:
        # Exported before the compliance phase existed, a signed case with follow-ups still
        # due was said to be awaiting them in `agreement`: such documents still hold.
        derived["case"] = {**derived["case"], "phase": _BEFORE_COMPLIANCE}
    for key in DERIVED:
        if doc.get(key) != derived.get(key):
            return f"section {key!r} does not match the entries"
    return None


def _hidden_from(view: dict[str, Any], item: dict[str, Any], revealed: bool) -> bool:
    """Whether the viewer the document was made for may not see this stub's entry."""
    viewer = view.get("viewer") or {}
    try:
        role = Role(str(viewer.get("role")))
        side = Side(viewer["side"]) if viewer.get("side") else None
    except ValueError:
        return True  # an unknown viewer: the view's own check names it
    return not can_see(effective(item["visibility"], item["kind"], revealed), role, side)
