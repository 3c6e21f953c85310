"""The shipped migrations: they build the schema the models describe, and run once."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import migrate
from storage.models import Base
from tests.conftest import MakeEngine

TABLES = {
    "communities",
    "cases",
    "participants",
    "journal_entries",
    "evidence",
    "deadlines",
    "outbox",
    "rooms",
    "checkpoints",
}


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_a_fresh_database_has_no_revision(make_engine: MakeEngine) -> None:
    engine = await make_engine()
    assert await migrate.current_revision(engine) is None


async def test_upgrade_creates_every_table_and_reaches_head(make_engine: MakeEngine) -> None:
    engine = await make_engine()
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision() == "0006"
    async with engine.connect() as connection:
        assert await connection.run_sync(_tables) >= TABLES | {"alembic_version"}


async def test_upgrading_twice_is_a_no_op(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        before = await connection.run_sync(_tables)
    await migrate.upgrade(engine)
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()
    async with engine.connect() as connection:
        assert await connection.run_sync(_tables) == before


def _differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_build_exactly_what_the_models_describe(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


def _downgrade_to_base(connection: Connection) -> None:
    config = migrate.alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "base")


async def test_downgrade_then_upgrade_again(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_to_base)
    async with engine.connect() as connection:
        assert await connection.run_sync(_tables) & TABLES == set()
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


def test_migrations_ship_as_package_data() -> None:
    # pyproject.toml packages migrations/*.py, migrations/versions/*.py and migrations/*.mako:
    # every file alembic needs must match one of those patterns.
    folder = migrate.MIGRATIONS
    shipped = {
        *folder.glob("*.py"),
        *folder.glob("versions/*.py"),
        *folder.glob("*.mako"),
    }
    needed = {
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    }
    assert needed == shipped
    assert {p.name for p in shipped} >= {"env.py", "script.py.mako", "0001_initial.py"}
