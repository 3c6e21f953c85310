"""The case card never goes back: when moves land close together and Slack answers slowly,
the card still ends showing the case as the journal has it."""

from __future__ import annotations

import asyncio

from adapters.slack.turns import Turns
from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack
from .flows import OPEN_FORM
from .slow_slack import SlowSlack
from .workspace import Workspace

RUNS = 50


async def agreement_to_sign(ws: Workspace, case_id: str) -> None:
    """Ana opens a case against Cleo, and they get as far as an agreement to sign."""
    await ws.command("UANA", "open")
    await ws.submit("UANA", OPEN_FORM)
    await ws.click("UCLEO", case_id, "join")
    await ws.command("UANA", f'statement {case_id} what_happened="Reel missing" wants="Reel"')
    await ws.command(
        "UCLEO", f'statement {case_id} what_happened="Brief changed" wants="Fee" position=dispute'
    )
    await ws.command("UANA", f"propose {case_id} amount=1000 currency=EUR")
    await ws.click("UCLEO", case_id, "accept", 1)


async def test_both_sides_signing_at_once_leave_the_card_settled_under_a_slow_slack(
    ws: Workspace, fake: FakeSlack, store: SqlCaseStore
) -> None:
    for run in range(1, RUNS + 1):
        case_id = f"MB-{run:06d}"
        fake.latency = None
        await agreement_to_sign(ws, case_id)
        assert ws.button(case_id, "sign")
        fake.latency = SlowSlack(seed=run, most={"chat.update": 0.05}, others=0.01)
        await asyncio.gather(ws.click("UANA", case_id, "sign"), ws.click("UCLEO", case_id, "sign"))
        await ws.work.idle()

        entries = await store.entries(case_id)
        assert entries[-1].kind == "case_closed" and entries[-1].payload["reason"] == "settled"
        _, _, card = ws.card(case_id)
        assert "settled" in str(card), f"run {run}: the card went back to {card}"
        assert not [b for b in card if b["type"] == "actions"], f"run {run}: {card}"


async def test_a_card_has_one_update_at_a_time_and_no_turn_is_kept_after() -> None:
    turns = Turns()
    first_in, first_may_go, other_in = asyncio.Event(), asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def first() -> None:
        async with turns.turn("MB-000001"):
            order.append("first in")
            first_in.set()
            await first_may_go.wait()
            order.append("first out")

    async def second() -> None:
        await first_in.wait()
        async with turns.turn("MB-000001"):
            order.append("second in")

    async def other_card() -> None:
        await first_in.wait()
        async with turns.turn("MB-000002"):
            order.append("other card in")
            other_in.set()

    tasks = [asyncio.create_task(work()) for work in (first, second, other_card)]
    await first_in.wait()
    await asyncio.wait_for(other_in.wait(), 10)  # another card does not wait for this one
    assert order == ["first in", "other card in"] and len(turns) == 1
    first_may_go.set()
    await asyncio.gather(*tasks)
    assert order == ["first in", "other card in", "first out", "second in"]
    assert len(turns) == 0
