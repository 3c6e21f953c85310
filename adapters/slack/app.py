"""Building the Bolt AsyncApp around a SlackMediation: one workspace (a bot token) or many
(the OAuth install flow, installations kept by slack_sdk's SQLAlchemy store in our database)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.listeners import register
from adapters.slack.mediation import SlackMediation
from adapters.slack.settings import SlackSettings
from adapters.wiring import App

BOT_SCOPES = (
    "commands", "chat:write", "channels:history", "groups:history", "im:history",
    "mpim:history", "im:write", "mpim:write", "files:read", "files:write", "users:read",
    "usergroups:read",
)
STATE_SECONDS = 600


@dataclass
class SlackApp:
    bolt: AsyncApp
    slack: SlackMediation


class Workspaces:
    """Which bot client speaks for a workspace: the one token, or the team's installation."""

    def __init__(self, settings: SlackSettings,
                 installations: AsyncSQLAlchemyInstallationStore | None = None) -> None:
        self.settings = settings
        self.installations = installations
        self.single = None if installations else AsyncWebClient(
            token=settings.bot_token, base_url=settings.api_url)

    async def client_for(self, team: str) -> AsyncWebClient | None:
        if self.installations is None:
            return self.single
        bot = await self.installations.async_find_bot(enterprise_id=None, team_id=team)
        if bot is None:
            return None
        return AsyncWebClient(token=bot.bot_token, base_url=self.settings.api_url)


async def build_slack_app(app: App, settings: SlackSettings) -> SlackApp:
    """The Bolt app with our listeners; for OAuth, the installation tables are created."""
    installations = None
    oauth = None
    if settings.oauth:
        assert settings.client_id is not None
        installations = AsyncSQLAlchemyInstallationStore(settings.client_id,
                                                         engine=app.store.engine)
        states = AsyncSQLAlchemyOAuthStateStore(STATE_SECONDS, engine=app.store.engine)
        await installations.create_tables()
        await states.create_tables()
        oauth = AsyncOAuthSettings(client_id=settings.client_id,
                                   client_secret=settings.client_secret,
                                   scopes=list(BOT_SCOPES), installation_store=installations,
                                   state_store=states)
    workspaces = Workspaces(settings, installations)
    slack = SlackMediation(app, settings, workspaces.client_for)
    # Bolt answers a request once its listener returns: a message event's 200 then means
    # "journaled" (Slack never sends again what it got a 200 for). Listeners that need more
    # time hand the rest to `slack.in_flight` after acking.
    if oauth is None:
        bolt = AsyncApp(client=workspaces.single, signing_secret=settings.signing_secret,
                        name="mediation-bot", process_before_response=True)
    else:
        bolt = AsyncApp(client=AsyncWebClient(base_url=settings.api_url),
                        signing_secret=settings.signing_secret, oauth_settings=oauth,
                        name="mediation-bot", process_before_response=True)
    register(bolt, slack)
    return SlackApp(bolt, slack)
