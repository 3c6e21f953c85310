"""Sealed bids through the bid modal on Slack, with the real Bolt app and the fake Slack: opened
by `/mediate bid` without an amount or by the "Seal my bid" button on the thread's bidding
announcements; the amount is told to its bidder alone."""

from __future__ import annotations

import itertools
import json
from typing import Any

from bot.domain import kinds
from storage.repository import SqlCaseStore

from .fake_slack import TEAM, FakeSlack
from .flows import CASE, negotiating
from .workspace import Workspace

Json = dict[str, Any]
_n = itertools.count(900)


async def bidding_open(ws: Workspace) -> tuple[str, str]:
    """Negotiating, then blind bidding proposed by Ana and accepted by Cleo: round 1 is open."""
    thread = await negotiating(ws)
    await ws.command("UANA", f"bidding {CASE} propose tolerance=5%")
    await ws.command("UCLEO", f"bidding {CASE} accept")
    return thread


def bid_buttons(fake: FakeSlack, thread_ts: str) -> list[tuple[str, Json]]:
    """(message ts, button) of each "Seal my bid" button posted in the case thread."""
    found = []
    for call in fake.calls:
        if call.method != "chat.postMessage" or call.params.get("thread_ts") != thread_ts:
            continue
        blocks = call.params.get("blocks") or []
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
        found += [(str(call.answer["ts"]), element) for block in blocks
                  if block.get("type") == "actions" for element in block["elements"]
                  if element.get("action_id") == "mb:bid"]
    return found


async def click(ws: Workspace, user: str, thread: tuple[str, str], message_ts: str,
                element: Json) -> None:
    channel, thread_ts = thread
    n = next(_n)
    reply = await ws.interaction({
        "type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
        "user": {"id": user, "team_id": TEAM}, "api_app_id": "A1", "token": "x",
        "trigger_id": f"{n}.trigger", "response_url": ws.fake.response_url(user, n),
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                      "thread_ts": thread_ts},
        "channel": {"id": channel}, "message": {"ts": message_ts, "thread_ts": thread_ts},
        "actions": [{**element, "block_id": "bid", "action_ts": "1"}],
    })
    assert reply.status == 200


def submission(user: str, view: Json, amount: str, view_id: str) -> Json:
    """The bid modal submitted with `amount`, as Slack sends it (one view id per modal)."""
    state = {"amount": {"value": {"type": "plain_text_input", "value": amount}}}
    return {"type": "view_submission", "team": {"id": TEAM}, "user": {"id": user},
            "api_app_id": "A1", "token": "x", "trigger_id": f"{next(_n)}.trigger",
            "view": {**view, "id": view_id, "team_id": TEAM, "state": {"values": state}}}


def seen_by_others(fake: FakeSlack, bidder: str) -> str:
    """Everything the bot sent to Slack except the bidder's own private answers."""
    sent = [c.params for c in fake.calls
            if not (c.method == "chat.postEphemeral" and c.params.get("user") == bidder)]
    sent += [body for who, body in fake.responses if who != bidder]
    return json.dumps(sent, ensure_ascii=False)


async def sealed(store: SqlCaseStore) -> list[tuple[str, int, str]]:
    return [(e.payload["side"], e.payload["round"], e.payload["amount"])
            for e in await store.entries(CASE) if e.kind == kinds.BID_SEALED]


async def test_a_bid_sealed_in_the_modal_is_told_to_its_bidder_alone(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    channel, ts = await bidding_open(ws)
    [(message_ts, button)] = bid_buttons(fake, ts)  # on "Blind bidding is open"
    await click(ws, "UANA", (channel, ts), message_ts, button)
    view = ws.last_view()
    assert json.loads(view["private_metadata"])["f"] == "bid"
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["amount"]
    reply = await ws.submit("UANA", {"amount": "4,873.19"})
    assert reply.status == 200 and not reply.text, reply.text
    assert "Your demand for round 1 is sealed: 4873.19 EUR" in fake.private_to("UANA")[-1]
    assert fake.thread(channel, ts)[-1] == "A sealed bid for round 1 is in."
    # Typed with its amount, a bid goes straight through: no modal opens.
    opened = len(fake.called("views.open"))
    assert (await ws.command("UCLEO", f"bid {CASE} 906.37")).status == 200
    assert len(fake.called("views.open")) == opened
    assert "Your offer for round 1 is sealed: 906.37 EUR" in fake.private_to("UCLEO")[-1]
    assert await sealed(store) == [("brand", 1, "4873.19"), ("creator", 1, "906.37")]
    # Round 2 opens, announced with the button again; nothing of either bid is revealed.
    assert "Round 2 until" in fake.thread(channel, ts)[-1]
    assert len(bid_buttons(fake, ts)) == 2
    assert "4873.19" not in seen_by_others(fake, "UANA")
    assert "4873" not in seen_by_others(fake, "UANA")
    assert "906.37" not in seen_by_others(fake, "UCLEO")


async def test_a_malformed_amount_is_shown_on_its_field_and_records_nothing(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await bidding_open(ws)
    assert (await ws.command("UCLEO", f"bid {CASE}")).status == 200  # no amount: the modal
    for typed, problem in (("lots", "not a number"), ("12.345", "at most two decimals")):
        reply = await ws.submit("UCLEO", {"amount": typed})
        assert reply.status == 200
        assert reply.json() == {"response_action": "errors", "errors": {"amount": problem}}
    assert await sealed(store) == []
    assert not any("round 1 is sealed" in text for text in fake.private_to("UCLEO"))


async def test_a_submission_sent_twice_records_one_bid(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    channel, ts = await bidding_open(ws)
    assert (await ws.command("UCLEO", f"bid {CASE}")).status == 200
    payload = submission("UCLEO", ws.last_view(), "906.37", "VBID000001")
    for _ in range(2):
        reply = await ws.interaction(payload)
        assert reply.status == 200 and not reply.text, reply.text
    assert await sealed(store) == [("creator", 1, "906.37")]
    assert sum("906.37 EUR" in text for text in fake.private_to("UCLEO")) == 1
    assert fake.thread(channel, ts).count("A sealed bid for round 1 is in.") == 1
    assert not any("Not done" in text for text in fake.private_to("UCLEO"))
