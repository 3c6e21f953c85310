"""Card and App Home buttons (`mb:<subcommand>`): the same requests as typed commands."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate as t
from adapters.slack.answers import id_in, private_answer, team_of
from adapters.slack.mediation import SlackMediation


def register(app: AsyncApp, slack: SlackMediation) -> None:
    async def clicked(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any],
                      client: AsyncWebClient, context: AsyncBoltContext,
                      respond: AsyncRespond) -> None:
        await ack()
        user = id_in(body, "user", "user") or ""
        channel = id_in(body, "channel", "channel")
        answer = private_answer(slack, respond, client, user, channel)

        async def work() -> None:
            team = team_of(context)
            if not user:
                raise t.Malformed("a click without a user")
            trigger = id_in(body, "trigger_id", "trigger")
            source = t.event_source(team, f"act:{trigger}") if trigger else None
            await slack.request(client, team, user, channel, t.action_request(action), answer,
                                trigger, source)

        slack.in_flight.after_ack(work, answer)

    app.action(re.compile("^" + re.escape(t.ACTION_PREFIX)))(clicked)
