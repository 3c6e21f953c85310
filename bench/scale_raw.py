"""The baselines of `bench/scale.py`: the raw driver doing the reads and writes a command
does (status: the case's row and its entries; a message: the case's last entry read, one
entry written to a copy of the journal table (its keys and indexes, no triggers) and the case
row updated, in one transaction; history: the latest entries it reads)."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable

from bot.service.history_page import WINDOW

Step = Callable[[int], Awaitable[object]]


async def raw_steps(url: str, chosen: list[str], history_case: str
                    ) -> dict[str, Step]:
    """The raw driver's reads and writes for the same commands, with the same durability:
    stdlib sqlite3 (WAL, synchronous=FULL), or asyncpg."""
    if not url.startswith("sqlite"):
        return await _postgres(url, chosen, history_case)

    db = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    [schema] = db.execute("SELECT sql FROM sqlite_master WHERE name = 'journal_entries'"
                          ).fetchone()
    db.execute(schema.replace("journal_entries", "raw_journal", 1))  # its keys and indexes

    async def status(i: int) -> object:
        case = db.execute("SELECT * FROM cases WHERE id = ?", (chosen[i],)).fetchall()
        return case, db.execute("SELECT * FROM journal_entries WHERE case_id = ? ORDER BY seq",
                                (chosen[i],)).fetchall()

    async def message(i: int) -> object:
        row = db.execute("SELECT * FROM journal_entries WHERE case_id = ? ORDER BY seq DESC "
                         "LIMIT 1", (chosen[i],)).fetchone()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO raw_journal (case_id, seq, at, kind, actor_id, actor_name, "
                   "actor_role, visibility, payload, source, prev_hash, hash) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                   (f"RAW-{chosen[i]}-{i}", 1, row[2], row[3], row[4], row[5], row[6], row[7],
                    row[8], row[10], row[11]))
        db.execute("UPDATE cases SET version = version WHERE id = ?", (chosen[i],))
        db.execute("COMMIT")
        return row

    async def history(i: int) -> object:
        return db.execute("SELECT * FROM journal_entries WHERE case_id = ? ORDER BY seq DESC "
                          f"LIMIT {WINDOW}", (history_case,)).fetchall()

    return {"status": status, "message": message, "history 1,000": history}


async def _postgres(url: str, chosen: list[str], history_case: str) -> dict[str, Step]:
    import asyncpg

    db = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    await db.execute("CREATE TABLE raw_journal (LIKE journal_entries INCLUDING ALL)")

    async def status(i: int) -> object:
        case = await db.fetch("SELECT * FROM cases WHERE id = $1", chosen[i])
        return case, await db.fetch(
            "SELECT * FROM journal_entries WHERE case_id = $1 ORDER BY seq", chosen[i])

    async def message(i: int) -> object:
        row = await db.fetchrow("SELECT * FROM journal_entries WHERE case_id = $1 ORDER BY "
                                "seq DESC LIMIT 1", chosen[i])
        async with db.transaction():
            await db.execute(
                "INSERT INTO raw_journal (case_id, seq, at, kind, actor_id, actor_name, "
                "actor_role, visibility, payload, source, prev_hash, hash) VALUES "
                "($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11)",
                f"RAW-{chosen[i]}-{i}", 1, row["at"], row["kind"], row["actor_id"],
                row["actor_name"], row["actor_role"], row["visibility"], row["payload"],
                row["prev_hash"], row["hash"])
            await db.execute("UPDATE cases SET version = version WHERE id = $1", chosen[i])
        return row

    async def history(i: int) -> object:
        return await db.fetch("SELECT * FROM journal_entries WHERE case_id = $1 ORDER BY seq "
                              f"DESC LIMIT {WINDOW}", history_case)

    return {"status": status, "message": message, "history 1,000": history}
