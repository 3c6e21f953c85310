"""Erasure in the store: an erased entry's content replaced by its remains, in the same
transaction as the `content_erased` entry that says so, with every other copy the store keeps
of that content (evidence names and descriptions, the case's outbox texts, and, when the
opening is erased, the case's title and its people's names).

The journal's triggers allow exactly this UPDATE (migration 0005). On SQLite, deleted and
overwritten content is zeroed (`secure_delete`), and `flush` checkpoints the write-ahead log
and truncates it, so no copy of the text is left in the database's files. PostgreSQL keeps
old row versions until they are vacuumed: `docs/storage.md` says how to make them go.
"""

from __future__ import annotations

import asyncio
import sqlite3

from sqlalchemy import Connection, and_, bindparam, exists, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.ports import Removal
from storage.models import CaseRow, EvidenceRow, JournalEntryRow, OutboxRow, ParticipantRow
from storage.sqlite_writer import Operation

_ERASE_ENTRY = (
    update(JournalEntryRow)
    .where(JournalEntryRow.case_id == bindparam("b_case"),
           JournalEntryRow.seq == bindparam("b_seq"),
           JournalEntryRow.salt.is_not(None))
    .values(payload=bindparam("b_payload"), actor_name="", salt=None)
)


def erase(removal: Removal) -> Operation:
    """The write that erases, as an operation of a write batch."""

    def write(connection: Connection) -> None:
        if removal.remains:
            connection.execute(_ERASE_ENTRY, [
                {"b_case": removal.case_id, "b_seq": seq, "b_payload": payload}
                for seq, payload in removal.remains])
            seqs = [seq for seq, _ in removal.remains]
            connection.execute(
                update(EvidenceRow)
                .where(EvidenceRow.case_id == removal.case_id, EvidenceRow.seq.in_(seqs))
                .values(filename="", description=""))
        connection.execute(update(OutboxRow).where(OutboxRow.case_id == removal.case_id)
                           .values(text=removal.notice))
        if removal.opening:
            connection.execute(update(CaseRow).where(CaseRow.id == removal.case_id)
                               .values(title=""))
        if removal.opening or removal.people:
            whose = ParticipantRow.case_id == removal.case_id
            if not removal.opening:
                whose = and_(whose, ParticipantRow.user_id.in_(removal.people))
            connection.execute(update(ParticipantRow).where(whose).values(name=""))

    return write


async def erased_files(connection: AsyncConnection) -> list[str]:
    """Files recorded only by evidence entries whose content is erased."""
    erased = and_(JournalEntryRow.case_id == EvidenceRow.case_id,
                  JournalEntryRow.seq == EvidenceRow.seq,
                  JournalEntryRow.content_hash.is_not(None), JournalEntryRow.salt.is_(None))
    kept = select(EvidenceRow.sha256).where(~exists().where(erased))
    result = await connection.execute(
        select(EvidenceRow.sha256).where(exists().where(erased),
                                         EvidenceRow.sha256.not_in(kept)).distinct())
    return sorted(row[0] for row in result.all())


async def flush(engine: AsyncEngine, tries: int = 100) -> None:
    """SQLite: move the write-ahead log into the database and truncate it to nothing (a
    reader in the middle of a read holds it back: try again for a while). Elsewhere, and for
    a database in memory, nothing."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        return
    for _ in range(tries):
        if await asyncio.to_thread(_checkpoint, path):
            return
        await asyncio.sleep(0.02)
    raise RuntimeError("the database stayed busy: its write-ahead log holds erased content "
                       "until the next checkpoint")


def _checkpoint(path: str) -> bool:
    connection = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return bool(busy == 0)
    finally:
        connection.close()
