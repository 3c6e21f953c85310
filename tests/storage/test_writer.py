"""The write batch: what the prepared SQLite statements store is what Core stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import CaseRow
from storage.repository import SqlCaseStore
from storage.writer import sqlite_time

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


_DIALECT = sqlite.dialect()
_CORE_TIME = CaseRow.__table__.c.updated_at.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
_CORE_FLAG = CaseRow.__table__.c.mediation_requested.type.dialect_impl(
    _DIALECT).bind_processor(_DIALECT)


@given(st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30),
                    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                                               timezone(timedelta(hours=-11))])))
def test_times_are_written_as_core_writes_them(moment: datetime) -> None:
    assert _CORE_TIME is not None
    assert sqlite_time(moment) == _CORE_TIME(moment)


def test_flags_are_written_as_core_writes_them() -> None:
    assert _CORE_FLAG is not None
    assert [_CORE_FLAG(True), _CORE_FLAG(False)] == [1, 0]
