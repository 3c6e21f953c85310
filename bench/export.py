"""Exports and offline verification, next to the raw cost of the same work in the same run.

    .venv/bin/python bench/export.py [--export-entries 10000] [--verify-entries 100000]
                                     [--rounds 3]

A case is built in memory with `bot.domain.journal.chain` (no database): an opening entry,
then thread messages with one in ten in the creator's caucus, so a brand export has stubs.
- JSON and HTML exports of the brand's view, each next to `json.dumps` of the same rows;
- verifying a document of the full view (`check_document`: every link, every hash, the
  summary re-derived) next to `hashlib.sha256` over the same canonical bytes.
The median of the rounds counts. Last line: `verify: <N> entries/s = <R>% of raw hashlib`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain import kinds
from bot.domain.fold import replay
from bot.domain.identity import Actor, PartyKind, Role, Side
from bot.domain.journal import GENESIS_HASH, Event, JournalEntry, chain
from bot.exports.document import build
from bot.exports.document_check import check_document
from bot.exports.html_page import render_html
from bot.exports.scope import scope_for

ANA = Actor("console:ana", "Ana")
CLEO = Actor("console:cleo", "Cleo")
T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def journal(size: int) -> list[JournalEntry]:
    opened = Event(kinds.CASE_OPENED, {
        "community_id": "console", "title": "Bench case",
        "details": {"category": "other", "summary": "s", "desired_outcome": "d"},
        "claimant": {"user_id": ANA.user_id, "name": "Ana", "kind": PartyKind.BRAND,
                     "side": Side.BRAND},
        "respondent": {"user_id": CLEO.user_id, "name": "Cleo", "kind": PartyKind.CREATOR,
                       "side": Side.CREATOR},
        "response_due": "2026-11-24T09:00:00.000000Z"})
    events = [opened]
    for n in range(2, size + 1):
        room = "caucus:creator" if n % 10 == 0 else "thread"
        events.append(Event(kinds.MESSAGE_POSTED,
                            {"ref": f"m{n}", "room": room,
                             "text": f"Message {n}: the video went live on 10 March. é ✓"},
                            "side:creator" if room != "thread" else "all"))
    return chain("MB-BENCH1", events, actor=ANA, role=Role.CLAIMANT, now=T0, after_seq=0,
                 after_hash=GENESIS_HASH, source=None)


def rows(entries: list[JournalEntry]) -> list[dict[str, Any]]:
    """The entries as a database driver hands them over: one dict of columns per row."""
    return [{"case_id": e.case_id, "seq": e.seq, "at": e.at, "kind": e.kind,
             "actor_id": e.actor_id, "actor_name": e.actor_name, "actor_role": e.actor_role,
             "visibility": e.visibility, "payload": e.payload_json, "source": e.source,
             "prev_hash": e.prev_hash, "hash": e.hash} for e in entries]


def median_seconds(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, ours: float, raw: float, count: int, raw_label: str) -> None:
    print(f"{label:<24}{ours * 1000:9.1f} ms  ({count / ours:>10,.0f} entries/s)   "
          f"{raw_label}: {raw * 1000:8.1f} ms  = {raw / ours:6.1%} of raw speed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--export-entries", type=int, default=10_000)
    parser.add_argument("--verify-entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    entries = journal(args.export_entries)
    case = replay(entries)
    assert case is not None
    brand = scope_for(case, ANA, Role.CLAIMANT)
    table = rows(entries)
    now = T0 + timedelta(days=1)

    def export_json() -> bytes:
        doc = build(entries, brand, now)
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()

    def export_html() -> bytes:
        return render_html(build(entries, brand, now)).encode()

    def raw_json() -> bytes:
        return json.dumps(table, ensure_ascii=False, indent=1).encode()

    n = len(entries)
    print(f"export: {n} entries, brand's view ({sum(e.visibility != 'all' for e in entries)} "
          f"redacted), median of {args.rounds} rounds")
    raw = median_seconds(raw_json, args.rounds)
    line("json export", median_seconds(export_json, args.rounds), raw, n, "json.dumps rows")
    line("html export", median_seconds(export_html, args.rounds), raw, n, "json.dumps rows")

    big = journal(args.verify_entries)
    full_case = replay(big)
    assert full_case is not None
    doc = json.loads(json.dumps(build(big, scope_for(full_case, ANA, Role.MEDIATOR,
                                                     full=True), now)))
    canonical = [e.hash_text().encode() for e in big]

    def raw_hashlib() -> None:
        for data in canonical:
            hashlib.sha256(data).hexdigest()

    def verify() -> None:
        problem = check_document(doc)
        assert problem is None, problem

    m = len(big)
    print(f"verify: {m} entries of a full export, median of {args.rounds} rounds")
    raw_hash = median_seconds(raw_hashlib, args.rounds)
    ours = median_seconds(verify, args.rounds)
    line("verify document", ours, raw_hash, m, "hashlib")
    print(f"verify: {m / ours:,.0f} entries/s = {raw_hash / ours:.1%} of raw hashlib")


if __name__ == "__main__":
    main()
