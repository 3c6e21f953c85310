"""Everything written in a case thread is journaled once: messages, edits (each version) and
deletions, whatever Slack's retries and duplicate deliveries do."""

from __future__ import annotations

import asyncio

from storage.repository import SqlCaseStore

from .flows import CASE, joined, open_case
from .workspace import Workspace


async def messages(store: SqlCaseStore) -> list[tuple[str, dict]]:
    return [(e.kind, e.payload) for e in await store.entries(CASE) if e.kind.startswith("mess")]


async def test_a_thread_message_is_journaled_with_its_author_and_slack_ref(
        ws: Workspace, store: SqlCaseStore) -> None:
    thread = await joined(ws)
    event = await ws.say("UCLEO", "We shipped on the 3rd", thread, event_id="EvA")
    entry = (await store.entries(CASE))[-1]
    assert (entry.kind, entry.actor_id, entry.actor_name) == (
        "message_posted", "slack:T1:UCLEO", "Cleo")
    assert entry.payload == {"ref": f"C1:{event['ts']}", "room": "thread",
                             "text": "We shipped on the 3rd"}
    assert entry.source == "slack:T1:EvA"


async def test_a_retried_event_and_a_copy_under_another_event_id_are_journaled_once(
        ws: Workspace, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    event = ws.message("UANA", "one message", thread)
    for retry in (None, 1, 2):
        assert (await ws.event(event, "EvSame", retry=retry)).status == 200
    assert (await ws.event(event, "EvOther")).status == 200  # Slack's copy, new event_id
    assert len(await messages(store)) == 1


async def test_a_retry_arriving_while_the_first_delivery_runs_is_journaled_once(
        ws: Workspace, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    event = ws.message("UANA", "racing", thread)
    replies = await asyncio.gather(*(ws.event(event, "EvRace", retry=n or None)
                                     for n in range(3)))
    assert [r.status for r in replies] == [200, 200, 200]
    await ws.work.idle()
    assert len(await messages(store)) == 1


async def test_edits_keep_every_version_and_a_deletion_keeps_the_content(
        ws: Workspace, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    posted = await ws.say("UANA", "draft", thread)
    original = {k: posted[k] for k in ("user", "text", "ts", "thread_ts")}
    for version, text in ((2, "second"), (3, "third")):
        edited = {**original, "text": text}
        await ws.event({"type": "message", "subtype": "message_changed", "channel": "C1",
                        "hidden": True, "ts": f"1700002000.00000{version}",
                        "message": {**edited, "edited": {"user": "UANA"}},
                        "previous_message": original})
        original = edited
    same = {"type": "message", "subtype": "message_changed", "channel": "C1", "hidden": True,
            "ts": "1700002000.000009", "message": {**original, "reply_count": 1},
            "previous_message": original}
    await ws.event(same)  # a reply count changed, not the text: nothing to journal
    await ws.event({"type": "message", "subtype": "message_deleted", "channel": "C1",
                    "hidden": True, "ts": "1700003000.000001", "deleted_ts": posted["ts"],
                    "previous_message": original})
    ref = f"C1:{posted['ts']}"
    assert await messages(store) == [
        ("message_posted", {"ref": ref, "room": "thread", "text": "draft"}),
        ("message_edited", {"ref": ref, "room": "thread", "version": 2, "text": "second"}),
        ("message_edited", {"ref": ref, "room": "thread", "version": 3, "text": "third"}),
        ("message_deleted", {"ref": ref, "room": "thread"}),
    ]


async def test_messages_outside_case_threads_and_the_bots_own_are_not_journaled(
        ws: Workspace, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    await ws.say("UANA", "in the channel, not the thread", ("C1", ""))
    await ws.say("UANA", "another thread", ("C1", "1600000000.000001"))
    await ws.event({**ws.message("UBOT", "bot talk", thread), "bot_id": "BBOT"})
    await ws.event({**ws.message("UANA", "joined", thread), "subtype": "channel_join"})
    assert await messages(store) == []
