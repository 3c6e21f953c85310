"""The write batch: what the prepared statements of an append store is what Core stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import CaseRow
from storage.repository import SqlCaseStore

from .builders import T0, append_to, event, open_case


async def _raw_case_row(engine: AsyncEngine, case_id: str) -> dict[str, object]:
    async with engine.connect() as connection:
        row = (await connection.execute(
            text("SELECT * FROM cases WHERE id = :id"), {"id": case_id})).mappings().one()
    return dict(row)


async def test_an_update_stores_the_same_bytes_as_the_insert(
        store: SqlCaseStore, engine: AsyncEngine) -> None:
    # The case row is inserted through Core and updated through the hot path. With the same
    # values, the raw stored values (dates, flags) must come out identical.
    _, opened = await open_case(store, "C-1", mediation_requested=True)
    inserted = await _raw_case_row(engine, "C-1")
    _, moved = await append_to(store, opened, event(text="hi"), now=opened.updated_at,
                               mediation_requested=True)
    updated = await _raw_case_row(engine, "C-1")
    assert updated["updated_at"] == inserted["updated_at"] == inserted["opened_at"]
    assert updated["mediation_requested"] == inserted["mediation_requested"]
    assert updated["version"] == moved.version == 2
    assert updated["last_hash"] == moved.last_hash


async def test_an_updated_case_reads_back_exactly(store: SqlCaseStore) -> None:
    _, opened = await open_case(store, "C-1")
    later = T0 + timedelta(hours=5, microseconds=123_456)
    _, moved = await append_to(store, opened, event(text="hi"), now=later, phase="statements",
                               closed_reason=None, title="Renamed: ünïcödé ✓")
    assert await store.case("C-1") == moved
    assert (await store.case("C-1")).updated_at == later  # type: ignore[union-attr]


_MOMENTS = [
    datetime(2026, 11, 21, 19, 0, tzinfo=UTC),
    datetime(1000, 1, 2, 0, 0, 0, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(9999, 12, 30, 23, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=-11))),
]


@pytest.mark.parametrize("moment", _MOMENTS)
@pytest.mark.parametrize("flag", [True, False])
async def test_times_and_flags_are_written_as_core_writes_them(
        store: SqlCaseStore, engine: AsyncEngine, moment: datetime, flag: bool) -> None:
    _, opened = await open_case(store, "C-1")
    await append_to(store, opened, event(text="hi"), now=moment, mediation_requested=flag)
    stored = await _raw_case_row(engine, "C-1")
    dialect = engine.dialect
    columns = CaseRow.__table__.c
    core_time = columns.updated_at.type.dialect_impl(dialect).bind_processor(dialect)
    core_flag = columns.mediation_requested.type.dialect_impl(dialect).bind_processor(dialect)
    if dialect.name == "sqlite":  # stored as Core's bind processors made them
        assert core_time is not None and core_flag is not None
        assert stored["updated_at"] == core_time(moment)
        assert stored["mediation_requested"] == core_flag(flag)
    else:
        assert stored["updated_at"] == moment
        assert stored["mediation_requested"] is flag
