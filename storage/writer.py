"""The write side of a transaction: a batch of operations run together when the block ends.

Reads happen before (deciding works on a case state and its version); the writes then go in
one database transaction whose first statement is the version-guarded UPDATE of the case row,
so a state that went stale in between is refused (ConflictError), never overwritten. Keeping the
writes together lets SQLite run the whole transaction in one hop to its writer thread, and
PostgreSQL in one `run_sync` on one connection: per-statement hops between the event loop and
the driver cost more than the statements themselves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from bot.domain.journal import JournalEntry
from bot.ports import (
    AlreadyFired,
    CaseSummary,
    ConflictError,
    DuplicateSource,
    EvidenceRecord,
    OutboxMessage,
)
from storage.models import (
    JOURNAL_SOURCE_CONSTRAINT,
    CaseRow,
    DeadlineRow,
    EvidenceRow,
    JournalEntryRow,
    OutboxRow,
    ParticipantRow,
)
from storage.violations import violates

Operation = Callable[[Connection], None]
Clock = Callable[[], datetime]

# Built once: executing a prebuilt statement skips most of SQLAlchemy's per-call work.
_UPDATE_CASE = update(CaseRow).where(
    CaseRow.id == bindparam("b_id"), CaseRow.version == bindparam("b_expected")
)
_INSERT_ENTRIES = insert(JournalEntryRow)
_INSERT_CASE = insert(CaseRow)

_SUMMARY_COLUMNS = ("title", "phase", "closed_reason", "version", "last_hash",
                    "mediation_requested", "updated_at")
_ENTRY_COLUMNS = ("case_id", "seq", "at", "kind", "actor_id", "actor_name", "actor_role",
                  "visibility", "payload", "source", "prev_hash", "hash")
_SOURCE = _ENTRY_COLUMNS.index("source")


class _SQLiteSQL:
    """The two statements of every append, as SQLite SQL run on the sqlite3 connection of the
    writer's SQLAlchemy connection. On SQLite, where a commit is cheap, SQLAlchemy's
    per-statement compilation and result handling would otherwise cost more than the
    statements; the stored values are exactly those Core would store (tests compare)."""

    def __init__(self) -> None:
        self.update = (
            f"UPDATE cases SET {', '.join(f'{name} = ?' for name in _SUMMARY_COLUMNS)} "
            "WHERE id = ? AND version = ?"
        )
        self.insert = (
            f"INSERT INTO journal_entries ({', '.join(_ENTRY_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in _ENTRY_COLUMNS)})"
        )

    def update_parameters(self, summary: CaseSummary, expected_version: int) -> tuple[Any, ...]:
        """The UPDATE's parameters: the summary's columns, then the id and the version."""
        return (summary.title, summary.phase, summary.closed_reason, summary.version,
                summary.last_hash, 1 if summary.mediation_requested else 0,
                sqlite_time(summary.updated_at), summary.id, expected_version)


def sqlite_time(moment: datetime) -> str:
    """A time as Core stores a `UtcDateTime` on SQLite: UTC, `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: storage needs timezone-aware times")
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat(" ", "microseconds")[:26]


_SQLITE = _SQLiteSQL()


def sqlite_statements(dialect: Any) -> _SQLiteSQL | None:
    """The SQLite statements for `dialect`, or None for any other database or driver."""
    if dialect.name != "sqlite" or dialect.driver != "pysqlite":
        return None
    return _SQLITE


def _sqlite_sql(connection: Connection) -> _SQLiteSQL | None:
    return sqlite_statements(connection.dialect)


class WriteBatch:
    """One unit of work (implements `bot.ports.Transaction`).

    `append`, `add_evidence` and `add_outbox` queue their writes; the store runs them all in
    one database transaction when the `async with` block ends, and raises ConflictError or
    DuplicateSource from there. An exception inside the block discards the batch: nothing
    of it is written.
    """

    def __init__(self, clock: Clock, sqlite: _SQLiteSQL | None = None) -> None:
        self._clock = clock
        # Given when the batch runs on the SQLite writer: appends then go straight to the
        # driver with their parameters made here.
        self._sqlite = sqlite
        self.operations: list[Operation] = []

    async def append(
        self,
        entries: Sequence[JournalEntry],
        summary: CaseSummary,
        expected_version: int,
        *,
        participants_changed: bool,
        deadlines_changed: bool,
    ) -> None:
        """Queue `entries` and the case row `summary`, if the case is still at
        `expected_version` when the batch runs (0: the case is new)."""
        if expected_version < 0:
            raise ValueError(f"expected_version must be >= 0, not {expected_version}")
        for entry in entries:
            if entry.case_id != summary.id:
                raise ValueError(f"entry {entry.seq} of {entry.case_id!r} is not in {summary.id!r}")
        rows = [_entry_row(entry) for entry in entries]
        is_new = expected_version == 0
        sql = self._sqlite
        if sql is not None and not is_new and not participants_changed and not deadlines_changed:
            # The common append, a message in a thread: two statements on the driver.
            self.operations.append(PlainAppend(sql, summary, expected_version, rows))
            return

        def write(connection: Connection) -> None:
            if is_new:
                _insert_case(connection, summary)
            else:
                # First: on PostgreSQL its row lock makes a concurrent writer of the same case
                # wait here, then find the version changed, before any INSERT.
                _update_case(connection, summary, expected_version)
            if rows:
                _insert_entries(connection, rows)
            if participants_changed or (is_new and summary.participants):
                _replace_participants(connection, summary)
            if deadlines_changed or (is_new and summary.deadlines):
                _reconcile_deadlines(connection, summary)

        self.operations.append(write)

    async def add_evidence(self, record: EvidenceRecord) -> None:
        """Queue an evidence record (its bytes are in the evidence store under its sha256)."""
        values = {
            "case_id": record.case_id,
            "seq": record.seq,
            "sha256": record.sha256,
            "size": record.size,
            "media_type": record.media_type,
            "filename": record.filename,
            "description": record.description,
            "uploader_id": record.uploader_id,
            "uploaded_at": record.uploaded_at,
            "late": record.late,
        }
        self.operations.append(lambda connection: _execute(connection, insert(EvidenceRow),
                                                           [values]))

    async def mark_fired(self, deadline_id: int, now: datetime) -> None:
        """Queue marking a deadline fired; it runs first in the batch, so that on PostgreSQL
        its row lock makes a second worker firing the same deadline wait, then give up."""
        self.operations.insert(0, lambda connection: _mark_fired(connection, deadline_id, now))

    async def add_outbox(self, messages: Sequence[OutboxMessage]) -> None:
        """Queue notifications, committed together with the entries that caused them."""
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
        self.operations.append(lambda connection: _execute(connection, insert(OutboxRow), rows))


class PlainAppend:
    """An append that changes neither participants nor deadlines, on SQLite: the UPDATE of
    the case row and the INSERT of the entries, straight on the sqlite3 connection."""

    __slots__ = ("_case_id", "_expected", "_rows", "_sql", "_update")

    def __init__(self, sql: _SQLiteSQL, summary: CaseSummary, expected_version: int,
                 rows: list[tuple[Any, ...]]) -> None:
        self._sql = sql
        self._update = sql.update_parameters(summary, expected_version)
        self._rows = rows
        self._case_id = summary.id
        self._expected = expected_version

    def __call__(self, connection: Connection) -> None:
        self.on(_driver(connection))

    def on(self, driver: sqlite3.Connection) -> None:
        if driver.execute(self._sql.update, self._update).rowcount != 1:
            raise _stale(self._case_id, self._expected)
        if self._rows:
            _insert_rows(driver, self._sql, self._rows)


def _driver(connection: Connection) -> sqlite3.Connection:
    return connection.connection.dbapi_connection  # type: ignore[return-value]


def _mark_fired(connection: Connection, deadline_id: int, now: datetime) -> None:
    result = connection.execute(
        update(DeadlineRow)
        .where(DeadlineRow.id == deadline_id, DeadlineRow.fired_at.is_(None),
               DeadlineRow.cancelled_at.is_(None))
        .values(fired_at=now)
    )
    if result.rowcount != 1:
        raise AlreadyFired(f"deadline {deadline_id} was fired (or cancelled) already")


def run(connection: Connection, operations: Sequence[Operation]) -> None:
    """Run a batch inside the connection's current transaction."""
    for operation in operations:
        operation(connection)


def _execute(connection: Connection, statement: Any, parameters: Any = None) -> Any:
    return connection.execute(statement, parameters)


def _insert_case(connection: Connection, summary: CaseSummary) -> None:
    try:
        connection.execute(
            _INSERT_CASE,
            {"id": summary.id, "community_id": summary.community_id,
             "opened_at": summary.opened_at, **_summary_values(summary)},
        )
    except IntegrityError as error:
        if violates(error, "pk_cases", "cases.id"):
            raise ConflictError(f"case {summary.id!r} already exists") from error
        raise  # e.g. an unknown community: a bug, not a race


def _update_case(connection: Connection, summary: CaseSummary, expected_version: int) -> None:
    sql = _sqlite_sql(connection)
    if sql is not None:
        result: Any = _driver(connection).execute(
            sql.update, sql.update_parameters(summary, expected_version))
    else:
        result = connection.execute(
            _UPDATE_CASE,
            {"b_id": summary.id, "b_expected": expected_version, **_summary_values(summary)},
        )
    if result.rowcount != 1:
        raise _stale(summary.id, expected_version)


def _stale(case_id: str, expected_version: int) -> ConflictError:
    return ConflictError(
        f"case {case_id!r} is no longer at version {expected_version} (or is unknown)")


def _insert_entries(connection: Connection, rows: list[tuple[Any, ...]]) -> None:
    sql = _sqlite_sql(connection)
    if sql is not None:
        _insert_rows(_driver(connection), sql, rows)
        return
    try:
        connection.execute(_INSERT_ENTRIES, [dict(zip(_ENTRY_COLUMNS, row, strict=True))
                                             for row in rows])
    except IntegrityError as error:
        raise _refused(error, rows) from error


def _insert_rows(driver: sqlite3.Connection, sql: _SQLiteSQL, rows: list[tuple[Any, ...]]
                 ) -> None:
    try:
        if len(rows) == 1:
            driver.execute(sql.insert, rows[0])
        else:
            driver.executemany(sql.insert, rows)
    except sqlite3.IntegrityError as error:
        raise _refused(error, rows) from error


def _refused(error: IntegrityError | sqlite3.IntegrityError, rows: list[tuple[Any, ...]]
             ) -> DuplicateSource | ConflictError:
    """Why the database refused these entries."""
    if violates(error, JOURNAL_SOURCE_CONSTRAINT, "journal_entries.source"):
        sources = ", ".join(repr(row[_SOURCE]) for row in rows if row[_SOURCE] is not None)
        return DuplicateSource(f"already journaled: one of {sources}")
    # Another writer took these sequence numbers first.
    return ConflictError(f"case {rows[0][0]!r}: entries from seq {rows[0][1]} already exist")


def _replace_participants(connection: Connection, summary: CaseSummary) -> None:
    connection.execute(delete(ParticipantRow).where(ParticipantRow.case_id == summary.id))
    if summary.participants:
        connection.execute(
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


def _reconcile_deadlines(connection: Connection, summary: CaseSummary) -> None:
    """Make the case's active deadline rows match `summary.deadlines`.

    Active rows that are no longer wanted (key gone, or due at another time) are cancelled at
    the summary's time; wanted deadlines without a row are inserted. Fired rows are left alone
    and count as present: a deadline that already fired must not be inserted again (and fire
    twice) just because the summary still lists it.
    """
    wanted = {(deadline.key, _utc(deadline.due_at)) for deadline in summary.deadlines}
    rows = connection.execute(
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
        connection.execute(
            update(DeadlineRow)
            .where(DeadlineRow.id.in_(cancelled))
            .values(cancelled_at=summary.updated_at)
        )
    missing = sorted(wanted - present, key=lambda pair: (pair[1], pair[0]))
    if missing:
        connection.execute(
            insert(DeadlineRow),
            [
                {"case_id": summary.id, "key": key, "due_at": due_at, "fired_at": None,
                 "cancelled_at": None}
                for key, due_at in missing
            ],
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


def _entry_row(entry: JournalEntry) -> tuple[Any, ...]:
    """The entry's column values, in `_ENTRY_COLUMNS` order."""
    return (entry.case_id, entry.seq, entry.at, entry.kind, entry.actor_id, entry.actor_name,
            entry.actor_role, entry.visibility, entry.payload_json, entry.source,
            entry.prev_hash, entry.hash)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: deadlines need timezone-aware times")
    return moment.astimezone(UTC)
