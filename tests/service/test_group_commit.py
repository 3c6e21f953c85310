"""Messages to one case: one alone is written at once, in place; a burst waits its turn and is
journaled in few transactions, in arrival order, each message still answered on its own."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from bot.domain import kinds
from bot.domain.commands import PostMessage, Withdraw
from bot.domain.errors import Refusal
from bot.exchange import Outcome
from storage.repository import SqlCaseStore

from .desk import ANA, Desk


async def _traced(desk: Desk, store: SqlCaseStore, work: object) -> list[tuple[str, str]]:
    """(thread name, first word) of every statement the SQLite writer runs during `work`."""
    statements: list[tuple[str, str]] = []
    await store.trace_writes(lambda sql: statements.append(
        (threading.current_thread().name, sql.split()[0].upper())))
    await asyncio.sleep(0.01)  # a quiet moment: the loop waits for events
    try:
        await work  # type: ignore[misc]
    finally:
        await store.trace_writes(None)
    return statements


async def test_a_lone_message_is_written_in_place(desk: Desk, store: SqlCaseStore) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    case_id = await desk.open_case()
    statements = await _traced(desk, store, desk.act(ANA, case_id, PostMessage("hello")))
    # The case row (version-guarded), the entry, the community's settings still as decided by.
    assert [word for _, word in statements] == ["BEGIN", "UPDATE", "INSERT", "SELECT", "COMMIT"]
    assert {name for name, _ in statements} == {threading.current_thread().name}


async def test_a_burst_is_journaled_in_order_in_fewer_commits(desk: Desk, store: SqlCaseStore
                                                               ) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    case_id = await desk.open_case()
    before = len(await desk.journal(case_id))
    burst = [PostMessage(f"line {n}") if n != 5 else PostMessage("   ") for n in range(20)]
    results: list[object] = []

    async def send() -> None:
        # Another process is writing: the first message waits for the lock, off the loop,
        # while the others arrive and queue behind it.
        other = sqlite3.connect(store.engine.url.database or "", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        sending = asyncio.gather(*(desk.act(ANA, case_id, command) for command in burst),
                                 return_exceptions=True)
        await asyncio.sleep(0.2)
        other.execute("COMMIT")
        other.close()
        results.extend(await sending)

    statements = await _traced(desk, store, send())
    assert [word for _, word in statements].count("COMMIT") == 2  # the first, then the rest
    # The first waited for the lock off the event loop, which went on taking the others.
    commits = [name for name, word in statements if word == "COMMIT"]
    assert commits[0] == "sqlite-writer_0"
    assert isinstance(results[5], Refusal)  # the empty one, refused on its own
    journal = (await desk.verified(case_id))[before:]
    assert [e.kind for e in journal] == [kinds.MESSAGE_POSTED] * 19
    assert [e.payload["text"] for e in journal] == [f"line {n}" for n in range(20) if n != 5]
    assert desk.service.journaling.draining == 0


async def test_submitted_messages_are_journaled_in_the_order_queued(desk: Desk) -> None:
    case_id = await desk.open_case()
    before = len(await desk.journal(case_id))
    answers = [desk.service.submit(desk.context(ANA, case_id), case_id,
                                   PostMessage(f"line {n}" if n != 3 else " "))
               for n in range(10)]  # queued before any of them runs
    results = await asyncio.gather(*answers, return_exceptions=True)
    assert isinstance(results[3], Refusal)
    journal = (await desk.verified(case_id))[before:]
    assert [e.payload["text"] for e in journal] == [f"line {n}" for n in range(10) if n != 3]
    assert desk.service.journaling.draining == 0


async def test_a_submitted_retry_answers_what_it_did_the_first_time(desk: Desk) -> None:
    case_id = await desk.open_case()
    context = desk.context(ANA, case_id, source="discord:msg:1")
    first = await desk.service.submit(context, case_id, PostMessage("once", ref="1"))
    again = await desk.service.submit(context, case_id, PostMessage("once", ref="1"))
    assert again.duplicate and again.entries == first.entries
    assert [e.payload.get("text") for e in await desk.journal(case_id)].count("once") == 1


async def test_a_submitted_retry_in_a_burst_answers_what_it_did(desk: Desk) -> None:
    case_id = await desk.open_case()
    context = desk.context(ANA, case_id, source="discord:msg:7")
    first = await desk.service.submit(context, case_id, PostMessage("before", ref="7"))
    length = len(await desk.journal(case_id))
    # Queued together: the replay (refused as a message, then found journaled), a new
    # message that is refused (empty) and one that is not.
    answers = [
        desk.service.submit(context, case_id, PostMessage("before", ref="7")),
        desk.service.submit(desk.context(ANA, case_id, source="discord:msg:8"), case_id,
                            PostMessage("  ", ref="8")),
        desk.service.submit(desk.context(ANA, case_id, source="discord:msg:9"), case_id,
                            PostMessage("after", ref="9")),
    ]
    again, empty, after = await asyncio.gather(*answers, return_exceptions=True)
    assert isinstance(again, Outcome) and again.duplicate and again.entries == first.entries
    assert isinstance(empty, Refusal)
    assert isinstance(after, Outcome) and not after.duplicate
    journal = await desk.journal(case_id)
    assert [e.payload["text"] for e in journal[length:]] == ["after"]
    assert desk.service.journaling.draining == 0


async def test_any_command_queued_with_messages_is_journaled_in_its_place(desk: Desk) -> None:
    """One pipeline for every command: a move queued between messages keeps its place."""
    case_id = await desk.open_case()
    ctx = desk.context(ANA, case_id)
    answers = [desk.service.submit(ctx, case_id, PostMessage("before")),
               desk.service.submit(ctx, case_id, Withdraw()),
               desk.service.submit(ctx, case_id, PostMessage("after"))]
    await asyncio.gather(*answers)
    written = [(e.kind, e.payload.get("text")) for e in await desk.store.entries(case_id)]
    assert written[-3:] == [("message_posted", "before"), ("case_closed", None),
                            ("message_posted", "after")]
    assert desk.service.journaling.draining == 0


async def test_a_caller_that_stops_waiting_leaves_the_others_their_answers(desk: Desk) -> None:
    case_id = await desk.open_case()
    answers = [asyncio.ensure_future(desk.service.submit(desk.context(ANA, case_id), case_id,
                                                         PostMessage(f"line {n}")))
               for n in range(5)]
    await asyncio.sleep(0)
    answers[1].cancel()  # its caller went away; the message itself was already queued
    results = await asyncio.gather(*answers, return_exceptions=True)
    assert isinstance(results[1], asyncio.CancelledError)
    assert all(not isinstance(r, BaseException) for n, r in enumerate(results) if n != 1)
    texts = [e.payload.get("text") for e in await desk.verified(case_id)]
    assert [t for t in texts if t and t.startswith("line")] == [f"line {n}" for n in range(5)]
    assert desk.service.journaling.draining == 0
