"""`/mediate …`: ack at once, then the same grammar as everywhere (forms open modals)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate as t
from adapters.slack.listeners.answers import private_answer, team_of
from adapters.slack.mediation import SlackMediation


def register(app: AsyncApp, slack: SlackMediation) -> None:
    async def mediate(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext, respond: AsyncRespond) -> None:
        await ack()
        user = str(body.get("user_id", ""))
        answer = private_answer(slack, respond, client, user, body.get("channel_id"))

        async def work() -> None:
            team = team_of(context)
            trigger = body.get("trigger_id")
            source = t.event_source(team, f"cmd:{trigger}") if trigger else None
            await slack.request(client, team, user, body.get("channel_id"),
                                t.command_request(body), answer, trigger, source)

        slack.work.after_ack(work, answer)

    app.command("/mediate")(mediate)
