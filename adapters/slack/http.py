"""The HTTP endpoint: Bolt's aiohttp app, with malformed bodies answered 400 before Bolt
parses them (Bolt parses before checking the signature, and a body it cannot parse would
otherwise end in a 500 and a traceback in the logs)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.async_app import AsyncApp

EVENTS_PATH = "/slack/events"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def well_formed(raw: bytes, content_type: str) -> bool:
    """Whether a POST body is what Slack sends: JSON, or a form whose `payload` is JSON."""
    try:
        text = raw.decode("utf-8")
        if content_type == "application/json":
            return isinstance(json.loads(text or "null"), dict)
        if "payload" in (fields := parse_qs(text)):
            return isinstance(json.loads(fields["payload"][0]), dict)
    except (UnicodeDecodeError, ValueError):
        return False
    return True


@web.middleware
async def refuse_malformed(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method == "POST" and not well_formed(await request.read(),
                                                    request.content_type):
        return web.Response(status=400, text="malformed request")
    return await handler(request)


def web_app(bolt: AsyncApp, path: str = EVENTS_PATH) -> web.Application:
    """Slack's requests at `path` (and, with OAuth, the install and redirect pages)."""
    app = bolt.web_app(path=path)
    app.middlewares.append(refuse_malformed)
    return app
