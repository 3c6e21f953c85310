"""The async SQLAlchemy engine, set up for durability on SQLite and per-schema use on PostgreSQL."""

from __future__ import annotations

import itertools
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.database_url import normalize

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
"""How long a SQLite writer waits for another process's write lock before giving up."""

READ_ONLY = "storage_read_only"
"""Execution option: this connection only reads, so on SQLite it may begin a plain (deferred)
transaction instead of taking the write lock. Everything else begins IMMEDIATE."""


def create_engine(url: str, *, search_path: str | None = None) -> AsyncEngine:
    """An AsyncEngine for `url` (any form `storage.database_url.normalize` accepts).

    SQLite: WAL, `synchronous=FULL`, foreign keys on, a 30 s busy timeout, and transactions that
    take the write lock when they begin (`BEGIN IMMEDIATE`). PostgreSQL: `search_path`, when
    given, is set on every connection (tests give each test its own schema).
    """
    async_url = make_url(normalize(url))
    if async_url.get_backend_name() == "sqlite":
        if search_path is not None:
            raise ValueError("search_path only applies to PostgreSQL")
        return _sqlite_engine(async_url.render_as_string(hide_password=False), async_url.database)
    connect_args: dict[str, Any] = {}
    if search_path is not None:
        connect_args["server_settings"] = {"search_path": search_path}
    return create_async_engine(async_url, connect_args=connect_args)


def _sqlite_engine(url: str, database: str | None) -> AsyncEngine:
    if database and database != ":memory:" and not database.startswith("file:"):
        # A first run must just work: `sqlite:///data/mediation.db` creates `data/`.
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
    _configure_sqlite(engine.sync_engine)
    return engine


def sqlite_writer_engine(engine: AsyncEngine) -> Engine | None:
    """For a SQLite AsyncEngine, a synchronous twin on the same file for the writer thread
    (None for other databases). A write transaction then runs start to finish in one hop
    from the event loop, instead of one hop per statement through aiosqlite."""
    if engine.dialect.name != "sqlite":
        return None
    url = engine.url.set(drivername="sqlite")
    writer = sa_create_engine(
        url,
        # Used in the writer thread or in place on the event loop, one at a time. No busy
        # timeout: `begin_immediate` waits for the write lock itself, or does not wait at all.
        connect_args={"timeout": 0, "check_same_thread": False},
    )
    _configure_sqlite(writer, driver_begin=True)
    return writer


# How long to sleep between tries for the write lock, as SQLite's own busy handler does.
_BUSY_PAUSES = (0.001, 0.002, 0.005, 0.010, 0.015, 0.020, 0.025, 0.025, 0.025, 0.050, 0.050,
                0.100)


def begin_immediate(driver: sqlite3.Connection, *, wait: bool) -> bool:
    """BEGIN IMMEDIATE on a connection without a busy timeout. While another connection
    holds the write lock: with `wait`, try again for up to SQLITE_BUSY_TIMEOUT_SECONDS, then
    raise "database is locked" as SQLite would; without, return False at once."""
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
                deadline = now + SQLITE_BUSY_TIMEOUT_SECONDS
            elif now >= deadline:
                raise
        time.sleep(_BUSY_PAUSES[min(tries, len(_BUSY_PAUSES) - 1)])
    raise AssertionError("unreachable")  # for type checkers: count() never ends


def _configure_sqlite(engine: Engine, *, driver_begin: bool = False) -> None:
    """SQLite's pragmas and transaction starts. `driver_begin`: BEGIN straight on the sqlite3
    connection (for the writer thread's engine, where SQLAlchemy's statement machinery for a
    BEGIN costs more than the BEGIN itself; the statement is the same)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module: in its legacy mode it does not
        # BEGIN before SELECTs or DDL, and it would upgrade a read lock to a write lock in the
        # middle of a transaction, which fails at once under contention instead of waiting.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            # WAL: readers never block the writer, nor the writer the readers.
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: every commit is on disk before the bot tells anyone it happened.
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Makes `INSERT OR REPLACE` fire the journal's DELETE trigger: without it, SQLite
            # deletes the replaced row silently and an entry could be overwritten.
            cursor.execute("PRAGMA recursive_triggers=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
        # instead of one of them failing with "database is locked" halfway through. Pure reads
        # opt out: under WAL a deferred read transaction is a consistent snapshot that never
        # waits for, nor holds up, a writer.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        elif driver_begin:
            # The store's writer begins its transactions itself (`begin_immediate`); a
            # statement made through SQLAlchemy then joins the one already begun.
            driver = connection.connection.dbapi_connection
            assert isinstance(driver, sqlite3.Connection)
            if not driver.in_transaction:
                begin_immediate(driver, wait=True)
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
