"""The async SQLAlchemy engine, set up for durability on SQLite and per-schema use on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def _configure_sqlite(engine: Engine) -> None:
    """SQLite's pragmas, and transactions that begin IMMEDIATE unless they only read."""
    configure_sqlite_connections(engine)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue on the busy timeout
        # instead of one of them failing with "database is locked" halfway through. Pure reads
        # opt out: under WAL a deferred read transaction is a consistent snapshot that never
        # waits for, nor holds up, a writer.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def configure_sqlite_connections(engine: Engine) -> None:
    """Set SQLite's pragmas on every new connection of `engine`, and leave beginning
    transactions to SQLAlchemy's "begin" event (or to whoever owns the connection)."""

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
            # Erased content (and any deleted row) is overwritten with zeros, not left in
            # free space where the database file would still hold it.
            cursor.execute("PRAGMA secure_delete=ON")
        finally:
            cursor.close()
