"""Private answers for listeners: through `response_url` when Slack gave one, else a DM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.in_flight import Answer
from adapters.slack.mediation import SlackMediation
from adapters.slack.shapes import looks_like
from adapters.slack.translate import Malformed


def private_answer(slack: SlackMediation, respond: AsyncRespond | None,
                   client: AsyncWebClient, user: str, channel: str | None = None) -> Answer:
    if respond is None or respond.response_url is None:
        return slack.answer_in(client, channel, user)

    async def answer(text: str) -> None:
        await respond(text=text, response_type="ephemeral", replace_original=False)

    return answer


def team_of(context: Any) -> str:
    team = context.get("team_id") or context.get("enterprise_id")
    if not (looks_like("team", team) or looks_like("enterprise", team)):
        raise Malformed("a request without a workspace")
    return str(team)


def id_in(body: Mapping[str, Any], key: str, kind: str) -> str | None:
    """The id of `body[key]`, an object with an `id` or the id itself (Bolt takes both);
    None when it is missing or not shaped like a Slack id of `kind`."""
    value = body.get(key)
    found = value.get("id") if isinstance(value, Mapping) else value
    return found if looks_like(kind, found) else None
