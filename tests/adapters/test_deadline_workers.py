"""Two deadline worker processes on PostgreSQL, 1,000 deadlines falling due within seconds:
each fires exactly once (counted in the journal), also when one worker is killed midway."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.domain import kinds
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
from tests.conftest import own_postgres_database

ROOT = Path(__file__).resolve().parents[2]
CASES = 500  # each with a reminder and a response deadline: 1,000 rows
ANA = Actor("console:ana", "Ana")
WINDOW = Policy(response_window=timedelta(seconds=10), reminder_lead=timedelta(seconds=5))


class People:
    async def resolve(self, token: str) -> Actor | None:
        name = token.lstrip("@")
        return Actor(f"console:{name}", name)


@pytest.fixture
async def database() -> AsyncIterator[str]:
    """A database of its own (worker processes take their database from DATABASE_URL)."""
    async with own_postgres_database("workers") as url:
        yield url


async def start_worker(url: str, log: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_URL": url, "DEADLINE_SWEEP": "0.5s",
           "LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT)}
    with log.open("wb") as sink:  # a file, not a pipe nobody reads: logging never blocks
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.scheduler", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=sink)


async def fired(store: SqlCaseStore) -> int:
    async with store.engine.connect() as connection:
        result = await connection.execute(
            text("SELECT count(*) FROM deadlines WHERE fired_at IS NOT NULL"))
        return int(result.scalar_one())


async def test_two_workers_fire_each_deadline_once_even_when_one_is_killed(
        database: str, tmp_path: Path) -> None:
    engine = create_engine(database)
    await upgrade(engine)
    store = SqlCaseStore(engine)
    service = MediationService(store, FileEvidenceStore(tmp_path, 1 << 20),
                               default_policy=WINDOW)
    await service.ensure_community(Community("console", "console", "Console",
                                             policy=WINDOW.to_json()))
    logs = [tmp_path / f"worker{n}.log" for n in range(2)]
    workers = [await start_worker(database, log) for log in logs]
    try:
        ctx = Context(ANA, "console", "console", People())
        case_ids = []
        for n in range(CASES):
            line = (f"/mediate open @creator{n} Case {n} side=brand category=other "
                    "summary=s desired_outcome=d")
            case_ids.append((await service.handle(parse(line), ctx)).case_id)

        # Kill one worker once firing is well under way.
        for _ in range(600):
            if await fired(store) >= 300:
                break
            await asyncio.sleep(0.05)
        killed = workers[0]
        killed.send_signal(signal.SIGKILL)
        await killed.wait()

        for _ in range(1200):
            if await fired(store) == 2 * CASES:
                break
            await asyncio.sleep(0.05)
        assert await fired(store) == 2 * CASES, "not every deadline fired"
        assert workers[1].returncode is None, "the surviving worker died"

        counts: Counter[str] = Counter()
        for case_id in case_ids:
            assert case_id is not None
            journal = [e.kind for e in await store.entries(case_id)]
            assert journal.count(kinds.DEADLINE_PASSED) == 1, (case_id, journal)
            assert journal.count(kinds.REMINDER_SENT) <= 1, (case_id, journal)
            counts.update(journal)
        assert counts[kinds.DEADLINE_PASSED] == CASES
        assert counts[kinds.MEDIATOR_REQUESTED] == CASES
        # A reminder is skipped only when its deadline was due by the time it fired.
        async with store.engine.connect() as connection:
            rows = await connection.execute(text(
                "SELECT r.case_id, r.fired_at >= d.due_at FROM deadlines r JOIN deadlines d "
                "ON d.case_id = r.case_id AND d.key = 'response' WHERE r.key = 'remind:response'"))
            late = {case_id for case_id, was_late in rows.all() if was_late}
        for case_id in case_ids:
            journal = [e.kind for e in await store.entries(case_id)]  # type: ignore[arg-type]
            assert journal.count(kinds.REMINDER_SENT) == (0 if case_id in late else 1)
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.send_signal(signal.SIGTERM)
                await worker.wait()
        await store.close()
