"""The case's blind bidding as a fold over its entries (`bot.domain.bidding` decides them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import parse_time
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.domain.records import Bidding

Changes = dict[str, Any]
KEY = "bidding:"  # a round's deadline: bidding:1, bidding:2, ...


def _deadlines(case: Case, due: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The case's deadlines without any bidding round's, plus `due`."""
    kept = {k: v for k, v in case.deadlines.items() if not k.startswith(KEY)}
    return {**kept, **(due or {})}


def _proposed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"bidding": Bidding(Side(p["by"]), p["currency"], p["tolerance"], p["split"],
                               p["rounds"])}


def _opened(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    assert case.bidding is not None
    due = parse_time(p["due_at"])
    return {"bidding": replace(case.bidding, status="open", round=p["round"], due_at=due),
            "deadlines": _deadlines(case, {f"{KEY}{p['round']}": due})}


def _declined(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    assert case.bidding is not None
    return {"bidding": replace(case.bidding, status="declined")}


def _sealed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    bidding = case.bidding
    assert bidding is not None
    this_round = {**bidding.bids.get(p["round"], {}), Side(p["side"]): p["amount"]}
    return {"bidding": replace(bidding, bids={**bidding.bids, p["round"]: this_round})}


def _round_ended(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    assert case.bidding is not None
    due = parse_time(p["due_at"])
    return {"bidding": replace(case.bidding, round=p["next"], due_at=due),
            "deadlines": _deadlines(case, {f"{KEY}{p['next']}": due})}


def _ended(status: str) -> Callable[[Case, JournalEntry, Mapping[str, Any]], Changes]:
    def fold(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
        assert case.bidding is not None
        return {"bidding": replace(case.bidding, status=status, due_at=None),
                "deadlines": _deadlines(case)}

    return fold


BIDDING_FOLDS = {
    kinds.BIDDING_PROPOSED: _proposed,
    kinds.BIDDING_OPENED: _opened,
    kinds.BIDDING_DECLINED: _declined,
    kinds.BID_SEALED: _sealed,
    kinds.BIDDING_ROUND_ENDED: _round_ended,
    kinds.BIDDING_SETTLED: _ended("settled"),
    kinds.BIDDING_FAILED: _ended("failed"),
}
