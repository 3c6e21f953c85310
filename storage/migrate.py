"""Bring a database's schema up to date with the migrations shipped in this package.

Configured in code (no alembic.ini at run time), and run on a connection of the caller's
engine, so the engine's settings (PostgreSQL `search_path`, SQLite pragmas) apply to the
migrations and to Alembic's version table alike.

`python -m storage.migrate` upgrades the database named by `DATABASE_URL` (the `release:`
step of a deployment).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database_url import DEFAULT_URL, normalize, redact
from storage.engine import READ_ONLY, create_engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")

# Any fixed 64-bit number: PostgreSQL workers starting together take turns to migrate.
_POSTGRES_LOCK_KEY = 0x6D65_6469_6174_6F72  # "mediator"


def alembic_config() -> Config:
    """An Alembic configuration pointing at this package's migrations; no ini file needed."""
    config = Config()
    # ConfigParser treats `%` as interpolation: escape it in case the path contains one.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision shipped in this package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def known_revision(revision: str) -> bool:
    """Whether `revision` is one this package ships (a newer release's is not)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:  # "Can't locate revision"
        return False


async def schema_behind(engine: AsyncEngine) -> str | None:
    """What is wrong with a database behind this version (or never migrated), said for the
    person starting the process: its first command would fail. One a newer release migrated
    is only warned about, so that a rollback, or an old process restarting during a release,
    keeps running."""
    at, needed = await current_revision(engine), head_revision()
    if at == needed:
        return None
    if at is not None and not known_revision(at):
        log.warning("the database is at schema revision %s, newer than this version's %s",
                    at, needed)
        return None
    return (f"the database (DATABASE_URL) is at schema revision {at or 'none'}, and this "
            f"version needs {needed}: run `mediator migrate` first")


async def upgrade(engine: AsyncEngine) -> None:
    """Migrate the database to the newest revision; does nothing when it is already there.

    The whole upgrade is one transaction: on SQLite under `BEGIN IMMEDIATE`, on PostgreSQL
    behind an advisory lock, so processes starting at the same time do not race each other.
    """
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK_KEY}
            )
        await connection.run_sync(_upgrade_to_head)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    async with engine.connect() as connection:
        await connection.execution_options(**{READ_ONLY: True})
        return await connection.run_sync(_current_revision)


def _upgrade_to_head(connection: Connection) -> None:
    config = alembic_config()
    # env.py picks this connection up instead of building an engine of its own.
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def _main(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        print(f"{redact(url)} is at revision {await current_revision(engine)}")
    finally:
        await engine.dispose()


def main() -> None:
    """Upgrade the database in `DATABASE_URL` (default: the local SQLite file)."""
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    try:
        normalize(url)
    except ValueError as error:  # a malformed URL: say so without a traceback
        sys.exit(str(error))
    asyncio.run(_main(url))


if __name__ == "__main__":
    main()
