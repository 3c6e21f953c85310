"""Journal appends: messages in one case thread, each durably committed before it is
acknowledged, through the whole service (decide, hash, fold, SQLAlchemy, commit), next to the
raw driver inserting the same rows with the same durability, in the same run.

    .venv/bin/python bench/journal.py [--messages 2000] [--rounds 5]

SQLite always (stdlib sqlite3 as raw: WAL, synchronous=FULL, one transaction per row);
PostgreSQL too when TEST_DATABASE_URL or BENCH_DATABASE_URL is set (asyncpg as raw, one
autocommitted INSERT per row). Rounds alternate service and raw; the median round counts.
Last line: `journal append: <N>/s = <R>% of raw` for SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.wiring import settle_heap
from bot.domain.commands import PostMessage
from bot.domain.identity import Actor
from bot.exchange import Context
from bot.input.grammar import parse
from bot.service.mediation import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore

ANA = Actor("console:ana", "Ana")
BEN = Actor("console:ben", "Ben")
TEXT = "The video went live a week late; here is the timeline as I remember it. " * 3

COLUMNS = ("case_id", "seq", "at", "kind", "actor_id", "actor_name", "actor_role", "visibility",
           "payload", "source", "prev_hash", "hash")
SQLITE_TABLE = """CREATE TABLE journal_entries (
    case_id TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL,
    actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, actor_role TEXT NOT NULL,
    visibility TEXT NOT NULL, payload TEXT NOT NULL, source TEXT UNIQUE,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (case_id, seq))"""


class People:
    async def resolve(self, token: str) -> Actor | None:
        return BEN if token.lstrip("@").lower() == "ben" else None


async def open_case(service: MediationService) -> str:
    ctx = Context(ANA, "bench", "console", People())
    line = ('/mediate open @ben Bench case side=brand category=other summary="bench" '
            'desired_outcome="bench"')
    outcome = await service.handle(parse(line), ctx)
    assert outcome.case_id
    return outcome.case_id


async def service_round(url: str, messages: int, search_path: str | None = None
                        ) -> tuple[float, list[tuple[object, ...]]]:
    engine = create_engine(url, search_path=search_path)
    await upgrade(engine)
    store = SqlCaseStore(engine)
    with tempfile.TemporaryDirectory() as folder:
        service = MediationService(store, FileEvidenceStore(Path(folder), 1 << 20))
        case_id = await open_case(service)
        ctx = Context(ANA, "bench", "console", People(), case_id)
        settle_heap()  # as the bot's processes do once they have started
        start = time.perf_counter()
        for i in range(messages):
            await service.act(ctx, case_id, PostMessage(f"{TEXT} ({i})"))
        elapsed = time.perf_counter() - start
    entries = await store.entries(case_id)
    await store.close()
    rows = [(e.case_id, e.seq, e.at, e.kind, e.actor_id, e.actor_name, e.actor_role,
             e.visibility, e.payload_json, e.source, e.prev_hash, e.hash) for e in entries[1:]]
    return messages / elapsed, rows


def raw_sqlite_round(path: Path, rows: list[tuple[object, ...]]) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(SQLITE_TABLE)
    insert = f"INSERT INTO journal_entries VALUES ({', '.join('?' * len(COLUMNS))})"
    start = time.perf_counter()
    for row in rows:
        db.execute("BEGIN IMMEDIATE")
        db.execute(insert, row)
        db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return len(rows) / elapsed


async def raw_postgres_round(url: str, schema: str, rows: list[tuple[object, ...]]) -> float:
    import asyncpg

    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        await conn.execute(f"SET search_path TO {schema}")
        await conn.execute(SQLITE_TABLE.replace("journal_entries", "raw_journal"))
        insert = (f"INSERT INTO raw_journal VALUES "
                  f"({', '.join(f'${i + 1}' for i in range(len(COLUMNS)))})")
        start = time.perf_counter()
        for row in rows:
            await conn.execute(insert, *row)  # autocommit: durable on return
        return len(rows) / (time.perf_counter() - start)
    finally:
        await conn.close()


def report(name: str, service_rates: list[float], raw_rates: list[float]) -> tuple[float, float]:
    service = statistics.median(service_rates)
    raw = statistics.median(raw_rates)
    print(f"{name}: service {service:,.0f}/s, raw {raw:,.0f}/s = {100 * service / raw:.0f}% "
          f"(rounds: service {', '.join(f'{r:,.0f}' for r in service_rates)}; "
          f"raw {', '.join(f'{r:,.0f}' for r in raw_rates)})")
    return service, 100 * service / raw


async def bench_sqlite(messages: int, rounds: int) -> tuple[float, float]:
    service_rates, raw_rates = [], []
    with tempfile.TemporaryDirectory() as folder:
        for r in range(rounds):
            rate, rows = await service_round(f"sqlite:///{folder}/service{r}.db", messages)
            service_rates.append(rate)
            raw_rates.append(raw_sqlite_round(Path(folder) / f"raw{r}.db", rows))
    return report("sqlite", service_rates, raw_rates)


async def bench_postgres(url: str, messages: int, rounds: int) -> None:
    import asyncpg

    plain = url.replace("postgresql+asyncpg://", "postgresql://").replace(
        "postgres://", "postgresql://")
    service_rates, raw_rates = [], []
    for _ in range(rounds):
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(plain)
        await admin.execute(f"CREATE SCHEMA {schema}")
        try:
            rate, rows = await service_round(url, messages, search_path=schema)
            service_rates.append(rate)
            raw_rates.append(await raw_postgres_round(plain, schema, rows))
        finally:
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
            await admin.close()
    report("postgresql", service_rates, raw_rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.messages} messages per round, {args.rounds} rounds, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        asyncio.run(bench_postgres(pg, args.messages, args.rounds))
    rate, ratio = asyncio.run(bench_sqlite(args.messages, args.rounds))
    print(f"journal append: {rate:,.0f}/s = {ratio:.0f}% of raw")


if __name__ == "__main__":
    main()
