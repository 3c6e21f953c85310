"""Retention, legal holds and erasure as a fold over a case's entries (`bot.domain.retention`
decides them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import parse_time
from bot.domain.journal import JournalEntry

Changes = dict[str, Any]
KEY = "retention"  # the deadline that erases a closed case's content


def _retention_set(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    until = parse_time(p["until"])
    if case.legal_hold is not None:
        return {"retain_until": until}
    return {"retain_until": until, "deadlines": {**case.deadlines, KEY: until}}


def _hold_placed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"legal_hold": p["reason"], "deadlines": case.deadlines_but(KEY)}


def _hold_lifted(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    changes: Changes = {"legal_hold": None}
    if case.retain_until is not None and not case.retained:
        changes["deadlines"] = {**case.deadlines, KEY: case.retain_until}
    return changes


def _erased(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    # What the erased entries leave is read when the case is next folded from the journal;
    # a retention's erasure also ends its deadline.
    if p.get("through") is None:
        return {}
    return {"retained": True, "deadlines": case.deadlines_but(KEY)}


RETENTION_FOLDS = {
    kinds.RETENTION_SET: _retention_set,
    kinds.LEGAL_HOLD_PLACED: _hold_placed,
    kinds.LEGAL_HOLD_LIFTED: _hold_lifted,
    kinds.CONTENT_ERASED: _erased,
}
