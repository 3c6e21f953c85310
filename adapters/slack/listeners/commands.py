"""`/mediate …`: ack at once, then the same grammar as everywhere (forms open modals)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate as t
from adapters.slack.answers import id_in, private_answer, team_of
from adapters.slack.mediation import SlackMediation


def register(app: AsyncApp, slack: SlackMediation) -> None:
    async def mediate(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext, respond: AsyncRespond) -> None:
        await ack()
        user = id_in(body, "user_id", "user") or ""
        channel = id_in(body, "channel_id", "channel")
        answer = private_answer(slack, respond, client, user, channel)

        async def work() -> None:
            team = team_of(context)
            if not user:
                raise t.Malformed("a command without a user")
            trigger = id_in(body, "trigger_id", "trigger")
            source = t.event_source(team, f"cmd:{trigger}") if trigger else None
            await slack.request(client, team, user, channel, t.command_request(body), answer,
                                trigger, source)

        slack.in_flight.after_ack(work, answer)

    app.command("/mediate")(mediate)
