"""The SQLite writer: every write transaction of a process on SQLite runs here.

SQLite has one writer at a time anyway, so a process keeps one connection for its writes, on
a synchronous twin of the store's engine: a transaction runs start to finish in one call
(`_run`), where through aiosqlite every statement, BEGIN and COMMIT would be a hop of its own
between the event loop and the driver's thread.

`_run` is the one place a write runs. It is called in place, on the event loop, when the
pacing says the loop can spare the commit (`storage.pacing`) and the write lock is free at
once; otherwise in the writer thread, which waits for the lock as SQLite's own busy handler
would, so the event loop never waits on another writer.
"""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Connection, create_engine
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import SQLITE_BUSY_TIMEOUT_SECONDS, configure_sqlite_connections
from storage.pacing import WritePacing

Operation = Callable[[Connection], None]
"""One write of a batch, run inside the batch's transaction."""

# How long to sleep between tries for the write lock, as SQLite's own busy handler does.
_BUSY_PAUSES = (0.001, 0.002, 0.005, 0.010, 0.015, 0.020, 0.025, 0.025, 0.025, 0.050, 0.050,
                0.100)


def begin_immediate(driver: sqlite3.Connection, *, wait: bool,
                    timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS) -> bool:
    """BEGIN IMMEDIATE on a connection without a busy timeout. While another connection
    holds the write lock: with `wait`, try again for up to `timeout` seconds, then raise
    "database is locked" as SQLite would; without, return False at once."""
    deadline = None
    for tries in itertools.count():
        try:
            driver.execute("BEGIN IMMEDIATE")
            return True
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                raise
            if not wait:
                return False
            now = time.monotonic()
            if deadline is None:
                deadline = now + timeout
            elif now >= deadline:
                raise
        time.sleep(_BUSY_PAUSES[min(tries, len(_BUSY_PAUSES) - 1)])
    raise AssertionError("unreachable")  # for type checkers: count() never ends


class SqliteWriter:
    """Runs write batches of a SQLite store, one at a time, each in one transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        # No busy timeout: `begin_immediate` waits for the write lock itself, or not at all.
        # Used in the writer thread or in place, one at a time: any thread may use it.
        self.engine = create_engine(engine.url.set(drivername="sqlite"),
                                    connect_args={"timeout": 0, "check_same_thread": False})
        # No BEGIN from SQLAlchemy: `_run` begins on the driver.
        configure_sqlite_connections(self.engine)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer")
        self._connection: Connection | None = None
        self._thread_jobs = 0
        self._pacing = WritePacing()

    async def write(self, operations: Sequence[Operation], alone: bool) -> None:
        """Run `operations` in one transaction: in place if `alone` (nothing else in the
        process waits on the store) and the pacing allows it, else in the writer thread."""
        try:
            # While the thread holds the connection, nothing runs in place.
            if (self._thread_jobs == 0 and self._pacing.in_place(alone)
                    and self._run(operations, wait=False)):
                return
            await self._in_thread(self._run, operations, True)
        finally:
            self._pacing.wrote()

    def _run(self, operations: Sequence[Operation], wait: bool) -> bool:
        """Run a batch in one transaction; False (nothing done) if the write lock is taken
        and `wait` is False."""
        connection = self._writer_connection()
        driver = connection.connection.dbapi_connection
        assert isinstance(driver, sqlite3.Connection)
        if not begin_immediate(driver, wait=wait):
            return False
        # A Core statement makes SQLAlchemy join the transaction begun here (it emits no
        # BEGIN of its own on this engine); the append's prepared statements do not, and a
        # transaction of SQLAlchemy's would cost as much as they do. So: end the transaction
        # through SQLAlchemy if it joined (a no-op otherwise), then on the driver if still open.
        try:
            for operation in operations:
                operation(connection)
        except BaseException:
            connection.rollback()
            if driver.in_transaction:
                driver.rollback()
            raise
        connection.commit()
        if driver.in_transaction:
            driver.commit()
        return True

    async def trace(self, callback: Callable[[str], None] | None) -> None:
        """Hand every statement the writer runs to `callback` (None: stop), as SQLite
        itself reports it."""

        def install() -> None:
            driver = self._writer_connection().connection.dbapi_connection
            assert isinstance(driver, sqlite3.Connection)
            driver.set_trace_callback(callback)

        await self._in_thread(install)

    async def close(self) -> None:
        """Close the writer's connection and engine, and end its thread."""
        await self._in_thread(self._close)
        self._thread.shutdown(wait=False)

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self.engine.dispose()

    async def _in_thread(self, job: Callable[..., Any], *args: Any) -> Any:
        self._thread_jobs += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._thread, job, *args)
        finally:
            self._thread_jobs -= 1

    def _writer_connection(self) -> Connection:
        # One kept connection: checking one out of the pool for every transaction costs as
        # much as the statements.
        if self._connection is None or self._connection.invalidated:
            self._connection = self.engine.connect()
        return self._connection
