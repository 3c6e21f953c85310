"""Slack adapter fixtures: a fake Slack, the real Bolt AsyncApp served over real HTTP on
127.0.0.1, and a `Workspace` of people using it. Storage is the shared `store` fixture
(SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from adapters.slack.app import SlackApp, build_slack_app
from adapters.slack.http import EVENTS_PATH, web_app
from adapters.slack.settings import SlackSettings
from adapters.wiring import App
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack
from .workspace import SECRET, Workspace

PEOPLE = {"UANA": "Ana", "UCLEO": "Cleo", "UMO": "Mo", "UOTTO": "Otto"}
MEDIATORS = ("UMO",)


class CaseIds:
    """Case ids in order: MB-000001, MB-000002, …"""

    def __init__(self) -> None:
        self.issued = 0

    def __call__(self) -> str:
        self.issued += 1
        return f"MB-{self.issued:06d}"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack(users=dict(PEOPLE))
    await slack.start()
    yield slack
    await slack.stop()


@pytest.fixture
def slack_settings(fake: FakeSlack) -> SlackSettings:
    return SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url,
                         file_hosts=(fake.origin,), mediators=MEDIATORS)


@pytest.fixture
def app(store: SqlCaseStore, evidence_store: FileEvidenceStore) -> App:
    service = MediationService(store, evidence_store, new_case_id=CaseIds())
    return App(service, store, evidence_store)


@pytest.fixture
async def slack_app(app: App, slack_settings: SlackSettings) -> SlackApp:
    return await build_slack_app(app, slack_settings)


@pytest.fixture
async def ws(fake: FakeSlack, slack_app: SlackApp) -> AsyncIterator[Workspace]:
    """The app served over HTTP, and a workspace of people posting to it as Slack does."""
    runner = web.AppRunner(web_app(slack_app.bolt))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession() as http:
        yield Workspace(http, f"http://127.0.0.1:{port}{EVENTS_PATH}", fake,
                        slack_app.slack.in_flight)
    await slack_app.slack.in_flight.idle()
    await runner.cleanup()
    # A listener that failed unexpectedly fails the test, even if its answer looked polite.
    assert not slack_app.slack.in_flight.failures, slack_app.slack.in_flight.failures


async def kinds(store: SqlCaseStore, case_id: str) -> list[str]:
    return [e.kind for e in await store.entries(case_id)]
