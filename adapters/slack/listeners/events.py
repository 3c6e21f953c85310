"""Events: what people write in case threads and caucuses, shared files, the App Home tab.

A message event is answered only once what it carries is journaled: Slack never sends again an
event it got a 200 for, so a 200 must mean "recorded". A failure to journal answers 500, and
Slack delivers the event again. Duplicates are caught by the journal, not here. Files are
downloaded after the answer (that may take longer than Slack waits); the start-up backfill
fetches any that a crash interrupted.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import translate as t
from adapters.slack.answers import team_of
from adapters.slack.mediation import SlackMediation
from bot.domain.errors import TryAgain

log = logging.getLogger(__name__)


def register(app: AsyncApp, slack: SlackMediation) -> None:
    async def message(body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext) -> BoltResponse | None:
        try:
            await slack.message(client, team_of(context), event, body.get("event_id"))
        except (t.Malformed, ValueError) as problem:
            log.info("a message event was ignored: %s", problem)
        except TryAgain as passing:
            log.warning("a message event was not journaled (%s); Slack will send it again",
                        passing.message)
            return BoltResponse(status=500, body="")
        except Exception:
            log.exception("a message event could not be journaled; Slack will send it again")
            return BoltResponse(status=500, body="")
        return None

    async def file_shared(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:
        async def work() -> None:
            await slack.file_shared(client, team_of(context), event)

        slack.in_flight.after_ack(work)

    async def home_opened(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:
        if event.get("tab") != "home":
            return

        async def work() -> None:
            await slack.home(client, team_of(context), str(event.get("user", "")))

        slack.in_flight.after_ack(work)

    app.event("message")(message)
    app.event("file_shared")(file_shared)
    app.event("app_home_opened")(home_opened)
