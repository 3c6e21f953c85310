"""The start-up backfill: what Slack holds in an open case's rooms and the journal lacks is
journaled once, in the order it was posted, marked as recovered; files a crash left behind are
fetched; nothing is journaled twice, whether it comes back live, again, or never left."""

from __future__ import annotations

import hashlib

import pytest

from adapters.slack.app import SlackApp
from adapters.slack.backfill import backfill
from bot.domain.errors import TryAgain
from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack, ServedFile
from .flows import CASE, joined
from .workspace import Workspace


async def posted(store: SqlCaseStore) -> list[dict]:
    return [e.payload for e in await store.entries(CASE) if e.kind == "message_posted"]


async def test_messages_posted_while_nobody_listened_are_recovered_once_in_order(
        ws: Workspace, fake: FakeSlack, slack_app: SlackApp, store: SqlCaseStore) -> None:
    thread = await joined(ws)
    live = await ws.say("UANA", "delivered live", thread)
    fake.said(thread[0], live)
    missed = [ws.message(user, f"missed {n}", thread, ts=f"1700002000.{n:06d}")
              for n, user in enumerate(["UCLEO", "UANA", "UCLEO"], start=1)]
    for event in reversed(missed):  # the history's order is by ts, not by arrival
        fake.said(thread[0], event)
    elsewhere = ws.message("UANA", "not in the case thread", ("C1", "1700000999.000001"))
    fake.said("C1", elsewhere)

    assert await backfill(slack_app.slack) == 3
    messages = await posted(store)
    assert [m["text"] for m in messages] == [
        "delivered live", "missed 1", "missed 2", "missed 3"]
    assert [bool(m.get("recovered")) for m in messages] == [False, True, True, True]
    entries = [e for e in await store.entries(CASE) if e.kind == "message_posted"]
    assert [e.actor_id for e in entries[1:]] == ["slack:T1:UCLEO", "slack:T1:UANA",
                                                 "slack:T1:UCLEO"]
    # The bot's own posts in the thread (the fake keeps them in its history) are not people's.
    assert not any("Case MB-" in m["text"] for m in messages)

    # Run again, and then Slack delivers one of them late after all: nothing new.
    assert await backfill(slack_app.slack) == 0
    await ws.event(missed[0], "EvLate")
    assert len(await posted(store)) == 4
    history = await ws.command("UANA", f"history {CASE}")
    assert history.status == 200
    await ws.work.idle()
    assert any("recovered" in text for text in fake.private_to("UANA"))


async def test_a_file_whose_download_a_crash_interrupted_is_fetched_once(
        ws: Workspace, fake: FakeSlack, slack_app: SlackApp, store: SqlCaseStore) -> None:
    thread = await joined(ws)
    content = b"%PDF-1.7 the brief " * 100
    fake.files["T1/F9/brief.pdf"] = ServedFile(content, "application/pdf")
    url = f"{fake.origin}/files/T1/F9/brief.pdf"
    files = [{"id": "F9", "name": "brief.pdf", "mimetype": "application/pdf",
              "url_private": url, "url_private_download": url, "size": len(content)}]
    shared = ws.message("UANA", "the brief", thread, subtype="file_share", files=files)
    fake.said(thread[0], shared)

    assert await backfill(slack_app.slack) == 1
    await backfill(slack_app.slack)
    evidence = [e.payload for e in await store.entries(CASE) if e.kind == "evidence_added"]
    assert [e["sha256"] for e in evidence] == [hashlib.sha256(content).hexdigest()]
    assert len(fake.downloads) == 1


async def test_a_room_slack_will_not_show_is_skipped_and_the_rest_recovered(
        ws: Workspace, fake: FakeSlack, slack_app: SlackApp, store: SqlCaseStore) -> None:
    thread = await joined(ws)
    fake.said(thread[0], ws.message("UCLEO", "still recovered", thread))
    fake.fail("conversations.replies", status=200, error="not_in_channel")
    assert await backfill(slack_app.slack) == 0
    assert await backfill(slack_app.slack) == 1
    assert [m["text"] for m in await posted(store)] == ["still recovered"]


async def test_a_message_not_recorded_for_a_passing_reason_is_left_for_slack_to_resend(
        ws: Workspace, slack_app: SlackApp, store: SqlCaseStore,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A 200 would tell Slack the message is recorded: a case too busy to take it, or a
    process stopping under it, answers 500, and Slack's retry journals it."""
    thread = await joined(ws)
    service = slack_app.slack.service
    act = service.act

    async def busy(*args: object, **kwargs: object) -> object:
        raise TryAgain("The case is busy right now; please try again.")

    monkeypatch.setattr(service, "act", busy)
    event = ws.message("UCLEO", "sent while the case was busy", thread)
    assert (await ws.event(event, "EvBusy")).status == 500
    assert await posted(store) == []
    monkeypatch.setattr(service, "act", act)
    assert (await ws.event(event, "EvBusy", retry=1)).status == 200
    assert [m["text"] for m in await posted(store)] == ["sent while the case was busy"]
