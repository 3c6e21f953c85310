"""`SqlCaseStore`, the SQL implementation of `bot.ports.CaseStore`: where each read and write
goes. The queries are in one module per table (`cases`, `journal`, `evidence`, `communities`,
`deadlines`, `outbox`); a transaction is a `batch.WriteBatch`, run by the SQLite writer or in
one `run_sync` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.checkpoints import Checkpoint
from bot.domain.journal import JournalEntry
from bot.ports import (
    CASE,
    CaseHead,
    CaseSummary,
    Community,
    DueDeadline,
    EvidenceRecord,
    OutboxMessage,
)
from storage import (
    cases,
    checkpoints,
    communities,
    deadlines,
    erasing,
    evidence,
    journal,
    outbox,
)
from storage.batch import OpenUnits, UnitOfWork
from storage.engine import READ_ONLY
from storage.sqlite_writer import Operation, SqliteWriter
from storage.written import WrittenRows

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SqlCaseStore:
    """`bot.ports.CaseStore` on SQLAlchemy's asyncio engine (SQLite or PostgreSQL).

    `clock` gives the time for what the store stamps itself (outbox creation and delivery,
    a community's creation); tests may pass their own.
    """

    def __init__(self, engine: AsyncEngine, *, clock: Clock = _utcnow) -> None:
        self._engine = engine
        self._clock = clock
        self._sqlite_writer = SqliteWriter(engine) if engine.dialect.name == "sqlite" else None
        read_options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # Reads that take several queries (a case and its participants) see one snapshot.
            read_options |= {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        self._read_options = read_options
        self._written = WrittenRows()
        self._open_units = OpenUnits()

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @property
    def write_engine(self) -> Engine:
        """The synchronous engine whose connections run the write batches."""
        if self._sqlite_writer is not None:
            return self._sqlite_writer.engine
        return self._engine.sync_engine

    async def close(self) -> None:
        """Close every pooled connection (the engine is not usable afterwards)."""
        await self._engine.dispose()
        if self._sqlite_writer is not None:
            await self._sqlite_writer.close()

    def transaction(self) -> UnitOfWork:
        """A unit of work: its writes run in one database transaction when the block ends
        (SQLite: BEGIN IMMEDIATE, so concurrent writers queue instead of failing halfway).
        ConflictError and DuplicateSource are raised from there; an exception inside the
        block discards the writes. On SQLite, the writes of the store's only open unit may
        run in place, on the event loop (see `storage.sqlite_writer`)."""
        return UnitOfWork(self._write, self._clock, self._written, self._open_units)

    async def _write(self, operations: Sequence[Operation], alone: bool) -> None:
        if self._sqlite_writer is not None:
            await self._sqlite_writer.write(operations, alone)
            return
        async with self._engine.begin() as connection:
            await connection.run_sync(_run, operations)

    async def trace_writes(self, callback: Callable[[str], None] | None) -> None:
        """Hand every SQL statement the SQLite writer runs to `callback` (None: stop), as
        SQLite itself reports it. For diagnostics; on PostgreSQL, use SQLAlchemy's events."""
        if self._sqlite_writer is None:
            raise RuntimeError("trace_writes is for SQLite; use SQLAlchemy events elsewhere")
        await self._sqlite_writer.trace(callback)

    async def head(self, case_id: str) -> CaseHead | None:
        """The case's version and last hash, or None if there is no such case."""
        async with self._reading() as connection:
            return await cases.head(connection, case_id)

    async def entries(self, case_id: str, after_seq: int = 0) -> list[JournalEntry]:
        """The case's entries with seq > `after_seq`, in order, exactly as stored."""
        async with self._reading() as connection:
            return await journal.entries(connection, case_id, after_seq)

    async def entries_of(self, case_ids: Sequence[str]) -> list[JournalEntry]:
        """Every entry of each of the cases, case after case, each case's in order."""
        async with self._reading() as connection:
            return await journal.entries_of(connection, case_ids)

    async def entries_for_source(self, source: str) -> list[JournalEntry]:
        """The entries written for `source` (and its `source#N` followers), in order."""
        async with self._reading() as connection:
            return await journal.entries_for_source(connection, source)

    async def checkpoints(self, case_id: str) -> list[Checkpoint]:
        """The case's signed checkpoints, in entry order."""
        async with self._reading() as connection:
            return await checkpoints.checkpoints(connection, case_id)

    async def case(self, case_id: str) -> CaseSummary | None:
        """The case's summary with its participants and active deadlines."""
        async with self._reading() as connection:
            found = await cases.summaries(connection, cases.cases_query(case_id=case_id))
        return found[0] if found else None

    async def cases(
        self, *, user_id: str | None = None, community_id: str | None = None,
        open_only: bool = True, kind: str = CASE,
    ) -> list[CaseSummary]:
        """Cases (or campaigns, with `kind`), newest first: those `user_id` takes part in
        and/or of `community_id`; only those not closed unless `open_only` is False."""
        query = cases.cases_query(user_id=user_id, community_id=community_id,
                                  open_only=open_only, kind=kind)
        async with self._reading() as connection:
            return await cases.summaries(connection, query)

    async def case_ids(self) -> list[str]:
        """Every case id, in id order."""
        async with self._reading() as connection:
            return await cases.case_ids(connection)

    async def evidence(self, case_id: str) -> list[EvidenceRecord]:
        """The case's evidence records in journal order."""
        async with self._reading() as connection:
            return await evidence.evidence(connection, case_id)

    async def erased_files(self) -> list[str]:
        """The files (by sha256) that only erased evidence entries record: to delete."""
        async with self._reading() as connection:
            return await erasing.erased_files(connection)

    async def flush_erased(self) -> None:
        """SQLite: checkpoint and truncate the write-ahead log, so that erased content is
        in none of the database's files (see `storage.erasing`)."""
        await erasing.flush(self._engine)

    async def community(self, community_id: str) -> Community | None:
        """A community's settings, or None if it was never saved."""
        async with self._reading() as connection:
            return await communities.community(connection, community_id)

    async def save_community(self, community: Community) -> None:
        """Create or replace a community's settings (its creation time is kept)."""
        async with self._engine.begin() as connection:
            await communities.save_community(connection, community, self._clock())

    async def link_room(self, platform: str, room_ref: str, case_id: str, room: str) -> None:
        """Record that a platform thread or channel is `room` of `case_id` (latest link wins)."""
        async with self._engine.begin() as connection:
            await communities.link_room(connection, platform, room_ref, case_id, room)

    async def room(self, platform: str, room_ref: str) -> tuple[str, str] | None:
        """(case_id, room) for a platform thread or channel, or None."""
        async with self._reading() as connection:
            return await communities.room(connection, platform, room_ref)

    async def rooms_of(self, case_id: str) -> list[tuple[str, str, str]]:
        """(platform, room_ref, room) of every thread and channel linked to a case."""
        async with self._reading() as connection:
            return await communities.rooms_of(connection, case_id)

    async def due_deadlines(self, now: datetime, limit: int = 100) -> list[DueDeadline]:
        """Deadlines neither fired nor cancelled, due by `now`, oldest first."""
        async with self._reading() as connection:
            return await deadlines.due_deadlines(connection, now, limit)

    async def next_due_times(self, after: datetime, until: datetime,
                             limit: int = 1000) -> list[datetime]:
        """The distinct times active deadlines fall due in (after, until], earliest first."""
        async with self._reading() as connection:
            return await deadlines.next_due_times(connection, after, until, limit)

    async def claim_outbox(self, platform: str, now: datetime, until: datetime,
                           limit: int = 50) -> list[OutboxMessage]:
        """Messages due for delivery, each claimed by the caller until `until` (attempts
        counted), so that workers polling together never deliver one message twice."""
        async with self._engine.begin() as connection:
            return await outbox.claim(connection, platform, now, until, limit)

    async def retry_outbox(self, message_id: int, error: str, at: datetime) -> None:
        """A delivery attempt failed; the message waits until `at` for the next one."""
        async with self._engine.begin() as connection:
            await outbox.set_state(connection, message_id, next_attempt_at=at,
                                   last_error=error[:2000])

    async def fail_outbox(self, message_id: int, error: str, now: datetime) -> None:
        """Give up on a message: it stays in the outbox as failed, with its last error."""
        async with self._engine.begin() as connection:
            await outbox.set_state(connection, message_id, failed_at=now,
                                   last_error=error[:2000])

    async def outbox(self, *, platform: str | None = None, state: str | None = None,
                     limit: int = 100) -> list[OutboxMessage]:
        """Outbox messages, newest first; `state` one of pending, delivered, failed."""
        async with self._reading() as connection:
            return await outbox.messages(connection, platform=platform, state=state,
                                         limit=limit)

    async def pending_outbox(self, platform: str, limit: int = 100) -> list[OutboxMessage]:
        """Up to `limit` messages for `platform` neither delivered nor failed, oldest first."""
        async with self._reading() as connection:
            return await outbox.messages(connection, platform=platform, state="pending",
                                         limit=limit, oldest_first=True)

    async def mark_delivered(self, message_ids: Sequence[int]) -> None:
        """Mark outbox messages delivered (already delivered ones keep their first time)."""
        if not message_ids:
            return
        now = self._clock()
        async with self._engine.begin() as connection:
            await outbox.mark_delivered(connection, list(message_ids), now)

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncConnection]:
        # Leaving the block rolls the (read-only) transaction back: nothing to commit.
        async with self._engine.connect() as connection:
            await connection.execution_options(**self._read_options)
            yield connection


def _run(connection: Connection, operations: Sequence[Operation]) -> None:
    for operation in operations:
        operation(connection)
