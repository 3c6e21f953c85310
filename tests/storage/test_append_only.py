"""The database itself refuses to change or remove journal entries."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.repository import SqlCaseStore

from .builders import event, open_case

REFUSED = "journal entries are append-only"


async def _raw_rows(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(
            text("SELECT * FROM journal_entries ORDER BY case_id, seq")
        )
        return [tuple(row) for row in result.all()]


async def _attempt(engine: AsyncEngine, statement: str) -> DBAPIError:
    with pytest.raises(DBAPIError) as refused:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    return refused.value


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal_entries SET payload = '{\"forged\": 1}' WHERE case_id = 'C-1'",
        "UPDATE journal_entries SET seq = seq + 100",
        "DELETE FROM journal_entries WHERE case_id = 'C-1' AND seq = 1",
        "DELETE FROM journal_entries",
        # An upsert is an update in disguise.
        "INSERT INTO journal_entries "
        "SELECT * FROM journal_entries WHERE case_id = 'C-1' "
        "ON CONFLICT (case_id, seq) DO UPDATE SET kind = 'forged'",
    ],
)
async def test_updates_and_deletes_are_refused(
    store: SqlCaseStore, engine: AsyncEngine, statement: str
) -> None:
    await open_case(store, "C-1", source="console:1", events=[event(text="a"), event(text="b")])
    before = await _raw_rows(engine)
    assert len(before) == 2

    refused = await _attempt(engine, statement)

    assert REFUSED in str(refused)
    assert await _raw_rows(engine) == before


async def test_insert_or_replace_cannot_overwrite_an_entry_on_sqlite(
    store: SqlCaseStore, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite syntax")
    await open_case(store, "C-1", events=[event(text="original")])
    before = await _raw_rows(engine)

    refused = await _attempt(
        engine,
        "INSERT OR REPLACE INTO journal_entries "
        "SELECT case_id, seq, at, 'forged', actor_id, actor_name, actor_role, visibility, "
        "payload, source, prev_hash, hash, salt, content_hash FROM journal_entries",
    )

    assert REFUSED in str(refused)
    assert await _raw_rows(engine) == before


async def test_truncate_is_refused_on_postgresql(store: SqlCaseStore, engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    await open_case(store, "C-1", events=[event(text="a")])
    before = await _raw_rows(engine)

    for statement in ("TRUNCATE journal_entries", "TRUNCATE cases CASCADE"):
        refused = await _attempt(engine, statement)
        assert REFUSED in str(refused)

    assert await _raw_rows(engine) == before


async def test_appending_still_works(store: SqlCaseStore, engine: AsyncEngine) -> None:
    # The triggers guard UPDATE and DELETE only: a plain INSERT (what the store does) passes.
    await open_case(store, "C-1", events=[event(text="a")])
    await open_case(store, "C-2", events=[event(text="b")])
    assert len(await _raw_rows(engine)) == 2
