"""Events: what people write in case threads and caucuses, shared files, the App Home tab.
Bolt acks events before these run; duplicates are caught by the journal, not here."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.listeners.answers import team_of
from adapters.slack.mediation import SlackMediation


def register(app: AsyncApp, slack: SlackMediation) -> None:
    async def message(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext) -> None:
        async with slack.work.handling():
            await slack.message(client, team_of(context), event, body.get("event_id"))

    async def file_shared(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:
        async with slack.work.handling():
            await slack.file_shared(client, team_of(context), event)

    async def home_opened(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:
        if event.get("tab") != "home":
            return
        async with slack.work.handling():
            await slack.home(client, team_of(context), str(event.get("user", "")))

    app.event("message")(message)
    app.event("file_shared")(file_shared)
    app.event("app_home_opened")(home_opened)
