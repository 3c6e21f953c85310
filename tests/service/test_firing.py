"""Due deadlines go through the journaling pipeline together: a case's due rows fire in one
transaction, and two workers sweeping at once fire each row exactly once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import kinds
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .desk import Clock, Desk


async def test_a_cases_due_deadlines_fire_in_one_transaction(
        desk: Desk, store: SqlCaseStore, engine: AsyncEngine) -> None:
    case_id = await desk.open_case()
    desk.clock.advance(hours=73)  # the response deadline and its reminder are both due
    statements: list[str] = []
    if engine.dialect.name == "sqlite":
        await store.trace_writes(statements.append)
    try:
        assert await desk.service.fire_due() == 2
    finally:
        if engine.dialect.name == "sqlite":
            await store.trace_writes(None)
    assert await store.due_deadlines(desk.clock()) == []
    journal = [e.kind for e in await desk.verified(case_id)]
    # Too late to remind anyone: the deadline itself speaks.
    assert journal.count(kinds.REMINDER_SENT) == 0
    assert journal.count(kinds.DEADLINE_PASSED) == 1
    if statements:
        words = [statement.split()[0].upper() for statement in statements]
        assert words.count("BEGIN") == 1 and words.count("COMMIT") == 1, statements


async def test_two_workers_sweeping_together_fire_each_deadline_once(
        desk: Desk, make_store: Callable[[], Awaitable[SqlCaseStore]],
        evidence_store: FileEvidenceStore, clock: Clock) -> None:
    case_ids = [await desk.open_case() for _ in range(12)]
    other = await Desk.over(await make_store(), evidence_store, clock)
    clock.advance(hours=49)  # the reminders are due
    first = await asyncio.gather(desk.service.fire_due(), other.service.fire_due())
    assert sum(first) == len(case_ids)
    clock.advance(hours=24)  # the response deadlines are due
    second = await asyncio.gather(desk.service.fire_due(), other.service.fire_due())
    assert sum(second) == len(case_ids)
    for case_id in case_ids:
        journal = [e.kind for e in await desk.verified(case_id)]
        assert journal.count(kinds.REMINDER_SENT) == 1, journal
        assert journal.count(kinds.DEADLINE_PASSED) == 1, journal
        assert journal.count(kinds.MEDIATOR_REQUESTED) == 1, journal
