"""A batch's check that its community's settings are still those it was decided by: it passes
on the same settings, fails (PolicyChanged) on others, and on PostgreSQL holds the row until
the batch ends, so that a change of settings cannot commit between the check and the batch."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.ports import Community, PolicyChanged
from storage.communities import hold_policy
from storage.repository import SqlCaseStore
from tests.conftest import MakeStore

HOME = Community("slack:T1", "slack", "Acme")


async def check(engine: AsyncEngine, stored: dict[str, object]) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(lambda c: hold_policy(c, HOME.id, stored))


async def test_the_same_settings_pass_and_others_fail(engine: AsyncEngine,
                                                      store: SqlCaseStore) -> None:
    await check(engine, {})  # no community yet: no settings of its own
    await store.save_community(HOME)
    await check(engine, {})
    with pytest.raises(PolicyChanged, match="slack:T1"):
        await check(engine, {"response_window": "2d"})
    await store.save_community(Community(HOME.id, "slack", "Acme", {"response_window": "2d"}))
    await check(engine, {"response_window": "2d"})
    with pytest.raises(PolicyChanged):
        await check(engine, {})


async def test_a_change_of_settings_waits_for_the_batch_that_checked_them(
        engine: AsyncEngine, store: SqlCaseStore, make_store: MakeStore) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one write at a time")
    await store.save_community(HOME)
    other = await make_store()
    async with engine.begin() as connection:
        await connection.run_sync(lambda c: hold_policy(c, HOME.id, {}))
        change = asyncio.create_task(other.save_community(
            Community(HOME.id, "slack", "Acme", {"response_window": "2d"})))
        await asyncio.sleep(0.5)
        assert not change.done()  # the batch has not ended: the settings stay as checked
    await asyncio.wait_for(change, 10)
    assert (await store.community(HOME.id)).policy == {"response_window": "2d"}  # type: ignore[union-attr]
