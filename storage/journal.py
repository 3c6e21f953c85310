"""The journal table: reading entries back exactly as stored, and inserting new ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.journal import JournalEntry
from bot.ports import ConflictError, DuplicateSource
from storage.columns import ENTRY_COLUMNS
from storage.models import JOURNAL_SOURCE_CONSTRAINT, JournalEntryRow
from storage.prepared import PreparedStatement
from storage.violations import violates

_INSERT_ENTRIES = PreparedStatement(insert(JournalEntryRow), ENTRY_COLUMNS)
_SOURCE = [column.key for column in ENTRY_COLUMNS].index("source")


async def entries(connection: AsyncConnection, case_id: str, after_seq: int
                  ) -> list[JournalEntry]:
    """The case's entries with seq > `after_seq`, in order."""
    result = await connection.execute(
        select(*ENTRY_COLUMNS)
        .where(JournalEntryRow.case_id == case_id, JournalEntryRow.seq > after_seq)
        .order_by(JournalEntryRow.seq)
    )
    return [JournalEntry(*row) for row in result.all()]


async def entries_for_source(connection: AsyncConnection, source: str) -> list[JournalEntry]:
    """The entries written for `source` and its `source#N` followers, in order."""
    # The first entry is found through the unique index on source; its followers come later in
    # the same case, so their scan stays within that case's part of the primary key.
    first = await connection.execute(select(*ENTRY_COLUMNS).where(JournalEntryRow.source == source))
    head = first.first()
    if head is None:
        return []
    followers = await connection.execute(
        select(*ENTRY_COLUMNS)
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
        JournalEntry(*head),
        *(JournalEntry(*row) for row in followers.all() if follower.fullmatch(row.source or "")),
    ]


def insert_entries(connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert journal rows (`columns.entry_values`); DuplicateSource if a source is already
    journaled, ConflictError if another writer took these sequence numbers first."""
    try:
        _INSERT_ENTRIES.executemany(connection, rows)
    except IntegrityError as error:
        if violates(error, JOURNAL_SOURCE_CONSTRAINT, "journal_entries.source"):
            sources = ", ".join(repr(row[_SOURCE]) for row in rows if row[_SOURCE] is not None)
            raise DuplicateSource(f"already journaled: one of {sources}") from error
        raise ConflictError(
            f"case {rows[0][0]!r}: entries from seq {rows[0][1]} already exist") from error
