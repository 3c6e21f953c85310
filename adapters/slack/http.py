"""The HTTP endpoint: Bolt's aiohttp app, behind a check that refuses malformed or hostile
bodies with a 400 (and one log line) before Bolt parses them. Bolt parses a body before it
checks the signature, and trusts the shapes Slack documents: without this, a body it cannot
parse, or a field of the wrong type, ends in a 500 and a traceback in the logs. Bodies over
aiohttp's limit (1 MiB; Slack's are far smaller) are answered 413 by aiohttp itself."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from adapters.slack.envelope import form_problem, payload_problem

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def body_problem(raw: bytes, content_type: str) -> str | None:
    """Why a POST body is not one Slack would send (JSON, or a form whose `payload` is JSON);
    None when it is fine to hand to Bolt."""
    try:
        text = raw.decode("utf-8")
        if content_type == "application/json" or text.startswith("{"):
            data = json.loads(text or "null")  # Bolt reads a body starting with { as JSON
        else:
            fields = parse_qs(text, keep_blank_values=True, errors="strict")
            if "payload" not in fields:
                return form_problem(fields)
            if any(len(values) != 1 for values in fields.values()):
                return "a form with a field given twice"  # Bolt would read the last one
            data = json.loads(fields["payload"][0])
    except (UnicodeDecodeError, ValueError):
        return "not UTF-8 JSON or a form"
    except RecursionError:  # e.g. 100,000 nested arrays
        return "nested too deeply"
    if not isinstance(data, dict):
        return "not a JSON object"
    return payload_problem(data)


@web.middleware
async def refuse_malformed(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method == "POST":
        # The content type as Bolt reads it (not lower-cased), so both parse the same way.
        content_type = request.headers.get("Content-Type", "").split(";")[0]
        problem = body_problem(await request.read(), content_type)
        if problem is not None:
            log.warning("refused a request to %s: %s", request.path, problem)
            return web.Response(status=400, text="malformed request")
    return await handler(request)


def web_app(bolt: AsyncApp, path: str = EVENTS_PATH) -> web.Application:
    """Slack's requests at `path` (and, with OAuth, the install and redirect pages)."""
    app = bolt.web_app(path=path)
    app.middlewares.append(refuse_malformed)
    return app
