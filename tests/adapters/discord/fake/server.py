"""A fake Discord on 127.0.0.1: REST under /api/v10, a gateway websocket, and a CDN.

The real discord.py client connects to it. The fake plays the people in a server: they type
in channels and threads, run slash commands, click buttons and submit modals; it records
everything the bot sends, for tests to assert on.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.limits import modal_problems

Json = dict[str, Any]
API = "/api/v10"
PRIVATE_THREAD, PUBLIC_THREAD = 12, 11


@dataclass
class Person:
    id: str
    name: str
    roles: list[str] = field(default_factory=list)

    @property
    def user(self) -> Json:
        return p.user(self.id, self.name)

    @property
    def member(self) -> Json:
        return p.member(self.user, self.roles)


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)  # when it arrived (monotonic clock)


DROP = 0  # a `Failure` status: the connection is closed without an answer
ERRORS: dict[int, Json] = {  # bodies as Discord sends them
    400: {"message": "Invalid Form Body", "code": 50035, "errors": {}},
    403: {"message": "Missing Access", "code": 50001},
    404: {"message": "Unknown Channel", "code": 10003},
    500: {"message": "500: Internal Server Error", "code": 0},
    502: {"message": "502: Bad Gateway", "code": 0},
    503: {"message": "503: Service Unavailable", "code": 0},
}


@dataclass
class Failure:
    """How the fake answers one post of a message instead of taking it."""

    status: int  # an HTTP status, or DROP
    retry_after: float = 1.0  # a 429's wait, in seconds
    via: bool = True  # Discord's own 429s carry `Via`; Cloudflare's (HTML, banned IP) do not
    created: bool = False  # take the message first, then answer the error (an unclear failure)
    channel: str | None = None  # only posts to this channel; None: any


def failure_response(failure: Failure) -> web.Response:
    """The error response, with the body and headers Discord (or Cloudflare) sends."""
    json_type = {"Content-Type": "application/json"}
    if failure.status == 429 and failure.via:
        body: Json = {"message": "You are being rate limited.",
                      "retry_after": failure.retry_after, "global": False}
        headers = json_type | {
            "Retry-After": str(math.ceil(failure.retry_after)),
            "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + failure.retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{failure.retry_after:.3f}",
            "X-RateLimit-Bucket": "fake80c17d2f203122d936070c88c8d10f",
            "X-RateLimit-Scope": "user", "Via": "1.1 google"}
        return web.Response(status=429, body=json.dumps(body).encode(), headers=headers)
    if failure.status == 429:
        return web.Response(status=429, text="error code: 1015", headers={
            "Retry-After": str(math.ceil(failure.retry_after))})
    body = ERRORS.get(failure.status, {"message": f"{failure.status}", "code": 0})
    return web.Response(status=failure.status, body=json.dumps(body).encode(),
                        headers=json_type)


@dataclass
class Connection:
    ws: web.WebSocketResponse
    seq: int = 0
    shard: tuple[int, int] = (0, 1)
    ready: asyncio.Event = field(default_factory=asyncio.Event)


class FakeDiscord:
    """One guild with a #disputes channel, a #moderators channel, some people and a Mediator
    role."""

    def __init__(self) -> None:
        self.app_id = p.snowflake()
        self.bot = Person(p.snowflake(), "MediationBot")
        self.guild_id = p.snowflake()
        self.channel = p.text_channel(p.snowflake(), self.guild_id, "disputes")
        # A private channel for the mediators: the guidelines' queue.
        self.moderators = p.text_channel(p.snowflake(), self.guild_id, "moderators")
        self.everyone_role = p.role(self.guild_id, "@everyone", 0, "104324673")
        self.mediator_role = p.role(p.snowflake(), "Mediator", 1, "17179869184")
        self.people: dict[str, Person] = {}
        self.threads: dict[str, Json] = {}
        self.thread_members: dict[str, set[str]] = {}
        self.dms: dict[str, str] = {}  # user id → the bot's DM channel with them
        self.calls: list[Call] = []
        self.identify: list[Json] = []
        self.sent: dict[str, list[Json]] = {}  # channel id → messages the bot posted there
        # Channel id → every message posted there (people's and the bot's), as
        # GET /channels/{id}/messages serves it.
        self.history: dict[str, list[Json]] = {}
        self.callbacks: dict[str, list[Json]] = {}  # interaction id → its callbacks
        self.refused_callbacks: dict[str, list[Json]] = {}  # ... Discord answered 400 to
        self.followups: dict[str, list[Json]] = {}  # interaction id → follow-up messages
        self.cdn_files: dict[str, bytes] = {}
        self.cdn_redirects: dict[str, str] = {}
        self.private_threads_allowed = True
        self.post_failures: list[Failure] = []  # answers to the next posts of messages
        self.nonces: dict[tuple[str, str], Json] = {}  # (channel, nonce) → the message
        self.connections: list[Connection] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base = ""

    # -- serving --------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{path:.*}", self._cdn)
        app.router.add_route("*", API + "/{path:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        for connection in self.connections:
            await connection.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.base + API

    @property
    def gateway_url(self) -> str:
        return self.base.replace("http://", "ws://") + "/gateway"

    @property
    def cdn_origin(self) -> str:
        return self.base

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `condition()` is truthy (checked on every recorded change)."""
        async def until() -> Any:
            async with self._changed:
                while not (result := condition()):
                    await self._changed.wait()
                return result
        return await asyncio.wait_for(until(), timeout)

    # -- people -----------------------------------------------------------------------------
    def person(self, name: str, *, mediator: bool = False) -> Person:
        person = Person(p.snowflake(), name, [self.mediator_role["id"]] if mediator else [])
        self.people[person.id] = person
        return person

    def guild_payload(self) -> Json:
        members = [p.member(self.bot.user | {"bot": True}, [])]
        members += [person.member for person in self.people.values()]
        return p.guild(self.guild_id, next(iter(self.people), self.bot.id),
                       [self.everyone_role, self.mediator_role],
                       [self.channel, self.moderators], members)

    def channel_json(self, channel_id: str) -> Json:
        return self.threads.get(channel_id) or self.channel

    # -- the gateway ----------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        connection = Connection(ws)
        self.connections.append(connection)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45000}})
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                await ws.send_json({"op": 11})
            elif message["op"] == 2:
                await self._identified(connection, message["d"])
        self.connections.remove(connection)
        return ws

    async def _identified(self, connection: Connection, identify: Json) -> None:
        self.identify.append(identify)
        connection.shard = tuple(identify.get("shard") or (0, 1))  # type: ignore[assignment]
        await self._send(connection, "READY", {
            "v": 10, "user": self.bot.user | {"bot": True}, "session_id": p.snowflake(),
            "resume_gateway_url": self.gateway_url, "shard": list(connection.shard),
            "guilds": [{"id": self.guild_id, "unavailable": True}] if self._owns(connection)
            else [],
            "application": {"id": self.app_id, "flags": 0},
        })
        if self._owns(connection):
            await self._send(connection, "GUILD_CREATE", self.guild_payload())
        connection.ready.set()
        await self._notify()

    def _owns(self, connection: Connection) -> bool:
        shard_id, count = connection.shard
        return (int(self.guild_id) >> 22) % count == shard_id

    async def _send(self, connection: Connection, event: str, data: Json) -> int:
        connection.seq += 1
        await connection.ws.send_str(json.dumps({"op": 0, "t": event, "s": connection.seq,
                                                 "d": data}))
        return connection.seq

    async def invalidate_sessions(self) -> None:
        """Tell every connection its session is gone (op 9): each identifies anew, and gets
        READY again, as after an outage too long to resume."""
        for connection in list(self.connections):
            connection.ready.clear()
            await connection.ws.send_json({"op": 9, "d": False})

    async def dispatch(self, event: str, data: Json) -> None:
        """Send an event to the connection that serves the guild."""
        for connection in self.connections:
            if connection.ready.is_set() and self._owns(connection):
                await self._send(connection, event, data)

    # -- REST -------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                content = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    body = json.loads(content)
                else:
                    files[part.filename or part.name or "file"] = bytes(content)  # type: ignore
        elif request.can_read_body:
            body = await request.json()
        call = Call(request.method, path, dict(request.query), body, files)
        self.calls.append(call)
        try:
            status, answer = await self._route(call)
        finally:
            await self._notify()
        if status == DROP:
            assert request.transport is not None
            request.transport.abort()  # the client sees the connection close, no answer
            return web.Response(status=500)
        if isinstance(answer, web.Response):
            return answer
        if answer is None:
            return web.Response(status=status)
        # discord.py decodes JSON only with exactly this content type (no charset).
        return web.Response(status=status, body=json.dumps(answer).encode(),
                            headers={"Content-Type": "application/json"})

    async def _route(self, call: Call) -> tuple[int, Any]:
        parts = call.path.strip("/").split("/")
        method = call.method
        if call.path == "/users/@me":
            return 200, self.bot.user | {"bot": True}
        if call.path == "/oauth2/applications/@me":
            return 200, {"id": self.app_id, "name": "MediationBot", "description": "",
                         "icon": None, "bot_public": False, "bot_require_code_grant": False,
                         "owner": self.bot.user, "verify_key": "00", "flags": 0,
                         "team": None, "summary": ""}
        if call.path in ("/gateway/bot", "/gateway"):
            return 200, {"url": self.gateway_url, "shards": 2, "session_start_limit": {
                "total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 16}}
        if parts[0] == "applications" and method == "PUT":
            commands = call.body or []
            return 200, [c | {"id": p.snowflake(), "application_id": self.app_id, "version": "1",
                              "default_member_permissions": None, "type": c.get("type", 1)}
                         for c in commands]
        if parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(parts[1], call)
        if parts[0] == "webhooks" and method == "POST":
            interaction_id = parts[2].removeprefix("tok-")
            message = self._bot_message(self.channel["id"], call.body or {})
            if call.files:  # served by the CDN, as Discord serves a message's files
                message["attachments"] = [self.cdn_file(name, content)
                                          for name, content in call.files.items()]
            self.followups.setdefault(interaction_id, []).append(message | {
                "_files": call.files, "_body": call.body})
            return 200, message
        if parts[0] == "webhooks":
            return 200, self._bot_message(self.channel["id"], call.body or {})
        if call.path == "/users/@me/channels" and method == "POST":
            return 200, self._dm_channel(str((call.body or {}).get("recipient_id")))
        if parts[0] == "channels":
            return await self._channels(call, parts)
        if parts[0] == "guilds" and parts[2:] == ["roles"] and method == "GET":
            return 200, [self.everyone_role, self.mediator_role]
        if parts[0] == "guilds" and parts[2:] == ["members", "search"] and method == "GET":
            return 200, self._search_members(call.query)
        if parts[0] == "guilds" and len(parts) == 4 and parts[2] == "members":
            person = self.people.get(parts[3])
            return (200, person.member) if person else (404, {"message": "Unknown Member",
                                                               "code": 10007})
        return 404, {"message": f"no route {method} {call.path}", "code": 0}

    def _search_members(self, query: dict[str, str]) -> list[Json]:
        """Members whose username or nickname starts with `query`, as Discord searches."""
        wanted = query.get("query", "").casefold()
        limit = int(query.get("limit", "1"))
        found = [person.member for person in self.people.values()
                 if any(name.casefold().startswith(wanted)
                        for name in (person.user["username"], person.user["global_name"]))]
        return found[:limit]

    async def _channels(self, call: Call, parts: list[str]) -> tuple[int, Any]:
        channel_id = parts[1]
        if len(parts) == 2 and call.method == "GET":
            return 200, self.channel_json(channel_id)
        if parts[2] == "messages" and call.method == "POST":
            return await self._post_message(channel_id, call)
        if parts[2:] == ["messages"] and call.method == "GET":
            return 200, self._messages(channel_id, call.query)
        if parts[2] == "threads" and call.method == "POST":
            kind = (call.body or {}).get("type", PUBLIC_THREAD)
            if kind == PRIVATE_THREAD and not self.private_threads_allowed:
                return 403, {"message": "Missing Permissions", "code": 50013}
            created = p.thread(p.snowflake(), self.guild_id, channel_id, self.bot.id,
                               call.body["name"], kind)
            self.threads[created["id"]] = created
            self.thread_members[created["id"]] = {self.bot.id}
            await self.dispatch("THREAD_CREATE", created | {"newly_created": True})
            return 201, created
        if parts[2] == "thread-members" and call.method == "PUT":
            self.thread_members.setdefault(channel_id, set()).add(parts[3])
            return 204, None
        if parts[2] == "thread-members" and call.method == "DELETE":
            self.thread_members.setdefault(channel_id, set()).discard(parts[3])
            return 204, None
        return 404, {"message": f"no route {call.method} {call.path}", "code": 0}

    def _dm_channel(self, user_id: str) -> Json:
        """The bot's direct-message channel with a person (one per person, as on Discord)."""
        channel_id = self.dms.setdefault(user_id, p.snowflake())
        person = self.people.get(user_id)
        return {"id": channel_id, "type": 1, "last_message_id": None,
                "recipients": [person.user] if person else []}

    def said(self, message: Json) -> None:
        """`message` was posted: Discord keeps it in the channel's history, whether or not a
        gateway session was there to be told."""
        self.history.setdefault(str(message["channel_id"]), []).append(message)

    def _messages(self, channel_id: str, query: dict[str, str]) -> list[Json]:
        """A page of a channel's history as Discord answers it: the `limit` (≤ 100) oldest
        messages after `after`, or the newest before `before`; newest first either way."""
        limit = min(int(query.get("limit", 50)), 100)
        messages = sorted(self.history.get(channel_id, []), key=lambda m: int(m["id"]))
        if "after" in query:
            later = [m for m in messages if int(m["id"]) > int(query["after"])]
            return later[:limit][::-1]
        if "before" in query:
            messages = [m for m in messages if int(m["id"]) < int(query["before"])]
        return messages[-limit:][::-1]

    def fail_posts(self, status: int, times: int = 1, **how: Any) -> None:
        """Answer the next `times` posts of a message with `status` (500, 429, 403, DROP, ...;
        see `Failure` for the options) instead of taking them."""
        self.post_failures += [Failure(status, **how) for _ in range(times)]

    async def _post_message(self, channel_id: str, call: Call) -> tuple[int, Any]:
        failure = next((f for f in self.post_failures
                        if f.channel in (None, channel_id)), None)
        if failure is not None:
            self.post_failures.remove(failure)
            if failure.created:
                await self._take_message(channel_id, call)
            return failure.status, failure_response(failure)
        return 200, await self._take_message(channel_id, call)

    async def _take_message(self, channel_id: str, call: Call) -> Json:
        """Store and announce a message; with `enforce_nonce`, a nonce already used in the
        channel gives back the message it made instead (as Discord does for a few minutes)."""
        body = call.body or {}
        key = (channel_id, str(body.get("nonce")))
        if body.get("enforce_nonce") and key in self.nonces:
            return self.nonces[key]
        message = self._bot_message(channel_id, body) | {"nonce": body.get("nonce")}
        if body.get("nonce") is not None:
            self.nonces[key] = message
        self.sent.setdefault(channel_id, []).append(message | {"_body": call.body,
                                                               "_files": call.files})
        self.said(message)
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    def _bot_message(self, channel_id: str, body: Json) -> Json:
        return p.message(p.snowflake(), channel_id, self.guild_id, self.bot.user | {"bot": True},
                         body.get("content") or "", embeds=body.get("embeds"),
                         components=body.get("components"), flags=body.get("flags") or 0)

    def _callback(self, interaction_id: str, call: Call) -> tuple[int, Json]:
        body = call.body or {}
        invalid = modal_problems(body.get("data") or {}) if body.get("type") == 9 else {}
        if invalid:
            # Discord refuses the whole modal and the interaction stays unanswered.
            self.refused_callbacks.setdefault(interaction_id, []).append(body)
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": invalid}
        self.callbacks.setdefault(interaction_id, []).append(body | {"_query": call.query})
        if len(self.callbacks[interaction_id]) > 1:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        kind = body.get("type")
        data = body.get("data") or {}
        resource: Json = {"type": kind}
        if kind in (4, 7):
            resource["message"] = self._bot_message(self.channel["id"], data)
        return 200, {"interaction": {"id": interaction_id, "type": 2,
                                     "response_message_loading": kind == 5,
                                     "response_message_ephemeral": bool(
                                         (data.get("flags") or 0) & 64)},
                     "resource": resource}

    # -- the CDN ----------------------------------------------------------------------------------
    def cdn_file(self, filename: str, content: bytes) -> Json:
        """An attachment object whose URL the fake CDN serves."""
        attachment_id = p.snowflake()
        path = f"attachments/{self.channel['id']}/{attachment_id}/{filename}"
        self.cdn_files[path] = content
        return p.attachment(attachment_id, filename, len(content),
                            f"{self.base}/cdn/{path}?ex=1&is=2&hm=3")

    def cdn_redirect(self, filename: str, location: str, size: int = 10) -> Json:
        """An attachment whose CDN URL redirects to `location`."""
        attachment = self.cdn_file(filename, b"")
        path = attachment["url"].split("/cdn/", 1)[1].split("?")[0]
        self.cdn_redirects[path] = location
        return attachment | {"size": size}

    async def _cdn(self, request: web.Request) -> web.StreamResponse:
        self.calls.append(Call("GET", "/cdn/" + request.match_info["path"],
                               dict(request.query), None))
        location = self.cdn_redirects.get(request.match_info["path"])
        if location is not None:
            raise web.HTTPFound(location)
        content = self.cdn_files.get(request.match_info["path"])
        if content is None:
            return web.Response(status=404)
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        await response.prepare(request)
        for start in range(0, len(content), 16 * 1024):
            await response.write(content[start:start + 16 * 1024])
        await response.write_eof()
        return response
