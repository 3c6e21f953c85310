"""A process on a PostgreSQL database that `mediator migrate` has not brought up to date stops
with a message saying so, and touches nothing; once migrated, it runs."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from storage.database_url import normalize
from storage.engine import create_engine
from tests.conftest import own_postgres_database

ROOT = Path(__file__).resolve().parents[2]


PLATFORMS = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "secret",
             "SLACK_API_URL": "http://127.0.0.1:9/api/", "DISCORD_TOKEN": "token",
             "DISCORD_API_URL": "http://127.0.0.1:9/api"}  # never reached


def mediator(args: list[str], cwd: Path, database: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "EVIDENCE_DIR"))}
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env={**env, **PLATFORMS, "PYTHONPATH": str(ROOT),
                               "DATABASE_URL": database})


async def tables(database: str) -> list[str]:
    engine = create_engine(normalize(database))
    try:
        async with engine.connect() as connection:
            found = await connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            return sorted(row[0] for row in found)
    finally:
        await engine.dispose()


async def test_an_unmigrated_database_stops_the_process_with_a_message(tmp_path: Path) -> None:
    async with own_postgres_database("unmigrated") as database:
        for command in (["cases"], ["deadlines"], ["slack"], ["discord"]):
            run = await asyncio.to_thread(mediator, command, tmp_path, database)
            assert run.returncode == 2, run.stdout + run.stderr
            assert "is at schema revision none" in run.stderr, run.stderr
            assert "run `mediator migrate` first" in run.stderr
            assert "Traceback" not in run.stderr
        assert await tables(database) == []
        migrated = await asyncio.to_thread(mediator, ["migrate"], tmp_path, database)
        assert migrated.returncode == 0, migrated.stderr
        listed = await asyncio.to_thread(mediator, ["cases"], tmp_path, database)
        assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr


async def test_a_database_a_newer_release_migrated_is_warned_about_and_used(
        tmp_path: Path) -> None:
    """A rollback, or an old process restarting while a release is under way, keeps running."""
    async with own_postgres_database("newer") as database:
        assert (await asyncio.to_thread(mediator, ["migrate"], tmp_path, database)).returncode == 0
        engine = create_engine(normalize(database))
        try:
            async with engine.begin() as connection:
                await connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
        finally:
            await engine.dispose()
        listed = await asyncio.to_thread(mediator, ["cases"], tmp_path, database)
        assert listed.returncode == 0, listed.stderr
        assert "schema revision f00d, newer than this version's" in listed.stderr
