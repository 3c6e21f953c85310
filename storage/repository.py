"""The SQL implementation of `bot.ports.CaseStore`; its transactions are `storage.writer`'s
write batches. The hot path, appending a message to a case, is one version-guarded UPDATE of
the case row, one INSERT of the entries, and COMMIT, in one hop to the database.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection as SyncConnection
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.domain.journal import JournalEntry
from bot.domain.phases import Phase
from bot.ports import (
    CaseHead,
    CaseSummary,
    Community,
    DeadlineDue,
    DueDeadline,
    EvidenceRecord,
    OutboxMessage,
    Participant,
)
from storage.engine import READ_ONLY, begin_immediate, sqlite_writer_engine
from storage.models import (
    CaseRow,
    CommunityRow,
    DeadlineRow,
    EvidenceRow,
    JournalEntryRow,
    OutboxRow,
    ParticipantRow,
    RoomRow,
)
from storage.pacing import Place, WritePacing
from storage.writer import Operation, PlainAppend, WriteBatch, run, sqlite_statements

Clock = Callable[[], datetime]

# Bound parameters per IN (...) list: well under SQLite's and asyncpg's limits.
_IN_CHUNK = 500

# In the order of JournalEntry's fields, so a row unpacks straight into an entry.
_ENTRY_COLUMNS = (
    JournalEntryRow.case_id,
    JournalEntryRow.seq,
    JournalEntryRow.at,
    JournalEntryRow.kind,
    JournalEntryRow.actor_id,
    JournalEntryRow.actor_name,
    JournalEntryRow.actor_role,
    JournalEntryRow.visibility,
    JournalEntryRow.payload,
    JournalEntryRow.source,
    JournalEntryRow.prev_hash,
    JournalEntryRow.hash,
)

_CASE_COLUMNS = (
    CaseRow.id,
    CaseRow.community_id,
    CaseRow.title,
    CaseRow.phase,
    CaseRow.closed_reason,
    CaseRow.version,
    CaseRow.last_hash,
    CaseRow.opened_at,
    CaseRow.updated_at,
    CaseRow.mediation_requested,
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class _UnitOfWork:
    """`async with store.transaction() as batch:` (a class: it runs for every append)."""

    __slots__ = ("_alone", "_batch", "_store")

    def __init__(self, store: SqlCaseStore, batch: WriteBatch, alone: bool) -> None:
        self._store, self._batch, self._alone = store, batch, alone

    async def __aenter__(self) -> WriteBatch:
        return self._batch

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None and self._batch.operations:
            await self._store._write(self._batch.operations, self._alone)


class SqlCaseStore:
    """`bot.ports.CaseStore` on SQLAlchemy's asyncio engine (SQLite or PostgreSQL).

    `clock` gives the time for what the store stamps itself (outbox creation and delivery,
    a community's creation); tests may pass their own.
    """

    def __init__(self, engine: AsyncEngine, *, clock: Clock = _utcnow) -> None:
        self._engine = engine
        self._clock = clock
        # SQLite has one writer at a time anyway: one thread does all of this process's writes.
        self._writer_engine = sqlite_writer_engine(engine)
        self._writer_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer")
        self._writer_connection: SyncConnection | None = None
        self._writer_jobs = 0
        self._pacing = WritePacing()
        self._sqlite = (sqlite_statements(self._writer_engine.dialect)
                        if self._writer_engine is not None else None)
        read_options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # Reads that take several queries (a case and its participants) see one snapshot.
            read_options |= {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        self._read_options = read_options

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @property
    def write_engine(self) -> Engine:
        """The synchronous engine whose connections run the write batches."""
        return self._writer_engine or self._engine.sync_engine

    async def close(self) -> None:
        """Close every pooled connection (the engine is not usable afterwards)."""
        await self._engine.dispose()
        await self._in_writer_thread(self._close_writer)
        self._writer_thread.shutdown(wait=False)

    def transaction(self, *, alone: bool = False) -> _UnitOfWork:
        """A unit of work: its writes run in one database transaction when the block ends
        (SQLite: BEGIN IMMEDIATE, so concurrent writers queue instead of failing halfway).
        ConflictError and DuplicateSource are raised from there; an exception inside the
        block discards the writes.

        `alone`: nothing else in this process is waiting on the store. On SQLite the writes
        may then run in place, on the event loop, if the write lock is free at once (see
        `storage.pacing`): with nothing to overlap, handing them to the writer thread and
        back only adds latency."""
        return _UnitOfWork(self, WriteBatch(self._clock, self._sqlite), alone)

    async def _write(self, operations: Sequence[Operation], alone: bool = False) -> None:
        if self._writer_engine is None:
            async with self._engine.begin() as connection:
                await connection.run_sync(run, operations)
            return
        try:
            place = self._pacing.place(alone) if self._writer_jobs == 0 else Place.THREAD
            if place is Place.AFTER_A_TURN:
                await asyncio.sleep(0)
                place = Place.NOW if self._writer_jobs == 0 else Place.THREAD
            if place is Place.NOW and self._write_now(operations, wait=False):
                return
            await self._in_writer_thread(self._write_now, operations, True)
        finally:
            self._pacing.wrote()

    async def _in_writer_thread(self, job: Callable[..., Any], *args: Any) -> Any:
        # Counted, so that nothing runs in place while the thread holds the connection.
        self._writer_jobs += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(
                self._writer_thread, job, *args)
        finally:
            self._writer_jobs -= 1

    def _write_now(self, operations: Sequence[Operation], wait: bool) -> bool:
        """Run a batch in one transaction on the writer connection; False (nothing done) if
        the write lock is taken and `wait` is False."""
        connection = self._writer()
        driver = connection.connection.dbapi_connection
        assert isinstance(driver, sqlite3.Connection)
        if not begin_immediate(driver, wait=wait):
            return False
        try:
            if all(type(operation) is PlainAppend for operation in operations):
                for operation in operations:
                    operation.on(driver)  # type: ignore[attr-defined]
                driver.execute("COMMIT")
                return True
            run(connection, operations)
            # Statements made through SQLAlchemy joined this transaction (see storage.engine).
            if connection.in_transaction():
                connection.commit()
            else:
                driver.execute("COMMIT")
        except BaseException:
            if connection.in_transaction():
                connection.rollback()
            if driver.in_transaction:
                driver.execute("ROLLBACK")
            raise
        return True

    def _writer(self) -> SyncConnection:
        # One kept connection: checking one out of the pool for every transaction costs as
        # much as the statements.
        assert self._writer_engine is not None
        if self._writer_connection is None or self._writer_connection.invalidated:
            self._writer_connection = self._writer_engine.connect()
        return self._writer_connection

    async def trace_writes(self, callback: Callable[[str], None] | None) -> None:
        """Hand every SQL statement the SQLite writer runs to `callback` (None: stop), as
        SQLite itself reports it. For diagnostics; on PostgreSQL, use SQLAlchemy's events."""
        if self._writer_engine is None:
            raise RuntimeError("trace_writes is for SQLite; use SQLAlchemy events elsewhere")

        def install() -> None:
            driver = self._writer().connection.dbapi_connection
            driver.set_trace_callback(callback)  # type: ignore[union-attr]

        await self._in_writer_thread(install)

    def _close_writer(self) -> None:
        if self._writer_connection is not None:
            self._writer_connection.close()
            self._writer_connection = None
        if self._writer_engine is not None:
            self._writer_engine.dispose()

    async def head(self, case_id: str) -> CaseHead | None:
        """The case's version and last hash, or None if there is no such case."""
        async with self._reading() as connection:
            return await _head(connection, case_id)

    async def entries(self, case_id: str, after_seq: int = 0) -> list[JournalEntry]:
        """The case's entries with seq > `after_seq`, in order, exactly as stored."""
        async with self._reading() as connection:
            return await _entries(connection, case_id, after_seq)

    async def entries_for_source(self, source: str) -> list[JournalEntry]:
        """The entries written for `source` (and its `source#N` followers), in order."""
        async with self._reading() as connection:
            return await _entries_for_source(connection, source)

    async def case(self, case_id: str) -> CaseSummary | None:
        """The case's summary with its participants and active deadlines."""
        async with self._reading() as connection:
            found = await _summaries(
                connection, select(*_CASE_COLUMNS).where(CaseRow.id == case_id)
            )
        return found[0] if found else None

    async def cases(
        self, *, user_id: str | None = None, community_id: str | None = None, open_only: bool = True
    ) -> list[CaseSummary]:
        """Cases, newest first: those `user_id` takes part in and/or of `community_id`;
        only those not closed unless `open_only` is False."""
        query = select(*_CASE_COLUMNS)
        if user_id is not None:
            query = query.join(ParticipantRow, ParticipantRow.case_id == CaseRow.id).where(
                ParticipantRow.user_id == user_id
            )
        if community_id is not None:
            query = query.where(CaseRow.community_id == community_id)
        if open_only:
            query = query.where(CaseRow.phase != Phase.CLOSED.value)
        query = query.order_by(CaseRow.opened_at.desc(), CaseRow.id.desc())
        async with self._reading() as connection:
            return await _summaries(connection, query)

    async def case_ids(self) -> list[str]:
        """Every case id, in id order."""
        async with self._reading() as connection:
            result = await connection.execute(select(CaseRow.id).order_by(CaseRow.id))
            return list(result.scalars())

    async def evidence(self, case_id: str) -> list[EvidenceRecord]:
        """The case's evidence records in journal order."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(
                    EvidenceRow.case_id,
                    EvidenceRow.seq,
                    EvidenceRow.sha256,
                    EvidenceRow.size,
                    EvidenceRow.media_type,
                    EvidenceRow.filename,
                    EvidenceRow.description,
                    EvidenceRow.uploader_id,
                    EvidenceRow.uploaded_at,
                    EvidenceRow.late,
                )
                .where(EvidenceRow.case_id == case_id)
                .order_by(EvidenceRow.seq, EvidenceRow.id)
            )
            return [
                EvidenceRecord(
                    case_id=row.case_id,
                    seq=row.seq,
                    sha256=row.sha256,
                    size=row.size,
                    media_type=row.media_type,
                    filename=row.filename,
                    description=row.description,
                    uploader_id=row.uploader_id,
                    uploaded_at=row.uploaded_at,
                    late=row.late,
                )
                for row in result.all()
            ]

    async def community(self, community_id: str) -> Community | None:
        """A community's settings, or None if it was never saved."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(
                    CommunityRow.id,
                    CommunityRow.platform,
                    CommunityRow.name,
                    CommunityRow.policy,
                    CommunityRow.mediators,
                ).where(CommunityRow.id == community_id)
            )
            row = result.first()
        if row is None:
            return None
        return Community(
            id=row.id,
            platform=row.platform,
            name=row.name,
            policy=json.loads(row.policy),
            mediators=tuple(json.loads(row.mediators)),
        )

    async def save_community(self, community: Community) -> None:
        """Create or replace a community's settings (its creation time is kept)."""
        values = {
            "id": community.id,
            "platform": community.platform,
            "name": community.name,
            "policy": json.dumps(community.policy, sort_keys=True, ensure_ascii=False),
            "mediators": json.dumps(list(community.mediators), ensure_ascii=False),
            "created_at": self._clock(),
        }
        async with self._engine.begin() as connection:
            await connection.execute(
                _upsert(connection, CommunityRow, values, keys=("id",), keep=("created_at",))
            )

    async def link_room(self, platform: str, room_ref: str, case_id: str, room: str) -> None:
        """Record that a platform thread or channel is `room` of `case_id` (latest link wins)."""
        values = {"platform": platform, "room_ref": room_ref, "case_id": case_id, "room": room}
        async with self._engine.begin() as connection:
            await connection.execute(
                _upsert(connection, RoomRow, values, keys=("platform", "room_ref"))
            )

    async def room(self, platform: str, room_ref: str) -> tuple[str, str] | None:
        """(case_id, room) for a platform thread or channel, or None."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(RoomRow.case_id, RoomRow.room).where(
                    RoomRow.platform == platform, RoomRow.room_ref == room_ref
                )
            )
            row = result.first()
        return None if row is None else (row.case_id, row.room)

    async def due_deadlines(self, now: datetime, limit: int = 100) -> list[DueDeadline]:
        """Deadlines neither fired nor cancelled, due by `now`, oldest first."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(DeadlineRow.id, DeadlineRow.case_id, DeadlineRow.key, DeadlineRow.due_at)
                .where(DeadlineRow.fired_at.is_(None), DeadlineRow.cancelled_at.is_(None),
                       DeadlineRow.due_at <= now)
                .order_by(DeadlineRow.due_at, DeadlineRow.id)
                .limit(limit)
            )
            return [DueDeadline(row.id, row.case_id, row.key, row.due_at)
                    for row in result.all()]

    async def next_due_times(self, after: datetime, until: datetime,
                             limit: int = 1000) -> list[datetime]:
        """The distinct times active deadlines fall due in (after, until], earliest first."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(DeadlineRow.due_at)
                .where(DeadlineRow.fired_at.is_(None), DeadlineRow.cancelled_at.is_(None),
                       DeadlineRow.due_at > after, DeadlineRow.due_at <= until)
                .group_by(DeadlineRow.due_at)
                .order_by(DeadlineRow.due_at)
                .limit(limit)
            )
            return list(result.scalars())

    async def claim_outbox(self, platform: str, now: datetime, until: datetime,
                           limit: int = 50) -> list[OutboxMessage]:
        """Messages due for delivery, each claimed by the caller until `until` (attempts
        counted), so that workers polling together never deliver one message twice."""
        due = (
            select(OutboxRow.id)
            .where(
                OutboxRow.platform == platform,
                OutboxRow.delivered_at.is_(None),
                OutboxRow.failed_at.is_(None),
                or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now),
                or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now),
            )
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        if self._engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        async with self._engine.begin() as connection:
            ids = list((await connection.execute(due)).scalars())
            if not ids:
                return []
            await connection.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(ids))
                .values(claimed_until=until, attempts=OutboxRow.attempts + 1)
            )
            rows = await connection.execute(
                select(*_OUTBOX_COLUMNS).where(OutboxRow.id.in_(ids)).order_by(OutboxRow.id))
            return [_outbox_message(row) for row in rows.all()]

    async def retry_outbox(self, message_id: int, error: str, at: datetime) -> None:
        """A delivery attempt failed; the message waits until `at` for the next one."""
        await self._outbox_update(message_id, next_attempt_at=at, last_error=error[:2000],
                                  claimed_until=None)

    async def fail_outbox(self, message_id: int, error: str, now: datetime) -> None:
        """Give up on a message: it stays in the outbox as failed, with its last error."""
        await self._outbox_update(message_id, failed_at=now, last_error=error[:2000],
                                  claimed_until=None)

    async def _outbox_update(self, message_id: int, **values: Any) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                update(OutboxRow).where(OutboxRow.id == message_id).values(**values))

    async def outbox(self, *, platform: str | None = None, state: str | None = None,
                     limit: int = 100) -> list[OutboxMessage]:
        """Outbox messages, newest first; `state` one of pending, delivered, failed."""
        query = select(*_OUTBOX_COLUMNS)
        if platform is not None:
            query = query.where(OutboxRow.platform == platform)
        if state == "pending":
            query = query.where(OutboxRow.delivered_at.is_(None), OutboxRow.failed_at.is_(None))
        elif state == "delivered":
            query = query.where(OutboxRow.delivered_at.is_not(None))
        elif state == "failed":
            query = query.where(OutboxRow.failed_at.is_not(None))
        elif state is not None:
            raise ValueError(f"state is pending, delivered or failed, not {state!r}")
        async with self._reading() as connection:
            rows = await connection.execute(query.order_by(OutboxRow.id.desc()).limit(limit))
            return [_outbox_message(row) for row in rows.all()]

    async def rooms_of(self, case_id: str) -> list[tuple[str, str, str]]:
        """(platform, room_ref, room) of every thread and channel linked to a case."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(RoomRow.platform, RoomRow.room_ref, RoomRow.room)
                .where(RoomRow.case_id == case_id)
                .order_by(RoomRow.platform, RoomRow.room_ref)
            )
            return [(row.platform, row.room_ref, row.room) for row in result.all()]

    async def pending_outbox(self, platform: str, limit: int = 100) -> list[OutboxMessage]:
        """Up to `limit` messages for `platform` neither delivered nor failed, oldest first."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(*_OUTBOX_COLUMNS)
                .where(
                    OutboxRow.platform == platform,
                    OutboxRow.delivered_at.is_(None),
                    OutboxRow.failed_at.is_(None),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
            )
            return [_outbox_message(row) for row in result.all()]

    async def mark_delivered(self, message_ids: Sequence[int]) -> None:
        """Mark outbox messages delivered (already delivered ones keep their first time)."""
        if not message_ids:
            return
        now = self._clock()
        async with self._engine.begin() as connection:
            for chunk in _chunks(list(message_ids)):
                await connection.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id.in_(chunk), OutboxRow.delivered_at.is_(None))
                    .values(delivered_at=now)
                )

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[AsyncConnection]:
        # Leaving the block rolls the (read-only) transaction back: nothing to commit.
        async with self._engine.connect() as connection:
            await connection.execution_options(**self._read_options)
            yield connection


async def _head(connection: AsyncConnection, case_id: str) -> CaseHead | None:
    result = await connection.execute(
        select(CaseRow.version, CaseRow.last_hash).where(CaseRow.id == case_id)
    )
    row = result.first()
    return None if row is None else CaseHead(version=row.version, last_hash=row.last_hash)


async def _entries(connection: AsyncConnection, case_id: str, after_seq: int) -> list[JournalEntry]:
    result = await connection.execute(
        select(*_ENTRY_COLUMNS)
        .where(JournalEntryRow.case_id == case_id, JournalEntryRow.seq > after_seq)
        .order_by(JournalEntryRow.seq)
    )
    return [_entry(row) for row in result.all()]


async def _entries_for_source(connection: AsyncConnection, source: str) -> list[JournalEntry]:
    # The first entry is found through the unique index on source; its followers come later in
    # the same case, so their scan stays within that case's part of the primary key.
    first = await connection.execute(
        select(*_ENTRY_COLUMNS).where(JournalEntryRow.source == source)
    )
    head = first.first()
    if head is None:
        return []
    followers = await connection.execute(
        select(*_ENTRY_COLUMNS)
        .where(
            JournalEntryRow.case_id == head.case_id,
            JournalEntryRow.seq > head.seq,
            JournalEntryRow.source.startswith(f"{source}#", autoescape=True),
        )
        .order_by(JournalEntryRow.seq)
    )
    # LIKE ignores ASCII case on SQLite, and `#` may occur in platform ids: match exactly.
    follower = re.compile(re.escape(source) + r"#[0-9]+")
    return [
        _entry(head),
        *(_entry(row) for row in followers.all() if follower.fullmatch(row.source or "")),
    ]


async def _summaries(
    connection: AsyncConnection, query: Select[*tuple[Any, ...]]
) -> list[CaseSummary]:
    """Case rows from `query`, completed with their participants and active deadlines."""
    rows = (await connection.execute(query)).all()
    ids = [row.id for row in rows]
    participants: dict[str, list[Participant]] = {case_id: [] for case_id in ids}
    deadlines: dict[str, list[DeadlineDue]] = {case_id: [] for case_id in ids}
    for chunk in _chunks(ids):
        found = await connection.execute(
            select(
                ParticipantRow.case_id,
                ParticipantRow.user_id,
                ParticipantRow.name,
                ParticipantRow.role,
                ParticipantRow.side,
            )
            .where(ParticipantRow.case_id.in_(chunk))
            .order_by(ParticipantRow.case_id, ParticipantRow.position)
        )
        for person in found.all():
            participants[person.case_id].append(
                Participant(
                    user_id=person.user_id, name=person.name, role=person.role, side=person.side
                )
            )
        due = await connection.execute(
            select(DeadlineRow.case_id, DeadlineRow.key, DeadlineRow.due_at)
            .where(
                DeadlineRow.case_id.in_(chunk),
                DeadlineRow.fired_at.is_(None),
                DeadlineRow.cancelled_at.is_(None),
            )
            .order_by(DeadlineRow.case_id, DeadlineRow.key, DeadlineRow.due_at)
        )
        for deadline in due.all():
            deadlines[deadline.case_id].append(
                DeadlineDue(key=deadline.key, due_at=deadline.due_at)
            )
    return [
        CaseSummary(
            id=row.id,
            community_id=row.community_id,
            title=row.title,
            phase=row.phase,
            closed_reason=row.closed_reason,
            version=row.version,
            last_hash=row.last_hash,
            opened_at=row.opened_at,
            updated_at=row.updated_at,
            mediation_requested=row.mediation_requested,
            participants=tuple(participants[row.id]),
            deadlines=tuple(deadlines[row.id]),
        )
        for row in rows
    ]


_OUTBOX_COLUMNS = (
    OutboxRow.case_id,
    OutboxRow.platform,
    OutboxRow.audience,
    OutboxRow.text,
    OutboxRow.kind,
    OutboxRow.id,
    OutboxRow.attempts,
    OutboxRow.created_at,
    OutboxRow.next_attempt_at,
    OutboxRow.delivered_at,
    OutboxRow.failed_at,
    OutboxRow.last_error,
)


def _outbox_message(row: Row[*tuple[Any, ...]]) -> OutboxMessage:
    return OutboxMessage(
        case_id=row.case_id, platform=row.platform, audience=row.audience, text=row.text,
        kind=row.kind, id=row.id, attempts=row.attempts, created_at=row.created_at,
        next_attempt_at=row.next_attempt_at, delivered_at=row.delivered_at,
        failed_at=row.failed_at, last_error=row.last_error,
    )


def _entry(row: Row[*tuple[Any, ...]]) -> JournalEntry:
    """A journal row (selected as `_ENTRY_COLUMNS`) as the entry it stores, unchanged."""
    return JournalEntry(
        case_id=row.case_id,
        seq=row.seq,
        at=row.at,
        kind=row.kind,
        actor_id=row.actor_id,
        actor_name=row.actor_name,
        actor_role=row.actor_role,
        visibility=row.visibility,
        payload_json=row.payload,
        source=row.source,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )








def _upsert(
    connection: AsyncConnection,
    model: Any,
    values: dict[str, Any],
    *,
    keys: Sequence[str],
    keep: Iterable[str] = (),
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, in the connection's dialect."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(model).values(values)
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(values)
    else:
        raise NotImplementedError(f"no upsert for {dialect}")
    unchanged = {*keys, *keep}
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: statement.excluded[column] for column in values if column not in unchanged},
    )




def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]
