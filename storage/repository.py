"""The SQL implementation of `bot.ports.CaseStore` and its `Transaction`.

Writes use Core statements (no ORM unit of work): the hot path, appending a message to a case,
is exactly one version-guarded UPDATE of the case row, one INSERT of the entries, and COMMIT.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.domain.journal import JournalEntry
from bot.domain.phases import Phase
from bot.ports import (
    CaseHead,
    CaseSummary,
    Community,
    ConflictError,
    DeadlineDue,
    DuplicateSource,
    EvidenceRecord,
    OutboxMessage,
    Participant,
)
from storage.engine import READ_ONLY
from storage.models import (
    JOURNAL_SOURCE_CONSTRAINT,
    CaseRow,
    CommunityRow,
    DeadlineRow,
    EvidenceRow,
    JournalEntryRow,
    OutboxRow,
    ParticipantRow,
    RoomRow,
)

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


class TransactionFailed(RuntimeError):
    """A statement of this transaction failed: it can only be rolled back now."""


class SqlTransaction:
    """One unit of work on one connection (implements `bot.ports.Transaction`).

    After a failed write (ConflictError, DuplicateSource, or any database error) the transaction
    refuses further use and rolls back even if the block ends normally: PostgreSQL cannot go on
    after an error, and SQLite must not commit half of an append either.
    """

    def __init__(self, connection: AsyncConnection, clock: Clock) -> None:
        self._connection = connection
        self._clock = clock
        self.failed = False

    async def head(self, case_id: str) -> CaseHead | None:
        """The case's version and last hash, or None if there is no such case."""
        self._ensure_usable()
        return await _head(self._connection, case_id)

    async def entries(self, case_id: str, after_seq: int = 0) -> list[JournalEntry]:
        """The case's entries with seq > `after_seq`, in order, exactly as stored."""
        self._ensure_usable()
        return await _entries(self._connection, case_id, after_seq)

    async def entries_for_source(self, source: str) -> list[JournalEntry]:
        """The entries written for `source` (and its `source#N` followers), in order."""
        self._ensure_usable()
        return await _entries_for_source(self._connection, source)

    async def append(
        self,
        entries: Sequence[JournalEntry],
        summary: CaseSummary,
        expected_version: int,
        *,
        participants_changed: bool,
        deadlines_changed: bool,
    ) -> None:
        """Append `entries` and store `summary` if the case is still at `expected_version`.

        `expected_version == 0` creates the case. Raises ConflictError when the case moved on
        (or already exists) and DuplicateSource when an entry's source is already journaled;
        either way nothing of this transaction may be committed: leave the block.
        """
        self._ensure_usable()
        if expected_version < 0:
            raise ValueError(f"expected_version must be >= 0, not {expected_version}")
        for entry in entries:
            if entry.case_id != summary.id:
                raise ValueError(f"entry {entry.seq} of {entry.case_id!r} is not in {summary.id!r}")
        try:
            if expected_version == 0:
                await self._insert_case(summary)
            else:
                # The UPDATE goes first: on PostgreSQL its row lock makes a concurrent writer of
                # the same case wait here, then find the version changed, before any INSERT.
                await self._update_case(summary, expected_version)
            if entries:
                await self._insert_entries(entries)
            # A new case has no rows yet: whatever it starts with is a change.
            is_new = expected_version == 0
            if participants_changed or (is_new and summary.participants):
                await self._replace_participants(summary)
            if deadlines_changed or (is_new and summary.deadlines):
                await self._reconcile_deadlines(summary)
        except BaseException:
            self.failed = True
            raise

    async def add_evidence(self, record: EvidenceRecord) -> None:
        """Record an evidence file (its bytes are in the evidence store under its sha256)."""
        self._ensure_usable()
        await self._guarded(
            insert(EvidenceRow).values(
                case_id=record.case_id,
                seq=record.seq,
                sha256=record.sha256,
                size=record.size,
                media_type=record.media_type,
                filename=record.filename,
                description=record.description,
                uploader_id=record.uploader_id,
                uploaded_at=record.uploaded_at,
                late=record.late,
            )
        )

    async def add_outbox(self, messages: Sequence[OutboxMessage]) -> None:
        """Queue notifications, committed together with the entries that caused them."""
        self._ensure_usable()
        if not messages:
            return
        now = self._clock()
        rows = [
            {
                "case_id": message.case_id,
                "platform": message.platform,
                "audience": message.audience,
                "text": message.text,
                "kind": message.kind,
                "created_at": now,
                "attempts": message.attempts,
                "next_attempt_at": None,
                "delivered_at": None,
                "failed_at": None,
                "last_error": None,
            }
            for message in messages
        ]
        await self._guarded(insert(OutboxRow), rows)

    async def _guarded(self, statement: Any, parameters: Any = None) -> None:
        try:
            await self._connection.execute(statement, parameters)
        except BaseException:
            self.failed = True
            raise

    def _ensure_usable(self) -> None:
        if self.failed:
            raise TransactionFailed(
                "a statement of this transaction failed; leave the `async with` block so it "
                "rolls back, then start a new transaction"
            )

    async def _insert_case(self, summary: CaseSummary) -> None:
        try:
            await self._connection.execute(
                insert(CaseRow).values(
                    id=summary.id,
                    community_id=summary.community_id,
                    opened_at=summary.opened_at,
                    **_summary_values(summary),
                )
            )
        except IntegrityError as error:
            if _violates(error, "pk_cases", "cases.id"):
                raise ConflictError(f"case {summary.id!r} already exists") from error
            raise  # e.g. an unknown community: a bug, not a race

    async def _update_case(self, summary: CaseSummary, expected_version: int) -> None:
        result = await self._connection.execute(
            update(CaseRow)
            .where(CaseRow.id == summary.id, CaseRow.version == expected_version)
            .values(**_summary_values(summary))
        )
        if result.rowcount != 1:
            raise ConflictError(
                f"case {summary.id!r} is no longer at version {expected_version} (or is unknown)"
            )

    async def _insert_entries(self, entries: Sequence[JournalEntry]) -> None:
        try:
            await self._connection.execute(
                insert(JournalEntryRow), [_entry_values(entry) for entry in entries]
            )
        except IntegrityError as error:
            if _violates(error, JOURNAL_SOURCE_CONSTRAINT, "journal_entries.source"):
                sources = ", ".join(repr(e.source) for e in entries if e.source is not None)
                raise DuplicateSource(f"already journaled: one of {sources}") from error
            # Another writer took these sequence numbers first.
            raise ConflictError(
                f"case {entries[0].case_id!r}: entries from seq {entries[0].seq} already exist"
            ) from error

    async def _replace_participants(self, summary: CaseSummary) -> None:
        await self._connection.execute(
            delete(ParticipantRow).where(ParticipantRow.case_id == summary.id)
        )
        if summary.participants:
            await self._connection.execute(
                insert(ParticipantRow),
                [
                    {
                        "case_id": summary.id,
                        "user_id": participant.user_id,
                        "name": participant.name,
                        "role": participant.role,
                        "side": participant.side,
                        "position": position,
                    }
                    for position, participant in enumerate(summary.participants)
                ],
            )

    async def _reconcile_deadlines(self, summary: CaseSummary) -> None:
        """Make the case's active deadline rows match `summary.deadlines`.

        Active rows that are no longer wanted (key gone, or due at another time) are cancelled
        at the summary's time; wanted deadlines without a row are inserted. Fired rows are left
        alone and count as present: a deadline that already fired must not be inserted again
        (and fire twice) just because the summary still lists it.
        """
        wanted = {(deadline.key, _utc(deadline.due_at)) for deadline in summary.deadlines}
        rows = await self._connection.execute(
            select(DeadlineRow.id, DeadlineRow.key, DeadlineRow.due_at, DeadlineRow.fired_at)
            .where(DeadlineRow.case_id == summary.id, DeadlineRow.cancelled_at.is_(None))
            .order_by(DeadlineRow.id)
        )
        present: set[tuple[str, datetime]] = set()
        cancelled: list[int] = []
        for row_id, key, due_at, fired_at in rows.all():
            pair = (key, due_at)
            if fired_at is None and (pair not in wanted or pair in present):
                cancelled.append(row_id)
            else:
                present.add(pair)
        if cancelled:
            await self._connection.execute(
                update(DeadlineRow)
                .where(DeadlineRow.id.in_(cancelled))
                .values(cancelled_at=summary.updated_at)
            )
        missing = sorted(wanted - present, key=lambda pair: (pair[1], pair[0]))
        if missing:
            await self._connection.execute(
                insert(DeadlineRow),
                [
                    {
                        "case_id": summary.id,
                        "key": key,
                        "due_at": due_at,
                        "fired_at": None,
                        "cancelled_at": None,
                    }
                    for key, due_at in missing
                ],
            )


class SqlCaseStore:
    """`bot.ports.CaseStore` on SQLAlchemy's asyncio engine (SQLite or PostgreSQL).

    `clock` gives the time for what the store stamps itself (outbox creation and delivery,
    a community's creation); tests may pass their own.
    """

    def __init__(self, engine: AsyncEngine, *, clock: Clock = _utcnow) -> None:
        self._engine = engine
        self._clock = clock
        read_options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            # Reads that take several queries (a case and its participants) see one snapshot.
            read_options |= {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        self._read_options = read_options

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    async def close(self) -> None:
        """Close every pooled connection (the engine is not usable afterwards)."""
        await self._engine.dispose()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlTransaction]:
        """A transaction that commits when the block ends and rolls back on an exception.

        On SQLite it takes the write lock at once (BEGIN IMMEDIATE), so concurrent writers
        queue instead of failing halfway.
        """
        async with self._engine.connect() as connection:
            await connection.begin()
            transaction = SqlTransaction(connection, self._clock)
            try:
                yield transaction
            except BaseException:
                await connection.rollback()
                raise
            if transaction.failed:
                # The caller caught the error and carried on: still, nothing may be committed.
                await connection.rollback()
            else:
                await connection.commit()

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

    async def pending_outbox(self, platform: str, limit: int = 100) -> list[OutboxMessage]:
        """Up to `limit` messages for `platform` neither delivered nor failed, oldest first."""
        async with self._reading() as connection:
            result = await connection.execute(
                select(
                    OutboxRow.case_id,
                    OutboxRow.platform,
                    OutboxRow.audience,
                    OutboxRow.text,
                    OutboxRow.kind,
                    OutboxRow.id,
                    OutboxRow.attempts,
                )
                .where(
                    OutboxRow.platform == platform,
                    OutboxRow.delivered_at.is_(None),
                    OutboxRow.failed_at.is_(None),
                )
                .order_by(OutboxRow.id)
                .limit(limit)
            )
            return [
                OutboxMessage(
                    case_id=row.case_id,
                    platform=row.platform,
                    audience=row.audience,
                    text=row.text,
                    kind=row.kind,
                    id=row.id,
                    attempts=row.attempts,
                )
                for row in result.all()
            ]

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


def _summary_values(summary: CaseSummary) -> dict[str, Any]:
    """The case row's columns that change with every append."""
    return {
        "title": summary.title,
        "phase": summary.phase,
        "closed_reason": summary.closed_reason,
        "version": summary.version,
        "last_hash": summary.last_hash,
        "mediation_requested": summary.mediation_requested,
        "updated_at": summary.updated_at,
    }


def _entry_values(entry: JournalEntry) -> dict[str, Any]:
    return {
        "case_id": entry.case_id,
        "seq": entry.seq,
        "at": entry.at,
        "kind": entry.kind,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "actor_role": entry.actor_role,
        "visibility": entry.visibility,
        "payload": entry.payload_json,
        "source": entry.source,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _violates(error: IntegrityError, *names: str) -> bool:
    """Whether `error` names one of `names`: a constraint name (PostgreSQL reports it, as
    asyncpg's `constraint_name` and in the message) or a `table.column` (SQLite's message)."""
    said = [str(error.orig)]
    for reported in (error.orig, getattr(error.orig, "__cause__", None)):
        name = getattr(reported, "constraint_name", None)
        if name:
            said.append(name)
    text = " ".join(said).lower()
    return any(re.search(rf"(?<![\w.]){re.escape(name.lower())}(?![\w])", text) for name in names)


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


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: deadlines need timezone-aware times")
    return moment.astimezone(UTC)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]
