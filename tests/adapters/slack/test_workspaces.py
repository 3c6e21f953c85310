"""More than one workspace: the OAuth install flow with slack_sdk's SQLAlchemy installation
store in our database; each workspace's requests use its own bot token; cases never leak."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.oauth.installation_store import Installation

from adapters.slack.app import SlackApp, Workspaces
from adapters.slack.http import web_app
from adapters.slack.settings import SlackSettings
from adapters.wiring import App

from .fake_slack import FakeSlack
from .flows import CASE, open_case
from .workspace import SECRET, Workspace


@pytest.fixture
def slack_settings(fake: FakeSlack) -> SlackSettings:
    return SlackSettings(signing_secret=SECRET, api_url=fake.api_url, file_hosts=(fake.origin,),
                         mediators=("UMO",), client_id="111.222", client_secret="oauth-secret")


def installation(team: str, token: str) -> Installation:
    return Installation(app_id="A1", team_id=team, bot_token=token, bot_id=f"B{team}",
                        bot_user_id="UBOT", bot_scopes=["commands", "chat:write"],
                        user_id="UINSTALLER", installed_at=1_700_000_000.0)


@pytest.fixture
async def installed(slack_app: SlackApp) -> SlackApp:
    store = slack_app.bolt.installation_store
    assert store is not None
    await store.async_save(installation("T1", "xoxb-team-one"))
    await store.async_save(installation("T2", "xoxb-team-two"))
    return slack_app


@pytest.fixture
async def web_url(installed: SlackApp) -> AsyncIterator[str]:
    runner = web.AppRunner(web_app(installed.bolt))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_the_install_page_starts_oauth_with_a_stored_state(web_url: str,
                                                                 app: App) -> None:
    async with aiohttp.ClientSession() as http, http.get(
            f"{web_url}/slack/install", allow_redirects=False) as response:
        page = await response.text()
    assert response.status in (200, 302)
    assert "client_id=111.222" in page + response.headers.get("Location", "")
    assert "state=" in page + response.headers.get("Location", "")


async def test_each_workspace_speaks_with_its_own_token_and_cases_stay_home(
        ws: Workspace, fake: FakeSlack, installed: SlackApp, app: App) -> None:
    await open_case(ws)
    assert {c.token for c in fake.calls if c.method == "chat.postMessage"} == {"xoxb-team-one"}
    workspaces = Workspaces(installed.slack.settings, installed.bolt.installation_store)  # type: ignore[arg-type]
    two = await workspaces.client_for("T2")
    assert two is not None and two.token == "xoxb-team-two"
    assert await workspaces.client_for("T3") is None
    # A mediator in workspace T2 cannot take (or even see) workspace T1's case.
    body = ws.command_body("UMO", f"take {CASE}").replace(b"team_id=T1", b"team_id=T2")
    before = len(fake.calls)
    await ws.post(body, "application/x-www-form-urlencoded")
    assert {c.token for c in fake.calls[before:]} == {"xoxb-team-two"}
    assert f"There is no case {CASE}." in fake.private_to("UMO")[-1]
    assert [e.kind for e in await app.store.entries(CASE)] == ["case_opened"]
