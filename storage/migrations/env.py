"""Alembic's entry point for this project's migrations.

`storage.migrate` runs migrations on a connection it already holds (passed in
`config.attributes["connection"]`), so they share the engine's settings: on PostgreSQL the
per-test `search_path`, on SQLite `BEGIN IMMEDIATE`, which makes a whole upgrade one atomic
transaction. Run through the `alembic` command instead, this file builds its own engine.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.database_url import DEFAULT_URL, normalize
from storage.engine import create_engine
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", DEFAULT_URL)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite DDL is transactional once the driver stops committing behind our back (see
        # storage.engine), so a failed upgrade leaves nothing half-done there either.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    engine = create_engine(_url())
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    # `alembic upgrade --sql`: print the DDL for the configured database instead of running it.
    context.configure(url=normalize(_url()), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif (shared := config.attributes.get("connection")) is not None:
    _run(shared)
else:
    asyncio.run(_run_with_own_engine())
