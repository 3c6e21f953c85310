"""Engine settings: SQLite durability and locking, PostgreSQL search_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine
from storage.migrate import upgrade
from tests.conftest import MakeEngine


async def _scalar(engine: AsyncEngine, statement: str) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(text(statement))).scalar_one()


async def test_sqlite_connections_are_durable_and_strict(make_engine: MakeEngine) -> None:
    engine = await make_engine()
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    assert await _scalar(engine, "PRAGMA journal_mode") == "wal"
    assert await _scalar(engine, "PRAGMA synchronous") == 2  # FULL
    assert await _scalar(engine, "PRAGMA foreign_keys") == 1
    assert await _scalar(engine, "PRAGMA recursive_triggers") == 1
    assert await _scalar(engine, "PRAGMA busy_timeout") == 30_000


async def test_sqlite_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "cases.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    assert path.is_file()


async def test_sqlite_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    engine = create_engine("sqlite:///:memory:")
    try:
        await upgrade(engine)
        assert await _scalar(engine, "SELECT count(*) FROM journal_entries") == 0
    finally:
        await engine.dispose()
    assert list(tmp_path.iterdir()) == []  # no file named ":memory:" or anything else


async def test_search_path_only_for_postgresql(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="search_path"):
        create_engine(f"sqlite:///{tmp_path / 'x.db'}", search_path="s")


async def test_postgresql_search_path_puts_everything_in_the_schema(
    engine: AsyncEngine, search_path: str | None
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    assert await _scalar(engine, "SELECT current_schema()") == search_path
    tables = await _scalar(
        engine,
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() "
        "AND table_name IN ('journal_entries', 'alembic_version')",
    )
    assert tables == 2


def test_bad_urls_are_refused_before_connecting() -> None:
    with pytest.raises(ValueError):
        create_engine("mysql://root@localhost/bot")
