"""People in a Slack workspace, driving the real Bolt app over HTTP as Slack would: signed slash
commands, button clicks, modal submissions and events. Reads like a conversation:

    await ws.command("UANA", "open")                 # /mediate open → a modal
    await ws.submit("UANA", {"title": "Late reel"})  # the modal, filled in
    await ws.click("UCLEO", "join")                  # a button on the case card
    await ws.say("UCLEO", "hello", thread=card)      # a message in the case thread
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp

from adapters.slack.in_flight import InFlight

from .fake_slack import TEAM, FakeSlack

SECRET = "test-signing-secret"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's request signature: `v0=` + HMAC-SHA256 over `v0:<timestamp>:<body>`."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Reply:
    status: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text) if self.text else None


@dataclass
class Workspace:
    http: aiohttp.ClientSession
    url: str  # the app's /slack/events
    fake: FakeSlack
    work: InFlight
    secret: str = SECRET
    channel: str = "C1"
    _n: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # -- raw requests ---------------------------------------------------------------------------
    async def post(self, body: bytes, content_type: str, *, headers: dict[str, str] | None = None,
                   timestamp: str | None = None, signed: str | None = None,
                   settle: bool = True) -> Reply:
        """POST to the app, signed (unless told otherwise), then wait for its work to end."""
        timestamp = timestamp or str(int(time.time()))
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
                       "X-Slack-Signature": signed or signature(self.secret, timestamp, body)}
        all_headers.update(headers or {})
        all_headers = {k: v for k, v in all_headers.items() if v}
        async with self.http.post(self.url, data=body, headers=all_headers) as response:
            reply = Reply(response.status, await response.text())
        if settle:
            await self.work.idle()
        return reply

    def form(self, fields: dict[str, str]) -> bytes:
        return urlencode(fields).encode()

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> Reply:
        body = self.form({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **kw)

    def event_body(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        return {
            "token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._n):06d}", "event_time": int(time.time()),
            "event": event, "authorizations": [{"team_id": TEAM, "user_id": "UBOT",
                                                "is_bot": True}],
        }

    async def event(self, event: dict[str, Any], event_id: str | None = None, *,
                    retry: int | None = None, **kw: Any) -> Reply:
        body = json.dumps(self.event_body(event, event_id)).encode()
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else {}
        headers.update(kw.pop("headers", {}))
        return await self.post(body, "application/json", headers=headers, **kw)

    # -- what people do -------------------------------------------------------------------------
    def command_body(self, user: str, text: str, channel: str | None = None) -> bytes:
        n = next(self._n)
        return self.form({
            "token": "x", "team_id": TEAM, "team_domain": "acme",
            "channel_id": channel or self.channel, "channel_name": "collab",
            "user_id": user, "user_name": user.lower(), "command": "/mediate", "text": text,
            "api_app_id": "A1", "response_url": self.fake.response_url(user, n),
            "trigger_id": f"{n}.trigger",
        })

    async def command(self, user: str, text: str, channel: str | None = None,
                      **kw: Any) -> Reply:
        """`/mediate <text>` typed by `user`."""
        return await self.post(self.command_body(user, text, channel),
                               "application/x-www-form-urlencoded", **kw)

    def card(self, case_id: str) -> tuple[str, str, list[dict[str, Any]]]:
        """(channel, ts, blocks) of a case card as last posted or updated."""
        posted = [c for c in self.fake.calls if c.method == "chat.postMessage"
                  and "thread_ts" not in c.params
                  and f"Case {case_id}:" in json.dumps(c.params.get("blocks", []))]
        assert posted, f"no card for {case_id}"
        channel, ts = posted[-1].params["channel"], posted[-1].answer["ts"]
        blocks = posted[-1].params["blocks"]
        for update in self.fake.called("chat.update"):
            if update.get("channel") == channel and update.get("ts") == ts:
                blocks = update["blocks"]
        return channel, ts, blocks

    def thread_of(self, case_id: str) -> tuple[str, str]:
        channel, ts, _ = self.card(case_id)
        return channel, ts

    def buttons(self, case_id: str) -> list[dict[str, Any]]:
        _, _, blocks = self.card(case_id)
        return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]

    def button(self, case_id: str, action: str, number: int | None = None) -> dict[str, Any]:
        value = case_id if number is None else f"{case_id}:{number}"
        for element in self.buttons(case_id):
            if element["action_id"] == f"mb:{action}" and element["value"] == value:
                return element
        raise AssertionError(f"no {action} {number or ''} button on the card of {case_id}: "
                             f"{[(e['action_id'], e['value']) for e in self.buttons(case_id)]}")

    async def click(self, user: str, case_id: str, action: str, number: int | None = None,
                    **kw: Any) -> Reply:
        """`user` clicks a button on the case card (it must be there)."""
        element = self.button(case_id, action, number)
        channel, ts, _ = self.card(case_id)
        n = next(self._n)
        return await self.interaction({
            "type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
            "user": {"id": user, "team_id": TEAM}, "api_app_id": "A1", "token": "x",
            "trigger_id": f"{n}.trigger", "response_url": self.fake.response_url(user, n),
            "container": {"type": "message", "message_ts": ts, "channel_id": channel},
            "channel": {"id": channel}, "message": {"ts": ts},
            "actions": [{**element, "block_id": "moves", "action_ts": "1"}],
        }, **kw)

    def last_view(self) -> dict[str, Any]:
        opened = self.fake.called("views.open")
        assert opened, "no modal was opened"
        view = opened[-1]["view"]
        return json.loads(view) if isinstance(view, str) else view

    async def submit(self, user: str, values: dict[str, Any],
                     view: dict[str, Any] | None = None, **kw: Any) -> Reply:
        """`user` fills in the last opened modal with `values` (by field) and submits it.
        A `file_input`'s value is the list of Slack file objects uploaded in it, which Slack
        sends as `state.values.<block>.<action>.files`."""
        view = view or self.last_view()
        state: dict[str, dict[str, Any]] = {}
        for block in view["blocks"]:
            if block["type"] != "input":
                continue
            name, element = block["block_id"], block["element"]
            value = values.get(name)
            kind = element["type"]
            if kind == "users_select":
                entry = {"type": kind, "selected_user": value}
            elif kind == "static_select":
                entry = {"type": kind, "selected_option": {"value": value} if value else None}
            elif kind == "file_input":
                entry = {"type": kind, "files": list(value or [])}
            else:
                entry = {"type": kind, "value": value}
            state[name] = {element["action_id"]: entry}
        unknown = set(values) - set(state)
        assert not unknown, f"the modal has no inputs {unknown}"
        return await self.interaction({
            "type": "view_submission", "team": {"id": TEAM}, "user": {"id": user},
            "api_app_id": "A1", "token": "x", "trigger_id": f"{next(self._n)}.trigger",
            "view": {**view, "id": f"V{next(self._n):05d}", "team_id": TEAM,
                     "state": {"values": state}},
        }, **kw)

    def message(self, user: str, text: str, thread: tuple[str, str] | None, *,
                ts: str | None = None, **extra: Any) -> dict[str, Any]:
        channel = thread[0] if thread else self.channel
        event = {"type": "message", "channel": channel, "user": user, "text": text,
                 "ts": ts or f"1700001000.{next(self._n):06d}", "channel_type": "channel"}
        if thread and thread[1]:
            event["thread_ts"] = thread[1]
        event.update(extra)
        return event

    async def say(self, user: str, text: str, thread: tuple[str, str] | None, **kw: Any) -> dict:
        """`user` writes `text` in a thread (channel, thread_ts); the event as sent."""
        event = self.message(user, text, thread)
        await self.event(event, **kw)
        return event
