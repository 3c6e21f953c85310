"""The one change the journal's triggers allow: a version 2 entry's content replaced by its
remains (payload rewritten, name and salt emptied), nothing its hash covers touched. Every
other UPDATE is still refused by the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database_url import normalize
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.repository import SqlCaseStore

from .builders import event, open_case

FIXTURE = Path(__file__).parent / "fixtures" / "journal-v1.db"
REFUSED = "journal entries are append-only"
REMAINS = '{"erased":{"at":"2027-01-01","entry":3,"reason":"r"},"ref":"m1","text":""}'
ERASE = ("UPDATE journal_entries SET payload = :payload, actor_name = '', salt = NULL{more} "
         "WHERE case_id = 'C-1' AND seq = {seq}")


async def _rows(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(text("SELECT * FROM journal_entries ORDER BY seq"))
        return [tuple(row) for row in result.all()]


async def _run(engine: AsyncEngine, statement: str, payload: str = REMAINS) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(statement), {"payload": payload})


async def _case(store: SqlCaseStore) -> None:
    await open_case(store, "C-1", events=[event(text="secret one", ref="m1"),
                                          event(text="secret two", ref="m2"),
                                          event("content_erased", reason="r", entries=[1])])


async def test_content_can_be_replaced_by_its_remains(store: SqlCaseStore,
                                                      engine: AsyncEngine) -> None:
    await _case(store)
    before = await _rows(engine)
    await _run(engine, ERASE.format(more="", seq=1))
    after = await _rows(engine)
    assert after[1:] == before[1:]
    assert "secret one" not in repr(after[0]) and after[0][-2] is None  # salt
    assert after[0][-1] == before[0][-1] and after[0][11] == before[0][11]  # commitment, hash


@pytest.mark.parametrize("change, payload", [
    (", kind = 'forged'", REMAINS),
    (", hash = '" + "0" * 64 + "'", REMAINS),
    (", content_hash = NULL", REMAINS),
    (", at = '2020-01-01T00:00:00.000000Z'", REMAINS),
    (", actor_id = 'console:mallory'", REMAINS),
    ("", '{"text":"rewritten, not erased"}'),  # no note of an erasure
])
async def test_an_erasure_that_changes_anything_else_is_refused(
        store: SqlCaseStore, engine: AsyncEngine, change: str, payload: str) -> None:
    await _case(store)
    before = await _rows(engine)
    with pytest.raises(DBAPIError, match=REFUSED):
        await _run(engine, ERASE.format(more=change, seq=1), payload)
    assert await _rows(engine) == before


async def test_what_is_erased_stays_erased_and_the_record_of_it_is_kept(
        store: SqlCaseStore, engine: AsyncEngine) -> None:
    await _case(store)
    await _run(engine, ERASE.format(more="", seq=1))
    before = await _rows(engine)
    with pytest.raises(DBAPIError, match=REFUSED):  # no salt left: nothing to erase again
        await _run(engine, ERASE.format(more="", seq=1), '{"erased":{},"text":"new words"}')
    with pytest.raises(DBAPIError, match=REFUSED):  # the erasure's own entry
        await _run(engine, ERASE.format(more="", seq=3))
    assert await _rows(engine) == before


async def test_a_version_1_entry_cannot_be_erased(tmp_path: Path) -> None:
    """Its hash covers its content itself: erasing it would break the chain."""
    db = tmp_path / "mediation.db"
    shutil.copy(FIXTURE, db)
    engine = create_engine(normalize(f"sqlite:///{db}"))
    try:
        await upgrade(engine)
        before = await _rows_of(engine)
        with pytest.raises(DBAPIError, match=REFUSED):
            await _run(engine, "UPDATE journal_entries SET payload = :payload, "
                       "actor_name = '', salt = NULL WHERE seq = 2")
        assert await _rows_of(engine) == before
    finally:
        await engine.dispose()


async def _rows_of(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(
            text("SELECT * FROM journal_entries ORDER BY case_id, seq"))
        return [tuple(row) for row in result.all()]
