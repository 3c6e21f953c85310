"""Deadlines over 100,000 pending deadline rows: the sweeps, and firing what fell due while
nothing ran, next to the raw driver doing the same in the same run (SQLite: stdlib sqlite3 on
the same database).

    .venv/bin/python bench/deadlines.py [--pending 100000] [--due 1000] [--rounds 5]

- start-up rebuild: what a starting process asks before it arms its timers: the rows already
  due (none here) and the due times within the next horizon (1 minute);
- sweep: the rows due now, when 1,000 of the 100,000 are;
- firing: a process starting with those 1,000 due (500 cases, each with its response deadline
  and that deadline's reminder) fires them all through the service (decide, journal, mark
  fired, outbox). Raw: sqlite3 writing the same journal entries, case rows, deadline marks and
  outbox rows, one transaction per deadline, with the same durability (WAL,
  synchronous=FULL). Each round starts from a copy of the same database; service and raw
  rounds alternate.
Medians of the rounds. Last lines: `sweep: <ms> ms for <N> due = <R>% of raw`, then
`firing: <N>/s = <R>% of raw`.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.scheduler import Scheduler
from adapters.wiring import settle_heap
from bot.domain.identity import Actor
from bot.domain.policy import Policy
from bot.exchange import Context
from bot.input.grammar import parse
from bot.ports import Community
from bot.service.mediation import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore

HORIZON = timedelta(minutes=1)
ANA = Actor("console:ana", "Ana")
LATER_PER_CASE = 100  # rows of the cases whose deadlines are far off
# The due cases' community: the response deadline an hour after opening, its reminder 10
# minutes before (so both fall within the last day, as the rebuild expects).
WINDOW = Policy(response_window=timedelta(hours=1), reminder_lead=timedelta(minutes=10))


class People:
    async def resolve(self, token: str) -> Actor | None:
        name = token.lstrip("@")
        return Actor(f"console:{name}", name)


def stored(moment: datetime) -> str:
    """A time as SQLAlchemy stores it on SQLite (naive UTC text)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def copy(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite database (a round starts from the same state)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


async def seed(db: Path, folder: Path, pending: int, due: int, now: datetime) -> None:
    """`due // 2` real cases opened an hour ago, so that their response deadline (a minute
    ago) and its reminder are due; the other rows far in the future, on cases of their own (a
    case's rows are its own schedule)."""
    engine = create_engine(f"sqlite:///{db}")
    await upgrade(engine)
    store = SqlCaseStore(engine)
    opened = now - WINDOW.response_window - timedelta(minutes=1)
    service = MediationService(store, FileEvidenceStore(folder / "evidence", 1 << 20),
                               clock=lambda: opened, default_policy=WINDOW)
    await service.ensure_community(Community("console", "console", "Console",
                                             policy=WINDOW.to_json()))
    ctx = Context(ANA, "console", "console", People())
    case_ids = []
    for n in range(due // 2):
        line = f"/mediate open @c{n} Case {n} side=brand category=other summary=s desired_outcome=d"
        case_ids.append((await service.handle(parse(line), ctx)).case_id)
    await store.close()
    raw = sqlite3.connect(db)
    columns = [row[1] for row in raw.execute("PRAGMA table_info(cases)")]
    later = (pending - due) // LATER_PER_CASE + 1
    raw.executemany(
        f"INSERT INTO cases ({', '.join(columns)}) SELECT "
        f"{', '.join('?' if c == 'id' else c for c in columns)} FROM cases WHERE id = ?",
        [(f"LATER-{n}", case_ids[0]) for n in range(later)])
    far = [(f"LATER-{i % later}", f"later:{i}", stored(now + timedelta(days=30, seconds=i)))
           for i in range(pending - due)]
    raw.executemany("INSERT INTO deadlines (case_id, key, due_at) VALUES (?, ?, ?)", far)
    raw.commit()
    raw.close()


# The due rows with their cases' communities, as the store asks for them.
DUE = ("SELECT d.id, d.case_id, d.key, d.due_at, c.community_id FROM deadlines d "
       "JOIN cases c ON c.id = d.case_id WHERE d.fired_at IS NULL AND d.cancelled_at IS NULL "
       "AND d.due_at <= ? ORDER BY d.due_at, d.id ")


def raw_queries(db: Path, now: datetime) -> tuple[float, float, int]:
    """The same indexed queries through sqlite3: (rebuild seconds, sweep seconds, rows)."""
    raw = sqlite3.connect(db)
    start = time.perf_counter()
    raw.execute(DUE + "LIMIT 100", (stored(now - timedelta(days=1)),)).fetchall()
    raw.execute("SELECT due_at FROM deadlines WHERE fired_at IS NULL AND cancelled_at IS NULL "
                "AND due_at > ? AND due_at <= ? GROUP BY due_at ORDER BY due_at LIMIT 1000",
                (stored(now), stored(now + HORIZON))).fetchall()
    rebuild = time.perf_counter() - start
    start = time.perf_counter()
    rows = raw.execute(DUE + "LIMIT 5000", (stored(now),)).fetchall()
    sweep = time.perf_counter() - start
    raw.close()
    return rebuild, sweep, len(rows)


async def sweeps(db: Path, now: datetime, rounds: int
                 ) -> tuple[dict[str, list[float]], dict[str, list[float]], int]:
    """Rebuild and sweep times through the store and through sqlite3, alternating."""
    store = SqlCaseStore(create_engine(f"sqlite:///{db}"))
    ours: dict[str, list[float]] = {"rebuild": [], "sweep": []}
    theirs: dict[str, list[float]] = {"rebuild": [], "sweep": []}
    found = 0
    for _ in range(rounds):
        start = time.perf_counter()
        await store.due_deadlines(now - timedelta(days=1), 100)
        await store.next_due_times(now, now + HORIZON)
        ours["rebuild"].append(time.perf_counter() - start)
        start = time.perf_counter()
        found = len(await store.due_deadlines(now, 5000))
        ours["sweep"].append(time.perf_counter() - start)
        rebuild, sweep, raw_found = raw_queries(db, now)
        assert raw_found == found
        theirs["rebuild"].append(rebuild)
        theirs["sweep"].append(sweep)
    await store.close()
    return ours, theirs, found


async def fire_at_start_up(db: Path, folder: Path) -> tuple[float, int]:
    """A process starting on `db` fires what is due: (seconds, deadlines done: fired, or
    cancelled when an earlier firing of their case made them moot)."""
    store = SqlCaseStore(create_engine(f"sqlite:///{db}"))
    service = MediationService(store, FileEvidenceStore(folder / "evidence", 1 << 20))
    timers = Scheduler(service, sweep_seconds=3600)
    settle_heap()  # as `mediator deadlines` does before its timers start
    start = time.perf_counter()
    await timers.start()  # its first sweep fires every due row
    seconds = time.perf_counter() - start
    await timers.stop()
    left = len(await store.due_deadlines(datetime.now(UTC), 5000))
    await store.close()
    assert left == 0, f"{left} deadlines left due"
    raw = sqlite3.connect(db)
    done = raw.execute("SELECT count(*) FROM deadlines WHERE fired_at IS NOT NULL "
                       "OR cancelled_at IS NOT NULL").fetchone()[0]
    raw.close()
    return seconds, int(done)


@dataclass
class CaseWrites:
    """What firing a case's deadlines wrote, as rows to write again."""

    marks: list[tuple[Any, ...]] = field(default_factory=list)  # (fired_at, cancelled_at, id)
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    case: tuple[Any, ...] = ()  # the row's values but its id, then (id, version before)
    outbox: list[tuple[Any, ...]] = field(default_factory=list)


def written(before: Path, after: Path) -> tuple[list[CaseWrites], list[str], list[str]]:
    """The writes the service's firing made (`after` against `before`), per case; and the
    case and outbox columns they set."""
    raw = sqlite3.connect(after)
    raw.execute("ATTACH DATABASE ? AS before", (str(before),))
    case_columns = [row[1] for row in raw.execute("PRAGMA main.table_info(cases)")
                    if row[1] != "id"]
    outbox_columns = [row[1] for row in raw.execute("PRAGMA main.table_info(outbox)")
                      if row[1] != "id"]
    cases: dict[str, CaseWrites] = {}
    for case_id, *mark in raw.execute(
            "SELECT d.case_id, d.fired_at, d.cancelled_at, d.id FROM deadlines d "
            "JOIN before.deadlines b ON b.id = d.id WHERE b.fired_at IS NULL "
            "AND b.cancelled_at IS NULL AND (d.fired_at IS NOT NULL OR d.cancelled_at IS NOT "
            "NULL) ORDER BY d.id"):
        cases.setdefault(case_id, CaseWrites()).marks.append(tuple(mark))
    added = raw.execute("SELECT count(*) FROM deadlines WHERE id > "
                        "(SELECT max(id) FROM before.deadlines)").fetchone()[0]
    assert added == 0, f"firing added {added} deadline rows: write them in raw too"
    for row in raw.execute(
            "SELECT j.* FROM journal_entries j JOIN before.cases c ON c.id = j.case_id "
            "WHERE j.seq > c.version ORDER BY j.case_id, j.seq"):
        cases[row[0]].entries.append(row)
    for row in raw.execute(
            f"SELECT c.id, {', '.join('c.' + c for c in case_columns)}, b.version "
            "FROM cases c JOIN before.cases b ON b.id = c.id WHERE c.version > b.version"):
        cases[row[0]].case = (*row[1:-1], row[0], row[-1])
    for row in raw.execute(
            f"SELECT case_id, {', '.join(outbox_columns)} FROM outbox WHERE id > "
            "(SELECT coalesce(max(id), 0) FROM before.outbox) ORDER BY id"):
        cases[row[0]].outbox.append(row[1:])
    raw.close()
    return list(cases.values()), case_columns, outbox_columns


def raw_firing(db: Path, cases: list[CaseWrites], case_columns: list[str],
               outbox_columns: list[str]) -> float:
    """Write the same rows with sqlite3, one transaction per deadline (a case's entries, row
    and outbox with its last deadline): deadlines per second."""
    raw = sqlite3.connect(db, isolation_level=None)
    # The service's durability and checks (storage/engine.py).
    raw.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON")
    mark = ("UPDATE deadlines SET fired_at = ?, cancelled_at = ? WHERE id = ? "
            "AND fired_at IS NULL AND cancelled_at IS NULL")
    update_case = (f"UPDATE cases SET {', '.join(c + ' = ?' for c in case_columns)} "
                   "WHERE id = ? AND version = ?")
    insert_entry = f"INSERT INTO journal_entries VALUES ({', '.join('?' * 12)})"
    insert_outbox = (f"INSERT INTO outbox ({', '.join(outbox_columns)}) "
                     f"VALUES ({', '.join('?' * len(outbox_columns))})")
    deadlines = 0
    start = time.perf_counter()
    for case in cases:
        for n, values in enumerate(case.marks, 1):
            raw.execute("BEGIN IMMEDIATE")
            assert raw.execute(mark, values).rowcount == 1
            if n == len(case.marks):
                if case.entries:
                    raw.executemany(insert_entry, case.entries)
                if case.case:
                    assert raw.execute(update_case, case.case).rowcount == 1
                if case.outbox:
                    raw.executemany(insert_outbox, case.outbox)
            raw.execute("COMMIT")
            deadlines += 1
    seconds = time.perf_counter() - start
    raw.close()
    return deadlines / seconds


async def bench(pending: int, due: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "template.db"
        now = datetime.now(UTC)
        await seed(template, folder, pending, due, now)
        ours, theirs, found = await sweeps(template, now, rounds)
        firing, raw, writes = [], [], ""
        for r in range(rounds):
            db = copy(template, folder / f"service{r}.db")
            seconds, fired = await fire_at_start_up(db, folder)
            assert fired == found, (fired, found)
            firing.append(fired / seconds)
            cases, case_columns, outbox_columns = written(template, db)
            raw.append(raw_firing(copy(template, folder / f"raw{r}.db"), cases,
                                  case_columns, outbox_columns))
            writes = (f"{sum(len(c.entries) for c in cases):,} entries, "
                      f"{sum(bool(c.case) for c in cases):,} case rows, "
                      f"{sum(len(c.marks) for c in cases):,} deadline marks, "
                      f"{sum(len(c.outbox) for c in cases):,} outbox rows")
    print(f"{pending:,} pending deadline rows, {found:,} due; medians of {rounds} rounds, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    for name in ("rebuild", "sweep"):
        mine, them = statistics.median(ours[name]), statistics.median(theirs[name])
        print(f"{name}: {mine * 1000:.2f} ms, raw sqlite3 {them * 1000:.2f} ms "
              f"= {100 * them / mine:.0f}% of raw speed")
    print(f"firing the {found:,} due at start-up wrote {writes} (rounds: service "
          f"{', '.join(f'{r:,.0f}' for r in firing)}/s; raw "
          f"{', '.join(f'{r:,.0f}' for r in raw)}/s)")
    mine, them = statistics.median(ours["sweep"]), statistics.median(theirs["sweep"])
    print(f"sweep: {mine * 1000:.2f} ms for {found:,} due = {100 * them / mine:.0f}% of raw")
    rate, raw_rate = statistics.median(firing), statistics.median(raw)
    print(f"firing: {rate:,.0f}/s = {100 * rate / raw_rate:.0f}% of raw")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000, help="due rows (two per case)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(bench(args.pending, args.due, args.rounds))


if __name__ == "__main__":
    main()
