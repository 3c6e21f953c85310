"""Blind bidding on Slack through the real Bolt app and the fake Slack: `/mediate bid` answered
to its bidder alone (ephemeral), the thread and direct messages told no amount."""

from __future__ import annotations

from bot.domain import kinds
from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack
from .flows import CASE, negotiating
from .workspace import Workspace

BIDS = (("UANA", "1480.50"), ("UCLEO", "905.75"), ("UANA", "1210.25"), ("UCLEO", "1160.40"))


async def test_sealed_bids_meet_in_round_two(ws: Workspace, fake: FakeSlack,
                                             store: SqlCaseStore) -> None:
    channel, ts = await negotiating(ws)
    await ws.command("UANA", f"bidding {CASE} propose tolerance=5%")
    await ws.command("UCLEO", f"bidding {CASE} accept")
    for user, amount in BIDS:
        assert (await ws.command(user, f"bid {CASE} {amount}")).status == 200
        assert f"{amount} EUR" in fake.private_to(user)[-1]
    posted = " ".join(p.get("text", "") for p in fake.posted())
    assert "the case settles at 1185.33 EUR" in " ".join(fake.thread(channel, ts))
    assert not any(amount in posted for _, amount in BIDS)
    for user, other in (("UANA", "UCLEO"), ("UCLEO", "UANA")):
        mine = {a for u, a in BIDS if u == user}
        told = " ".join(fake.private_to(user))
        assert not any(a in told for u, a in BIDS if u == other)
        assert all(a in told for a in mine)
    sealed = [e for e in await store.entries(CASE) if e.kind == kinds.BID_SEALED]
    assert {e.visibility for e in sealed} == {"sealed:brand", "sealed:creator"}
