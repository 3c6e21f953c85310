"""SQLite writes with nothing else waiting run in place on the event loop, but only when the
write lock is free at once: a lock held elsewhere is waited for in the writer thread, with
the event loop free all along."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.repository import SqlCaseStore
from storage.sqlite_writer import begin_immediate

from .builders import append_to, event, open_case


@pytest.fixture
def sqlite_file(engine: AsyncEngine) -> Path:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    assert engine.url.database
    return Path(engine.url.database)


async def _threads_of_writes(store: SqlCaseStore, alone: bool) -> set[str]:
    """The threads the append runs its statements on; unless `alone`, while another unit of
    work of the store is open (another case's command, deciding)."""
    names: set[str] = set()
    _, opened = await open_case(store, "C-1")
    await store.trace_writes(lambda _sql: names.add(threading.current_thread().name))
    await asyncio.sleep(0.01)  # a quiet moment: the loop waits for events
    try:
        if alone:
            await append_to(store, opened, event(text="hello"))
        else:
            async with store.transaction():
                await append_to(store, opened, event(text="hello"))
    finally:
        await store.trace_writes(None)
    return names


async def test_a_lone_write_runs_on_the_event_loop(store: SqlCaseStore, sqlite_file: Path
                                                   ) -> None:
    assert await _threads_of_writes(store, alone=True) == {threading.current_thread().name}
    assert [e.payload["text"] for e in (await store.entries("C-1"))[1:]] == ["hello"]


async def test_other_writes_go_to_the_writer_thread(store: SqlCaseStore, sqlite_file: Path
                                                    ) -> None:
    names = await _threads_of_writes(store, alone=False)
    assert names and all(name.startswith("sqlite-writer") for name in names), names


async def test_a_held_write_lock_is_waited_for_off_the_loop(
    store: SqlCaseStore, sqlite_file: Path
) -> None:
    _, opened = await open_case(store, "C-1")
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's writer, say
    try:
        write = asyncio.create_task(append_to(store, opened, event(text="hi")))
        ticks = 0
        for _ in range(20):  # the loop keeps running while the write waits for the lock
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks == 20 and not write.done()
    finally:
        other.execute("COMMIT")
        other.close()
    await asyncio.wait_for(write, 10)
    assert [e.payload.get("text") for e in await store.entries("C-1")][1:] == ["hi"]


def _write_locked(path: Path) -> tuple[sqlite3.Connection, sqlite3.Connection]:
    """A connection holding the write lock of a WAL database, and one without a timeout."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    return holder, sqlite3.connect(path, isolation_level=None, timeout=0)


def test_without_waiting_a_taken_lock_changes_nothing(tmp_path: Path) -> None:
    holder, waiter = _write_locked(tmp_path / "x.db")
    assert begin_immediate(waiter, wait=False) is False
    assert not waiter.in_transaction
    holder.execute("COMMIT")
    assert begin_immediate(waiter, wait=False) is True
    waiter.execute("ROLLBACK")


def test_waiting_gives_up_like_sqlite_after_the_busy_timeout(tmp_path: Path) -> None:
    holder, waiter = _write_locked(tmp_path / "x.db")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_immediate(waiter, wait=True, timeout=0.05)
    assert not waiter.in_transaction
    holder.execute("COMMIT")
