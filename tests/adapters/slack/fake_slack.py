"""A fake Slack on 127.0.0.1: the Web API (`/api/<method>`), response URLs, file downloads
and a Socket Mode websocket. It records everything the bot sends, for tests to assert on.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

TEAM = "T1"
BOT_USER = "UBOT"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    token: str
    answer: dict[str, Any] = field(default_factory=dict)
    status: int = 200

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.answer.get("ok"))


@dataclass
class Failure:
    """How the next `times` calls of a method (those `when` accepts) fail: an HTTP status
    (500: an HTML error page, as a gateway sends; 429: `ratelimited` with Retry-After) or,
    with status 200, `{"ok": false, "error": error}`."""

    method: str
    times: int
    status: int = 500
    error: str | None = None
    retry_after: int | None = None
    when: Callable[[dict[str, Any]], bool] | None = None


@dataclass
class ServedFile:
    content: bytes = b""
    content_type: str = "application/octet-stream"
    status: int = 200
    redirect: str | None = None


@dataclass
class Download:
    host: str
    path: str
    authorization: str


@dataclass
class Upload:
    """A file uploaded with files.getUploadURLExternal, then completed in a conversation."""

    filename: str
    length: int
    content: bytes | None = None  # once posted to its upload URL
    channel: str | None = None  # once completed
    thread_ts: str | None = None  # once completed in a thread
    title: str | None = None
    comment: str | None = None


@dataclass
class FakeSlack:
    users: dict[str, str] = field(default_factory=dict)  # id → display name
    groups: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, ServedFile] = field(default_factory=dict)  # path under /files/
    file_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    responses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # user, body
    downloads: list[Download] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)  # Socket Mode acks
    failures: list[Failure] = field(default_factory=list)
    uploads: dict[str, Upload] = field(default_factory=dict)  # by file id
    # What was posted in each conversation, as conversations.history and .replies serve it:
    # people's messages (see `said`) and the bot's own (chat.postMessage, with its bot_id).
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    port: int = 0
    # Awaited before a Web API call is taken (and recorded): a slow Slack (see slow_slack.py).
    latency: Callable[[str], Awaitable[None]] | None = None

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._hello = asyncio.Event()
        self._acked: dict[str, asyncio.Future[dict[str, Any]]] = {}

    # -- lifecycle -------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{user}/{n}", self._respond)
        app.router.add_get("/files/{path:.*}", self._file)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.origin}/api/"

    def response_url(self, user: str, n: int) -> str:
        return f"{self.origin}/respond/{user}/{n}"

    # -- the Web API -----------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            raw = await request.read()
            if request.content_type == "application/json":
                params.update(json.loads(raw or b"{}"))
            else:
                params.update(parse_qsl(raw.decode()))
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        method = request.match_info["method"]
        if self.latency is not None:
            await self.latency(method)
        failure = self._failure(method, params)
        if failure is not None:
            return self._failed(failure, Call(method, params, token))
        answer = self._answer(method, params)
        self.calls.append(Call(method, params, token, answer))
        return web.json_response(answer)

    def fail(self, method: str, *, times: int = 1, status: int = 500, error: str | None = None,
             retry_after: int | None = None,
             when: Callable[[dict[str, Any]], bool] | None = None) -> Failure:
        """Make the next `times` calls of `method` (for which `when(params)` holds) fail."""
        failure = Failure(method, times, status, error, retry_after, when)
        self.failures.append(failure)
        return failure

    def _failure(self, method: str, params: dict[str, Any]) -> Failure | None:
        for failure in self.failures:
            if failure.method == method and failure.times > 0 and (
                    failure.when is None or failure.when(params)):
                failure.times -= 1
                return failure
        return None

    def _failed(self, failure: Failure, call: Call) -> web.Response:
        call.status = failure.status
        if failure.status == 429:
            call.answer = {"ok": False, "error": failure.error or "ratelimited"}
            self.calls.append(call)
            headers = {} if failure.retry_after is None else {
                "Retry-After": str(failure.retry_after)}
            return web.json_response(call.answer, status=429, headers=headers)
        if failure.status == 200:
            call.answer = {"ok": False, "error": failure.error or "fatal_error"}
            self.calls.append(call)
            return web.json_response(call.answer)
        self.calls.append(call)
        return web.Response(status=failure.status, content_type="text/html",
                            text="<html><body>Service Unavailable</body></html>")

    def _answer(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "team_id": TEAM, "team": "Acme", "user_id": BOT_USER,
                    "bot_id": "BBOT", "user": "mediation-bot", "url": "https://acme.slack.com/"}
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            posted = {"type": "message", "ts": ts, "text": p.get("text"), "user": BOT_USER,
                      "bot_id": "BBOT"}
            if p.get("thread_ts"):
                posted["thread_ts"] = p["thread_ts"]
            self.said(str(p.get("channel")), posted)
            return {"ok": True, "channel": p.get("channel"), "ts": ts,
                    "message": {"text": p.get("text"), "ts": ts}}
        if method == "chat.update":
            return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}
        if method in ("views.open", "views.publish", "views.update"):
            view = p.get("view")
            view = json.loads(view) if isinstance(view, str) else dict(view or {})
            return {"ok": True, "view": {**view, "id": f"V{next(self._views):04d}"}}
        if method == "users.info":
            user = p.get("user", "")
            if user not in self.users:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": user, "name": user.lower(),
                                         "profile": {"display_name": self.users[user]}}}
        if method == "usergroups.users.list":
            return {"ok": True, "users": self.groups.get(p.get("usergroup", ""), [])}
        if method == "conversations.open":
            users = sorted(str(p.get("users", "")).split(","))
            prefix = "D" if len(users) == 1 else "G"
            return {"ok": True, "channel": {"id": prefix + "".join(users)}}
        if method == "files.info":
            info = self.file_info.get(p.get("file", ""))
            return {"ok": True, "file": info} if info else {"ok": False,
                                                              "error": "file_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts):06d}"
            self.uploads[file_id] = Upload(str(p.get("filename", "")), int(p.get("length", 0)))
            return {"ok": True, "file_id": file_id,
                    "upload_url": f"{self.origin}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = p.get("files")
            files = json.loads(files) if isinstance(files, str) else list(files or [])
            done = []
            for item in files:
                upload = self.uploads.get(item.get("id", ""))
                if upload is None or upload.content is None:
                    return {"ok": False, "error": "file_not_found"}
                upload.channel = p.get("channel_id")
                upload.thread_ts = p.get("thread_ts")
                upload.title = item.get("title")
                upload.comment = p.get("initial_comment")
                done.append({"id": item["id"], "name": upload.filename, "title": upload.title})
            return {"ok": True, "files": done}
        if method == "conversations.replies":
            thread = [m for m in self._history(p) if m.get("thread_ts", m["ts"]) == p.get("ts")]
            return self._page(p, thread)
        if method == "conversations.history":
            top = [m for m in self._history(p) if m.get("thread_ts", m["ts"]) == m["ts"]]
            return self._page(p, top[::-1])  # newest first, as Slack answers
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": True}

    def said(self, channel: str, message: dict[str, Any]) -> None:
        """`message` was posted in `channel` (what a person wrote reaches the history before
        Slack delivers its event, and stays there when the delivery fails)."""
        self.history.setdefault(channel, []).append(dict(message))

    def _history(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        """A conversation's messages after `oldest` (before `latest`), oldest first."""
        oldest, latest = float(p.get("oldest") or 0), float(p.get("latest") or "inf")
        inclusive = str(p.get("inclusive", "")).lower() in ("1", "true")
        return sorted((m for m in self.history.get(str(p.get("channel")), [])
                       if (oldest <= float(m["ts"]) if inclusive else oldest < float(m["ts"]))
                       and float(m["ts"]) <= latest),
                      key=lambda m: float(m["ts"]))

    @staticmethod
    def _page(p: dict[str, Any], messages: list[dict[str, Any]]) -> dict[str, Any]:
        """One page of `messages`, with Slack's cursor pagination (`limit`, `cursor`)."""
        start = int(p.get("cursor") or 0)
        limit = min(int(p.get("limit") or 100), 1000)
        page = messages[start:start + limit]
        more = start + limit < len(messages)
        return {"ok": True, "messages": page, "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""}}

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append((request.match_info["user"], await request.json()))
        return web.Response(text="ok")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        self.downloads.append(Download(request.host, request.match_info["path"],
                                       request.headers.get("Authorization", "")))
        served = self.files.get(request.match_info["path"])
        if served is None:
            return web.Response(status=404)
        if served.redirect:
            raise web.HTTPFound(served.redirect)
        return web.Response(body=served.content, status=served.status,
                            headers={"Content-Type": served.content_type})

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404)
        content = await request.read()
        if len(content) != upload.length:
            return web.Response(status=400, text="length mismatch")
        upload.content = content
        return web.Response(text="OK - " + str(len(content)))

    def shared_in(self, channel: str) -> list[Upload]:
        """The files uploaded and completed in `channel`, in order."""
        return [u for u in self.uploads.values() if u.channel == channel]

    # -- Socket Mode -----------------------------------------------------------------------------
    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "A1"}})
        self._hello.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                ack = json.loads(message.data)
                self.acks.append(ack)
                waiter = self._acked.get(ack.get("envelope_id", ""))
                if waiter is not None and not waiter.done():
                    waiter.set_result(ack)
        return ws

    async def connected(self) -> None:
        await asyncio.wait_for(self._hello.wait(), 10)

    async def push(self, envelope: dict[str, Any]) -> dict[str, Any]:
        """Send an envelope over the socket; the bot's ack for it."""
        waiter: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acked[envelope["envelope_id"]] = waiter
        await self._sockets[-1].send_json(envelope)
        return await asyncio.wait_for(waiter, 10)

    # -- looking at what the bot sent ------------------------------------------------------------
    def called(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every call of `method`, failed ones included."""
        return [c.params for c in self.calls if c.method == method]

    def posted(self) -> list[dict[str, Any]]:
        """Parameters of the chat.postMessage calls that succeeded."""
        return [c.params for c in self.calls if c.method == "chat.postMessage" and c.ok]

    def thread(self, channel: str, thread_ts: str) -> list[str]:
        """Texts the bot posted in a thread, in order."""
        return [p["text"] for p in self.posted()
                if p.get("channel") == channel and p.get("thread_ts") == thread_ts]

    def private_to(self, user: str) -> list[str]:
        """Ephemeral texts for `user`: by response URL and by chat.postEphemeral."""
        texts = [body.get("text", "") for who, body in self.responses if who == user]
        texts += [p["text"] for p in self.called("chat.postEphemeral") if p.get("user") == user]
        return texts

    def direct_to(self, user: str) -> list[str]:
        """Texts of the direct messages posted to `user`."""
        return [p["text"] for p in self.posted() if p.get("channel") == f"D{user}"]

    def attempts(self, text: str) -> list[Call]:
        """Every chat.postMessage whose text contains `text`, failed ones included."""
        return [c for c in self.calls
                if c.method == "chat.postMessage" and text in str(c.params.get("text", ""))]

    def everything_sent(self) -> str:
        """All the bot sent to Slack, as one text: for checks that hold on every message."""
        sent = [c.params for c in self.calls] + [body for _, body in self.responses]
        return json.dumps(sent, ensure_ascii=False)
