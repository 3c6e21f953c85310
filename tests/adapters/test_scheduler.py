"""The real scheduler on a short horizon: deadlines fire once, and late after a restart."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from adapters.scheduler import Scheduler
from bot.domain import kinds
from bot.domain.identity import Actor
from bot.domain.policy import Policy
from bot.exchange import Context
from bot.input.grammar import parse
from bot.ports import Community
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

ANA = Actor("console:ana", "Ana")
BEN = Actor("console:ben", "Ben")
QUICK = Policy(response_window=timedelta(seconds=1.5), reminder_lead=timedelta(seconds=0.7))
OPEN = "/mediate open @ben Late video side=brand category=other summary=s desired_outcome=d"


class People:
    async def resolve(self, token: str) -> Actor | None:
        return BEN if token == "@ben" else None


async def service_on(store: SqlCaseStore, evidence: FileEvidenceStore) -> MediationService:
    service = MediationService(store, evidence, default_policy=QUICK)
    await service.ensure_community(Community("console", "console", "Console"))
    return service


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 20.0) -> None:
    """Poll until `check` holds (a bound on waiting, not an assertion on time)."""
    for _ in range(int(within / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the condition never held")


async def kinds_of(store: SqlCaseStore, case_id: str) -> list[str]:
    return [e.kind for e in await store.entries(case_id)]


async def test_a_deadline_and_its_reminder_fire_once(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    service = await service_on(store, evidence_store)
    timers = Scheduler(service, sweep_seconds=0.4)
    await timers.start()
    try:
        opened = await service.handle(parse(OPEN), Context(ANA, "console", "console", People()))
        case_id = opened.case_id
        assert case_id is not None

        async def passed() -> bool:
            return kinds.DEADLINE_PASSED in await kinds_of(store, case_id)

        await eventually(passed)
        await asyncio.sleep(1.0)  # a few more sweeps and timers: nothing fires twice
        fired = await kinds_of(store, case_id)
        assert fired.count(kinds.REMINDER_SENT) == 1
        assert fired.count(kinds.DEADLINE_PASSED) == 1
        assert fired.count(kinds.MEDIATOR_REQUESTED) == 1
        assert fired.index(kinds.REMINDER_SENT) < fired.index(kinds.DEADLINE_PASSED)
        assert await store.due_deadlines(service.clock()) == []
        audiences = [m.audience for m in await store.pending_outbox("console")]
        assert f"user:{BEN.user_id}" in audiences and "mediators" in audiences
    finally:
        await timers.stop()


async def test_a_deadline_missed_while_nothing_ran_fires_at_start_up(
        store: SqlCaseStore, make_store: Callable[[], Awaitable[SqlCaseStore]],
        evidence_store: FileEvidenceStore) -> None:
    before = await service_on(store, evidence_store)  # no timers: the process "is down"
    opened = await before.handle(parse(OPEN), Context(ANA, "console", "console", People()))
    case_id = opened.case_id
    assert case_id is not None
    await asyncio.sleep(2.0)  # well past the deadline (1.5 s) and its reminder
    assert await kinds_of(store, case_id) == [kinds.CASE_OPENED]

    restarted = await service_on(await make_store(), evidence_store)
    timers = Scheduler(restarted, sweep_seconds=60)  # no later sweep within this test
    await timers.start()  # the first sweep runs before start returns
    try:
        fired = await kinds_of(store, case_id)
        assert fired.count(kinds.DEADLINE_PASSED) == 1
        # The reminder's time passed too, but reminding of a passed deadline helps nobody.
        assert fired.count(kinds.REMINDER_SENT) == 0
        assert await store.due_deadlines(restarted.clock()) == []
    finally:
        await timers.stop()
        await restarted.store.close()  # type: ignore[attr-defined]


async def test_stopping_waits_for_a_sweep_under_way_and_starts_no_other(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    service = await service_on(store, evidence_store)
    reading = asyncio.Event()
    go_on = asyncio.Event()
    reads: list[str] = []
    next_due_times = store.next_due_times

    async def slow_next_due_times(*args: object) -> object:
        reads.append("start")
        reading.set()
        await go_on.wait()
        reads.append("end")
        return await next_due_times(*args)  # type: ignore[arg-type]

    store.next_due_times = slow_next_due_times  # type: ignore[method-assign]
    timers = Scheduler(service, sweep_seconds=0.05)
    starting = asyncio.ensure_future(timers.start())
    await reading.wait()  # the first sweep reads the due times
    stopping = asyncio.ensure_future(timers.stop())
    await asyncio.sleep(0.2)
    assert not stopping.done()  # it waits for the sweep's read
    go_on.set()
    await stopping
    await starting
    assert reads == ["start", "end"]
    await timers.sweep()  # a run on its way when the timers stopped does nothing
    await asyncio.sleep(0.2)
    assert reads == ["start", "end"]


async def test_a_policy_changed_by_another_process_is_in_force_after_a_sweep(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    running = await service_on(store, evidence_store)
    await running.handle(parse(OPEN), Context(ANA, "console", "console", People()))
    assert (await running.policy("console")).response_window == QUICK.response_window

    # `mediator config` in another process: its own service on the same store.
    other = await service_on(store, evidence_store)
    longer = Policy(response_window=timedelta(hours=96))
    await other.save_policy("console", "console", longer)

    timers = Scheduler(running, sweep_seconds=0.2)
    await timers.start()
    try:
        async def in_force() -> bool:
            return (await running.policy("console")).response_window == timedelta(hours=96)

        await eventually(in_force)
    finally:
        await timers.stop()
