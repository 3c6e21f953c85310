"""Mediators: configured user ids or members of a user group. A mediator takes a case and
holds a private caucus with one side in a conversation the bot opens; what is written there
is journaled with that side's visibility."""

from __future__ import annotations

import json

import pytest

from adapters.slack.settings import SlackSettings
from storage.repository import SqlCaseStore

from .conftest import kinds
from .fake_slack import FakeSlack
from .flows import CASE, joined, open_case
from .workspace import SECRET, Workspace


@pytest.fixture
def slack_settings(fake: FakeSlack) -> SlackSettings:
    fake.users["UMAX"] = "Max"
    fake.groups["SMED"] = ["UMAX"]
    return SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url,
                         file_hosts=(fake.origin,), mediators=("UMO",), mediator_group="SMED")


async def test_a_group_mediator_takes_the_case_and_holds_a_caucus(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await joined(ws)
    await ws.click("UCLEO", CASE, "mediator")
    # Both mediators (the configured id and the group's member) are told, by DM.
    assert any(f"Case {CASE}" in t for t in fake.direct_to("UMO"))
    assert any(f"Case {CASE}" in t for t in fake.direct_to("UMAX"))
    await ws.click("UOTTO", CASE, "take")
    assert "not a party" in fake.private_to("UOTTO")[-1]
    await ws.click("UMAX", CASE, "take")
    assert (await kinds(store, CASE))[-2:] == ["mediator_assigned", "briefing_given"]

    await ws.command("UMAX", f"caucus {CASE} <@UCLEO|cleo>")
    [opened] = fake.called("conversations.open")[-1:]
    assert sorted(opened["users"].split(",")) == ["UCLEO", "UMAX"]
    caucus = "GUCLEOUMAX"
    assert any("private caucus" in p["text"] for p in fake.called("chat.postMessage")
               if p["channel"] == caucus)
    await ws.say("UCLEO", "Between us: the brief changed <!channel>", (caucus, ""))
    entry = (await store.entries(CASE))[-1]
    assert (entry.kind, entry.visibility, entry.payload["room"]) == (
        "message_posted", "side:creator", "caucus:creator")
    # In the caucus conversation a command needs no case id.
    await ws.command("UCLEO", "status", channel=caucus)
    assert f"Case {CASE}" in fake.private_to("UCLEO")[-1]
    # Ana's history does not show the caucus.
    await ws.command("UANA", f"history {CASE}")
    assert "Between us" not in fake.private_to("UANA")[-1]
    assert "<!channel>" not in fake.everything_sent()


async def test_a_configured_mediator_id_mediates_and_others_do_not(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    await open_case(ws)
    await ws.click("UANA", CASE, "mediator")
    await ws.command("UMO", f"take {CASE}")
    assert (await kinds(store, CASE))[-2:] == ["mediator_assigned", "briefing_given"]
    community = await store.community("slack:T1")
    assert community is not None
    assert set(community.mediators) == {"slack:T1:UMO", "slack:T1:UMAX"}


async def test_app_home_lists_my_cases_and_the_mediator_queue(
        ws: Workspace, fake: FakeSlack) -> None:
    await joined(ws)
    await ws.click("UANA", CASE, "mediator")
    await ws.event({"type": "app_home_opened", "user": "UANA", "tab": "home"})
    home = fake.called("views.publish")[-1]
    assert home["user_id"] == "UANA"
    shown = json.dumps(home["view"])
    assert CASE in shown and "to submit a statement" in shown
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    await ws.event({"type": "app_home_opened", "user": "UMO", "tab": "home"})
    mediator_home = fake.called("views.publish")[-1]
    assert mediator_home["user_id"] == "UMO"
    take = [e for b in mediator_home["view"]["blocks"] if b["type"] == "actions"
            for e in b["elements"]]
    assert [(e["action_id"], e["value"]) for e in take] == [("mb:take", CASE)]
    await ws.event({"type": "app_home_opened", "user": "UOTTO", "tab": "home"})
    assert "no open cases" in json.dumps(fake.called("views.publish")[-1]["view"])
