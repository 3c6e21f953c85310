"""Deadline sweeps over 100,000 pending deadline rows, next to the raw driver running the same
indexed queries in the same run (SQLite: stdlib sqlite3 on the same file).

    .venv/bin/python bench/deadlines.py [--pending 100000] [--due 1000] [--rounds 5]

- start-up rebuild: what a starting process asks before it arms its timers: the rows already
  due (none here) and the due times within the next horizon (1 minute);
- sweep: the rows due now, when 1,000 of the 100,000 are;
- firing: those 1,000 fired through the service (decide, journal, mark fired), for scale.
Medians of the rounds. Last line: `sweep: <ms> ms for <N> due = <R>% of raw`.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.scheduler import Scheduler
from bot.domain.identity import Actor
from bot.outcome import Context
from bot.parser import parse
from bot.ports import Community
from bot.service import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore

HORIZON = timedelta(minutes=1)
ANA = Actor("console:ana", "Ana")


class People:
    async def resolve(self, token: str) -> Actor | None:
        name = token.lstrip("@")
        return Actor(f"console:{name}", name)


def stored(moment: datetime) -> str:
    """A time as SQLAlchemy stores it on SQLite (naive UTC text)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


async def seed(service: MediationService, db: Path, pending: int, due: int,
               now: datetime) -> None:
    """`due` real cases with a response deadline due now; the other rows far in the future,
    spread over those cases (as rows of deadlines a scheduler has not reached yet)."""
    ctx = Context(ANA, "console", "console", People())
    case_ids = []
    for n in range(due):
        line = f"/mediate open @c{n} Case {n} side=brand category=other summary=s desired_outcome=d"
        case_ids.append((await service.handle(parse(line), ctx)).case_id)
    raw = sqlite3.connect(db)
    far = [(case_ids[i % due], f"later:{i}", stored(now + timedelta(days=30, seconds=i)))
           for i in range(pending - 2 * due)]
    raw.executemany("INSERT INTO deadlines (case_id, key, due_at) VALUES (?, ?, ?)", far)
    # Bring the cases' own deadlines (response and its reminder) due now.
    raw.execute("UPDATE deadlines SET due_at = ? WHERE key IN ('response', 'remind:response')",
                (stored(now - timedelta(seconds=1)),))
    raw.commit()
    raw.close()


def raw_queries(db: Path, now: datetime) -> tuple[float, float, int]:
    """The same indexed queries through sqlite3: (rebuild seconds, sweep seconds, rows)."""
    raw = sqlite3.connect(db)
    start = time.perf_counter()
    raw.execute("SELECT id, case_id, key, due_at FROM deadlines WHERE fired_at IS NULL AND "
                "cancelled_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT 100",
                (stored(now - timedelta(days=1)),)).fetchall()
    raw.execute("SELECT due_at FROM deadlines WHERE fired_at IS NULL AND cancelled_at IS NULL "
                "AND due_at > ? AND due_at <= ? GROUP BY due_at ORDER BY due_at LIMIT 1000",
                (stored(now), stored(now + HORIZON))).fetchall()
    rebuild = time.perf_counter() - start
    start = time.perf_counter()
    rows = raw.execute("SELECT id, case_id, key, due_at FROM deadlines WHERE fired_at IS NULL "
                       "AND cancelled_at IS NULL AND due_at <= ? ORDER BY due_at, id "
                       "LIMIT 5000", (stored(now),)).fetchall()
    sweep = time.perf_counter() - start
    raw.close()
    return rebuild, sweep, len(rows)


async def bench(pending: int, due: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "deadlines.db"
        engine = create_engine(f"sqlite:///{db}")
        await upgrade(engine)
        store = SqlCaseStore(engine)
        service = MediationService(store, FileEvidenceStore(Path(folder), 1 << 20))
        await service.ensure_community(Community("console", "console", "Console"))
        now = datetime.now(UTC)
        await seed(service, db, pending, due, now)
        service.journaling.forget_cases()  # a starting process knows no case yet
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
        start = time.perf_counter()
        timers = Scheduler(service, sweep_seconds=3600)
        await timers.start()  # its first sweep fires every due row
        firing = time.perf_counter() - start
        timers.stop()
        left = len(await store.due_deadlines(datetime.now(UTC), 5000))
        await store.close()
    print(f"{pending:,} pending deadline rows, {found:,} due; medians of {rounds} rounds")
    for name in ("rebuild", "sweep"):
        mine, raw = statistics.median(ours[name]), statistics.median(theirs[name])
        print(f"{name}: {mine * 1000:.2f} ms, raw sqlite3 {raw * 1000:.2f} ms "
              f"= {100 * raw / mine:.0f}% of raw speed")
    print(f"firing the {found:,} due through the service at start-up: {firing:.2f} s "
          f"({found / firing:,.0f}/s), {left} left due")
    mine, raw = statistics.median(ours["sweep"]), statistics.median(theirs["sweep"])
    print(f"sweep: {mine * 1000:.2f} ms for {found:,} due = {100 * raw / mine:.0f}% of raw")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(bench(args.pending, args.due, args.rounds))


if __name__ == "__main__":
    main()
