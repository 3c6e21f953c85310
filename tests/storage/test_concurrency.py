"""Optimistic concurrency and idempotency: a failed append writes nothing at all."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.ports import CaseHead, ConflictError, DuplicateSource, OutboxMessage
from storage.repository import SqlCaseStore
from tests.conftest import MakeStore

from .builders import T0, append_to, entries_after, event, open_case, summary_after


async def _snapshot(store: SqlCaseStore, case_id: str) -> tuple[object, ...]:
    return (
        await store.case(case_id),
        await store.entries(case_id),
        await store.pending_outbox("console"),
    )


async def test_a_stale_version_is_a_conflict_and_writes_nothing(store: SqlCaseStore) -> None:
    _, opened = await open_case(store, "C-1")
    _, current = await append_to(store, opened, event(text="first"))
    before = await _snapshot(store, "C-1")

    # Decided on the state before "first": version 1, but the case is at 2.
    stale = entries_after(CaseHead(opened.version, opened.last_hash), "C-1", [event(text="late")])
    with pytest.raises(ConflictError):
        async with store.transaction() as tx:
            await tx.append(
                stale,
                summary_after("C-1", stale, previous=opened, phase="negotiation"),
                opened.version,
            )

    assert await _snapshot(store, "C-1") == before
    assert (await store.head("C-1")) == CaseHead(current.version, current.last_hash)


async def test_the_version_guard_alone_refuses_a_stale_writer(store: SqlCaseStore) -> None:
    # Entries that would fit after the current head, from a writer that read an older
    # version: the journal's keys do not clash, only the case row's version catches it.
    _, opened = await open_case(store, "C-1")
    _, current = await append_to(store, opened, event(text="first"))
    before = await _snapshot(store, "C-1")
    fitting = entries_after(CaseHead(current.version, current.last_hash), "C-1", [event()])
    with pytest.raises(ConflictError):
        async with store.transaction() as tx:
            await tx.append(
                fitting,
                summary_after("C-1", fitting, previous=current),
                opened.version,
            )
    assert await _snapshot(store, "C-1") == before


async def test_appending_to_an_unknown_case_is_a_conflict(store: SqlCaseStore) -> None:
    await open_case(store, "C-1")
    entries = entries_after(CaseHead(1, "f" * 64), "C-9", [event()])
    with pytest.raises(ConflictError):
        async with store.transaction() as tx:
            await tx.append(
                entries,
                summary_after("C-9", entries),
                1,
            )
    assert await store.case("C-9") is None


async def test_opening_an_existing_case_id_is_a_conflict(store: SqlCaseStore) -> None:
    await open_case(store, "C-1", source="console:1")
    before = await _snapshot(store, "C-1")
    with pytest.raises(ConflictError):
        await open_case(store, "C-1", source="console:2", title="another")
    assert await _snapshot(store, "C-1") == before
    assert await store.entries_for_source("console:2") == []


async def test_taken_sequence_numbers_are_a_conflict(store: SqlCaseStore) -> None:
    # The version check passes, but the entries' seqs are taken: still nothing is written.
    _, opened = await open_case(store, "C-1")
    clash = entries_after(None, "C-1", [event(text="again")])  # seq 1 once more
    before = await _snapshot(store, "C-1")
    with pytest.raises(ConflictError):
        async with store.transaction() as tx:
            await tx.append(
                clash,
                replace(opened, version=2, last_hash=clash[-1].hash),
                opened.version,
            )
    assert await _snapshot(store, "C-1") == before


async def test_a_duplicate_source_is_refused_and_writes_nothing(store: SqlCaseStore) -> None:
    first, opened = await open_case(store, "C-1", source="slack:T1:Ev1")
    before = await _snapshot(store, "C-1")

    replay = entries_after(
        CaseHead(opened.version, opened.last_hash), "C-1", [event(), event()], source="slack:T1:Ev1"
    )
    with pytest.raises(DuplicateSource):
        async with store.transaction() as tx:
            await tx.add_outbox([OutboxMessage("C-1", "console", "thread", "must not be sent")])
            await tx.append(
                replay,
                summary_after("C-1", replay, previous=opened, phase="negotiation"),
                opened.version,
            )

    assert await _snapshot(store, "C-1") == before
    assert await store.entries_for_source("slack:T1:Ev1") == first


async def test_a_duplicate_source_in_another_case_is_refused(store: SqlCaseStore) -> None:
    await open_case(store, "C-1", source="slack:T1:Ev1")
    with pytest.raises(DuplicateSource):
        await open_case(store, "C-2", source="slack:T1:Ev1")
    assert await store.case("C-2") is None
    assert await store.entries("C-2") == []


async def test_a_failed_batch_writes_nothing_of_itself(store: SqlCaseStore) -> None:
    # The outbox message is queued first and valid on its own: the duplicate entry after it
    # still takes it down, since the batch runs as one database transaction.
    _, opened = await open_case(store, "C-1", source="s1")
    replay = entries_after(
        CaseHead(opened.version, opened.last_hash), "C-1", [event()], source="s1"
    )
    before = await _snapshot(store, "C-1")
    with pytest.raises(DuplicateSource):
        async with store.transaction() as tx:
            await tx.add_outbox([OutboxMessage("C-1", "console", "thread", "no")])
            await tx.append(
                replay,
                summary_after("C-1", replay, previous=opened),
                opened.version,
            )
    assert await _snapshot(store, "C-1") == before


async def test_an_exception_in_the_block_rolls_back(store: SqlCaseStore) -> None:
    _, opened = await open_case(store, "C-1")
    before = await _snapshot(store, "C-1")
    with pytest.raises(RuntimeError, match="boom"):
        async with store.transaction() as tx:
            more = entries_after(CaseHead(opened.version, opened.last_hash), "C-1", [event()])
            await tx.append(
                more,
                summary_after("C-1", more, previous=opened),
                opened.version,
            )
            await tx.add_outbox([OutboxMessage("C-1", "console", "thread", "hello")])
            raise RuntimeError("boom")
    assert await _snapshot(store, "C-1") == before


async def test_entries_of_another_case_are_refused_before_writing(store: SqlCaseStore) -> None:
    _, opened = await open_case(store, "C-1")
    foreign = entries_after(CaseHead(1, opened.last_hash), "C-2", [event()])
    with pytest.raises(ValueError, match="C-2"):
        async with store.transaction() as tx:
            await tx.append(
                foreign,
                summary_after("C-1", foreign, previous=opened),
                1,
            )
    assert (await store.head("C-1")) == CaseHead(1, opened.last_hash)


async def test_two_stores_racing_on_one_case_one_wins(
    store: SqlCaseStore, make_store: MakeStore
) -> None:
    _, opened = await open_case(store, "C-1")
    other = await make_store()
    head = CaseHead(opened.version, opened.last_hash)

    async def write(writer: SqlCaseStore, text: str, source: str) -> str:
        entries = entries_after(head, "C-1", [event(text=text)], source=source)
        async with writer.transaction() as tx:
            await tx.append(
                entries,
                summary_after("C-1", entries, previous=opened),
                opened.version,
            )
        return text

    results = await asyncio.gather(
        write(store, "from A", "a:1"), write(other, "from B", "b:1"), return_exceptions=True
    )

    winners = [r for r in results if isinstance(r, str)]
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert len(winners) == 1 and len(conflicts) == 1, results
    entries = await other.entries("C-1")
    assert [e.payload.get("text") for e in entries[1:]] == winners
    assert (await store.head("C-1")) == CaseHead(2, entries[-1].hash)


async def test_racing_inside_transactions_on_postgresql(
    store: SqlCaseStore, make_store: MakeStore, engine: AsyncEngine
) -> None:
    # Both writers are inside their transactions and have read the head before either
    # writes. (On SQLite BEGIN IMMEDIATE makes the second wait at its start, so this
    # interleaving cannot happen there.)
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN")
    _, opened = await open_case(store, "C-1")
    other = await make_store()
    both_read = asyncio.Barrier(2)

    async def write(writer: SqlCaseStore, name: str) -> str:
        async with writer.transaction() as tx:
            head = await writer.head("C-1")
            assert head is not None
            await both_read.wait()
            entries = entries_after(head, "C-1", [event(text=name)], source=name)
            await tx.append(
                entries,
                summary_after("C-1", entries, previous=opened),
                head.version,
            )
        return name

    results = await asyncio.gather(write(store, "A"), write(other, "B"), return_exceptions=True)

    assert sorted(type(r).__name__ for r in results) == ["ConflictError", "str"], results
    assert len(await store.entries("C-1")) == 2


async def test_reading_is_not_blocked_by_a_writer(
    store: SqlCaseStore, make_store: MakeStore
) -> None:
    # A reader on another connection gets the last committed state while a write
    # transaction holds SQLite's write lock (a read taking that lock would wait for it).
    _, opened = await open_case(store, "C-1")
    reader = await make_store()
    async with store.transaction() as tx:
        more = entries_after(CaseHead(1, opened.last_hash), "C-1", [event()])
        await tx.append(
            more,
            summary_after("C-1", more, previous=opened),
            1,
        )
        assert await reader.head("C-1") == CaseHead(1, opened.last_hash)
        assert len(await reader.entries("C-1")) == 1
        assert (await reader.case("C-1")) == await reader.case("C-1")
    assert await reader.head("C-1") == CaseHead(2, more[-1].hash)


async def test_a_message_append_is_one_update_and_one_insert(
    store: SqlCaseStore, engine: AsyncEngine
) -> None:
    _, opened = await open_case(store, "C-1")
    statements: list[str] = []
    if engine.dialect.name == "sqlite":
        # What SQLite itself runs, whichever way the writer hands it over.
        await store.trace_writes(statements.append)
        try:
            await append_to(store, opened, event(text="hi"), event(text="again"), now=T0)
        finally:
            await store.trace_writes(None)
        words = [statement.split()[0].upper() for statement in statements]
        # One INSERT statement; SQLite reports each of its rows.
        assert words == ["BEGIN", "UPDATE", "INSERT", "INSERT", "COMMIT"], statements
        assert statements[0].upper() == "BEGIN IMMEDIATE"
        return

    # What PostgreSQL itself runs: asked to (log_statement, client_min_messages), it reports
    # every data-modifying statement to the client, and asyncpg hands the reports to a listener.
    def report(_connection: object, message: object) -> None:
        said = str(getattr(message, "message", ""))
        if ": " in said:
            statements.append(said.split(": ", 1)[1].split()[0].upper())

    def checkout(dbapi_connection: object, _record: object, _proxy: object) -> None:
        driver = dbapi_connection.driver_connection  # type: ignore[attr-defined]
        driver.add_log_listener(report)
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute("SET log_statement = 'mod'")
        cursor.execute("SET client_min_messages = 'log'")

    sa_event.listen(store.write_engine, "checkout", checkout)
    try:
        await append_to(store, opened, event(text="hi"), event(text="again"), now=T0)
        await asyncio.sleep(0)  # asyncpg calls listeners soon after the reports arrive
    finally:
        sa_event.remove(store.write_engine, "checkout", checkout)
    assert statements == ["UPDATE", "INSERT", "INSERT"], statements


async def test_sqlite_transactions_begin_immediate_and_reads_deferred(
    store: SqlCaseStore, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    writes: list[str] = []
    reads: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.upper().startswith("BEGIN"):
            reads.append(statement.upper())

    _, opened = await open_case(store, "C-1")
    await store.trace_writes(lambda statement: writes.append(statement.upper()))
    sa_event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await append_to(store, opened, event(text="hi"))  # one write batch
        async with store.transaction():
            await store.head("C-1")  # a read, and a batch with nothing to write
        await store.head("C-1")
        async with engine.begin() as connection:  # any other transaction: the write lock
            await connection.execute(text("SELECT 1"))
    finally:
        sa_event.remove(engine.sync_engine, "before_cursor_execute", record)
        await store.trace_writes(None)
    assert [w for w in writes if w.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
    assert reads[:-1] and set(reads[:-1]) == {"BEGIN"}
    assert reads[-1] == "BEGIN IMMEDIATE"
