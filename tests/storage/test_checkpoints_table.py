"""The checkpoints table: written with the entries they sign, all or nothing; read back as
written; and, like the journal, never changed or removed (triggers)."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.checkpoints import Checkpointing, problem_of
from bot.domain.journal import JournalEntry
from bot.ports import CaseHead, CaseSummary, ConflictError
from storage.repository import SqlCaseStore
from storage.signing_keys import load_keys

from .builders import T0, Event, entries_after, event, open_case, summary_after

KEYS = load_keys({"SIGNING_KEY": base64.b64encode(bytes(range(32))).decode()})[0]
REFUSED = "checkpoints are append-only"


async def _append(store: SqlCaseStore, summary: CaseSummary, *events: Event
                  ) -> tuple[list[JournalEntry], CaseSummary]:
    """Append `events` and sign the checkpoints due among them, in one unit of work."""
    more = entries_after(CaseHead(summary.version, summary.last_hash), summary.id, events)
    after = summary_after(summary.id, more, previous=summary)
    async with store.transaction() as tx:
        await tx.append(more, after, summary.version)
        await tx.add_checkpoints(Checkpointing(KEYS, every=2).made(more, T0))
    return more, after


async def test_checkpoints_commit_with_their_entries_and_read_back(store: SqlCaseStore) -> None:
    entries, summary = await open_case(store, "C-1", events=[event("case_opened", title="x")])
    more, _ = await _append(store, summary, event(text="a"), event(text="b"), event(text="c"),
                            event("case_closed"))
    stored = await SqlCaseStore(store.engine).checkpoints("C-1")  # another store: as stored
    assert [c.seq for c in stored] == [2, 4, 5]  # every 2, and the closing (a milestone)
    hashes = [e.hash for e in [*entries, *more]]
    assert all(problem_of(c.to_json(), "C-1", hashes, None) is None for c in stored)
    assert await store.checkpoints("C-2") == []


async def test_a_refused_append_writes_no_checkpoint(store: SqlCaseStore) -> None:
    entries, summary = await open_case(store, "C-1", events=[event("case_opened", title="x")])
    with pytest.raises(ConflictError):
        async with store.transaction() as tx:
            # A stale version: the case moved on (nothing of this unit may be written).
            await tx.append(entries, summary, 0)
            await tx.add_checkpoints(Checkpointing(KEYS).made(entries, T0))
    assert await store.checkpoints("C-1") == []


async def _one_checkpoint(store: SqlCaseStore) -> None:
    _, summary = await open_case(store, "C-1", events=[event("case_opened", title="x")])
    await _append(store, summary, event("case_closed"))  # entry 2: a milestone and even


@pytest.mark.parametrize("statement", [
    "UPDATE checkpoints SET hash = 'forged'",
    "UPDATE checkpoints SET seq = seq + 1",
    "DELETE FROM checkpoints WHERE case_id = 'C-1'",
    "DELETE FROM checkpoints",
])
async def test_updates_and_deletes_are_refused(store: SqlCaseStore, engine: AsyncEngine,
                                               statement: str) -> None:
    await _one_checkpoint(store)
    before = await store.checkpoints("C-1")
    assert [c.seq for c in before] == [2]
    with pytest.raises(DBAPIError) as refused:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    assert REFUSED in str(refused.value)
    assert await store.checkpoints("C-1") == before


async def test_truncate_is_refused_on_postgresql(store: SqlCaseStore,
                                                 engine: AsyncEngine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    await _one_checkpoint(store)
    with pytest.raises(DBAPIError) as refused:
        async with engine.begin() as connection:
            await connection.execute(text("TRUNCATE checkpoints"))
    assert REFUSED in str(refused.value)
    assert len(await store.checkpoints("C-1")) == 1
