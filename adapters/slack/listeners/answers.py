"""Private answers for listeners: through `response_url` when Slack gave one, else a DM."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.mediation import SlackMediation
from adapters.slack.work import Answer


def private_answer(slack: SlackMediation, respond: AsyncRespond | None,
                   client: AsyncWebClient, user: str, channel: str | None = None) -> Answer:
    if respond is None or respond.response_url is None:
        return slack.answer_in(client, channel, user)

    async def answer(text: str) -> None:
        await respond(text=text, response_type="ephemeral", replace_original=False)

    return answer


def team_of(context: Any) -> str:
    team = context.get("team_id") or context.get("enterprise_id")
    if not team:
        raise ValueError("a request without a team")
    return str(team)
