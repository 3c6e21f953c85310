"""A thread's first lookup: every message waiting for it is told, in the order it asked,
before anything else can see the thread as known (else a later message could be queued for
the journal before an earlier one)."""

from __future__ import annotations

import asyncio

import pytest

from adapters.discord.rooms import CaseRooms, Where

THREAD = ("MB-000001", "thread")


class SlowStore:
    """The store's `room` lookup, answered when the test says."""

    def __init__(self) -> None:
        self.asked: list[asyncio.Future[Where]] = []

    async def room(self, platform: str, ref: str) -> Where:
        answer: asyncio.Future[Where] = asyncio.get_running_loop().create_future()
        self.asked.append(answer)
        return await answer


async def turns(n: int = 5) -> None:
    for _ in range(n):
        await asyncio.sleep(0)


async def test_waiters_are_told_before_anything_sees_the_thread_as_known() -> None:
    store = SlowStore()
    rooms = CaseRooms(store)  # type: ignore[arg-type]
    told: list[tuple[str, Where]] = []
    for name in ("first", "second"):
        rooms.look_up(42, lambda where, error, name=name: told.append((name, where)))
    await turns()
    assert len(store.asked) == 1  # one lookup for both
    assert rooms.known(42) is None

    async def arriving_now() -> None:  # scheduled in the same loop turn as the answer
        told.append(("later", rooms.known(42)))

    store.asked[0].set_result(THREAD)
    asyncio.get_running_loop().create_task(arriving_now())
    await turns()
    assert told == [("first", THREAD), ("second", THREAD), ("later", THREAD)]


async def test_a_failed_lookup_is_told_to_every_waiter_and_tried_again_later() -> None:
    store = SlowStore()
    rooms = CaseRooms(store)  # type: ignore[arg-type]
    errors: list[BaseException | None] = []
    for _ in range(2):
        rooms.look_up(42, lambda where, error: errors.append(error))
    await turns()
    store.asked[0].set_exception(OSError("database is gone"))
    await turns()
    assert [type(e) for e in errors] == [OSError, OSError]
    lookup = asyncio.ensure_future(rooms.of_channel(42))
    await turns()
    assert len(store.asked) == 2  # nothing remembered from the failure
    store.asked[1].set_result(THREAD)
    assert await lookup == THREAD


async def test_stopping_a_lookup_tells_its_waiters() -> None:
    store = SlowStore()
    rooms = CaseRooms(store)  # type: ignore[arg-type]
    errors: list[BaseException | None] = []
    rooms.look_up(42, lambda where, error: errors.append(error))
    waiting = asyncio.ensure_future(rooms.of_channel(42))
    await turns()
    for task in list(rooms._lookups):
        task.cancel()
    await turns()
    assert [type(e) for e in errors] == [asyncio.CancelledError]
    with pytest.raises(asyncio.CancelledError):
        await waiting
