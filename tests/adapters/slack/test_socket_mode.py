"""Socket Mode: the same app over a websocket, as Slack's `apps.connections.open` hands out.
Envelopes carry the payloads; the app's acks come back over the socket."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.slack.app import SlackApp
from storage.repository import SqlCaseStore

from .conftest import kinds
from .fake_slack import FakeSlack
from .flows import CASE, OPEN_FORM
from .workspace import Reply, Workspace


class SocketWorkspace(Workspace):
    """The same people, but Slack delivers what they do as Socket Mode envelopes."""

    envelopes = 0

    async def _push(self, kind: str, payload: dict[str, Any], **extra: Any) -> Reply:
        self.envelopes += 1
        ack = await self.fake.push({"envelope_id": f"env-{self.envelopes}", "type": kind,
                                    "accepts_response_payload": kind != "events_api",
                                    "payload": payload, **extra})
        await self.work.idle()
        answer = ack.get("payload")
        return Reply(200, json.dumps(answer) if answer else "")

    async def command(self, user: str, text: str, channel: str | None = None,
                      **kw: Any) -> Reply:
        body = dict(parse_qsl(self.command_body(user, text, channel).decode()))
        return await self._push("slash_commands", body)

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> Reply:
        return await self._push("interactive", payload)

    async def event(self, event: dict[str, Any], event_id: str | None = None, *,
                    retry: int | None = None, **kw: Any) -> Reply:
        return await self._push("events_api", self.event_body(event, event_id),
                                retry_attempt=retry or 0,
                                retry_reason="timeout" if retry else "")


@pytest.fixture
async def sws(fake: FakeSlack, slack_app: SlackApp) -> AsyncIterator[SocketWorkspace]:
    handler = AsyncSocketModeHandler(slack_app.bolt, "xapp-1-test")
    await handler.connect_async()
    await fake.connected()
    yield SocketWorkspace(None, "", fake, slack_app.slack.in_flight)  # type: ignore[arg-type]
    await slack_app.slack.in_flight.idle()
    await handler.close_async()
    assert not slack_app.slack.in_flight.failures, slack_app.slack.in_flight.failures


async def test_key_steps_over_socket_mode(sws: SocketWorkspace, fake: FakeSlack,
                                          store: SqlCaseStore) -> None:
    assert fake.called("apps.connections.open")
    await sws.command("UANA", "open")
    assert fake.called("views.open")
    invalid = await sws.submit("UANA", {**OPEN_FORM, "amount": "lots"})
    assert invalid.json() == {"response_action": "errors",
                              "errors": {"amount": "not a number"}}
    assert await store.case_ids() == []
    assert (await sws.submit("UANA", OPEN_FORM)).text == ""
    thread = sws.thread_of(CASE)
    await sws.click("UOTTO", CASE, "join")
    assert "not a party" in fake.private_to("UOTTO")[-1]
    await sws.click("UCLEO", CASE, "join")
    event = sws.message("UCLEO", "over the socket <!channel>", thread)
    await sws.event(event, "EvSock")
    await sws.event(event, "EvSock", retry=1)
    await sws.event(event, "EvSockCopy")
    assert await kinds(store, CASE) == ["case_opened", "case_joined", "message_posted"]
    acked = {a["envelope_id"] for a in fake.acks}
    assert acked == {f"env-{n}" for n in range(1, sws.envelopes + 1)}
    assert "<!channel>" not in fake.everything_sent()


async def test_a_message_envelope_is_acked_only_once_it_is_journaled(
        sws: SocketWorkspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    """Slack does not send again an envelope it got an ack for: the ack means "recorded"."""
    await sws.command("UANA", "open")
    await sws.submit("UANA", OPEN_FORM)
    thread = sws.thread_of(CASE)
    await sws.click("UCLEO", CASE, "join")
    for n in range(5):
        event = sws.message("UCLEO", f"said before the ack {n}", thread)
        await fake.push({"envelope_id": f"durable-{n}", "type": "events_api",
                         "accepts_response_payload": False,
                         "payload": sws.event_body(event, f"EvDurable{n}")})
        # No waiting for the app's work: the ack alone must mean the message is journaled.
        texts = [e.payload.get("text") for e in await store.entries(CASE)]
        assert f"said before the ack {n}" in texts


async def test_ids_that_are_not_slacks_are_dropped_in_socket_mode_too(
        sws: SocketWorkspace, fake: FakeSlack, store: SqlCaseStore,
        caplog: pytest.LogCaptureFixture) -> None:
    """No HTTP edge here: the listeners check the ids they use and drop the rest quietly."""
    await sws.command("UANA", "open")
    await sws.submit("UANA", OPEN_FORM)
    channel, thread_ts = sws.thread_of(CASE)
    before = await store.entries(CASE)
    said = sws.message("UANA", "hello", (channel, thread_ts))
    for field in ("channel", "user", "ts", "thread_ts"):
        await sws.event({**said, field: said[field] + "\ud800"})
    body = sws.event_body(said)
    await sws._push("events_api", {**body, "team_id": "T\ud800",
                                   "authorizations": [{"team_id": "T\ud800"}]})
    command = dict(parse_qsl(sws.command_body("UANA", f"status {CASE}").decode()))
    await sws._push("slash_commands", {k: v for k, v in command.items() if k != "team_id"})
    click = {"type": "block_actions", "team": {"id": "T1"}, "user": "UOTTO",
             "channel": channel, "trigger_id": "9.t",
             "actions": [{"action_id": "mb:status", "value": CASE}]}
    await sws.interaction(click)
    assert await store.entries(CASE) == before
    assert [r.getMessage() for r in caplog.records if r.exc_info or r.levelname == "ERROR"] == []
    # The string user and channel are taken as Bolt takes them: the click is answered.
    assert CASE in fake.private_to("UOTTO")[-1]
