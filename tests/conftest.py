"""Fixtures shared by the test packages: databases, engines, stores, the evidence store.

Storage and service tests run on SQLite (a temporary file) always, and on PostgreSQL when
`TEST_DATABASE_URL` is set (otherwise the `postgres` variant is skipped). On PostgreSQL every
test gets a fresh schema of its own, dropped afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database_url import normalize
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore
from tests.s3_server import CREDENTIALS, s3_server

EVIDENCE_TEST_CAP = 1024 * 1024


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3 API server (moto's), for the whole test session."""
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_env(s3_endpoint: str) -> dict[str, str]:
    """The settings a deployment gives to reach that server."""
    return {**CREDENTIALS, "AWS_ENDPOINT_URL": s3_endpoint}


@pytest.fixture(autouse=True, scope="session")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The deployment's signing key file for the test run: made in a temporary folder, not in
    the checkout (the processes the tests start inherit it, and share one key)."""
    path = tmp_path_factory.mktemp("keys") / "signing-keys.json"
    os.environ.setdefault("SIGNING_KEY_FILE", str(path))
    return path

MakeEngine = Callable[[], Awaitable[AsyncEngine]]
MakeStore = Callable[[], Awaitable[SqlCaseStore]]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An async database URL: a fresh SQLite file, or the PostgreSQL in TEST_DATABASE_URL."""
    if request.param == "sqlite":
        return normalize(f"sqlite:///{tmp_path / 'test.db'}")
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set")
    return normalize(url)


@pytest.fixture
async def search_path(database_url: str) -> AsyncIterator[str | None]:
    """A schema of this test's own on PostgreSQL (dropped afterwards); None on SQLite."""
    if not database_url.startswith("postgresql"):
        yield None
        return
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(database_url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f"CREATE SCHEMA {schema}"))
        yield schema
        async with admin.begin() as connection:
            await connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    finally:
        await admin.dispose()


@pytest.fixture
async def make_engine(database_url: str, search_path: str | None) -> AsyncIterator[MakeEngine]:
    """A factory of engines on this test's database and schema; all disposed afterwards."""
    engines: list[AsyncEngine] = []

    async def make() -> AsyncEngine:
        engine = create_engine(database_url, search_path=search_path)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        await engine.dispose()


@pytest.fixture
async def engine(make_engine: MakeEngine) -> AsyncEngine:
    """A migrated engine on this test's database."""
    created = await make_engine()
    await upgrade(created)
    return created


@pytest.fixture
def store(engine: AsyncEngine) -> SqlCaseStore:
    """The case store on the migrated test database."""
    return SqlCaseStore(engine)


@pytest.fixture
def make_store(engine: AsyncEngine, make_engine: MakeEngine) -> MakeStore:
    """A factory of further stores, each on its own engine (own connections) but the same
    migrated database and schema: for tests of concurrent writers."""

    async def make() -> SqlCaseStore:
        return SqlCaseStore(await make_engine())

    return make


@pytest.fixture
def evidence_store(tmp_path: Path) -> FileEvidenceStore:
    """An evidence store in a temporary folder, capped at 1 MiB per file."""
    return FileEvidenceStore(tmp_path / "evidence", max_bytes=EVIDENCE_TEST_CAP)


@asynccontextmanager
async def own_postgres_database(prefix: str) -> AsyncIterator[str]:
    """A fresh database on TEST_DATABASE_URL's server, for processes the test starts (they take
    their database from DATABASE_URL, so a schema of the test's own will not do); dropped
    afterwards. Skips the test when TEST_DATABASE_URL is not set."""
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(base, search_path=None).execution_options(
        isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield normalize(base).rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        await admin.dispose()
