"""The real discord.py client, our handler and a SQLite database, against the fake Discord.

`bot` is a running client; `await bot.handled("interaction:<id>")` waits until the handler
has finished with an event, and raises at once if any handler, view or command failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl

from adapters.discord.client import make_client
from adapters.discord.handlers import Handler
from adapters.discord.settings import DiscordSettings
from adapters.settings import Settings
from adapters.wiring import App, build
from storage.database_url import normalize
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord

TOKEN = "fake-bot-token"
EVIDENCE_CAP = 256 * 1024


class RunningBot:
    """A client started against the fake, with what its handler reports."""

    def __init__(self, app: App, settings: DiscordSettings) -> None:
        self.app = app
        self.settings = settings
        self.keys: set[str] = set()
        self.failures: list[BaseException] = []
        self._changed = asyncio.Event()
        self.client: discord.Client | None = None
        self._task: asyncio.Task[None] | None = None

    def _observe(self, key: str) -> None:
        self.keys.add(key)
        self._changed.set()

    def _fail(self, error: BaseException) -> None:
        self.failures.append(error)
        self._changed.set()

    async def start(self) -> None:
        handler = Handler(self.app, self.settings, observer=self._observe,
                          on_failure=self._fail)
        self.client = make_client(handler, self.settings)
        self._task = asyncio.create_task(self.client.start(TOKEN))
        ready = asyncio.create_task(self.client.wait_until_ready())
        await asyncio.wait({self._task, ready}, timeout=15,
                           return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():
            ready.cancel()
            self._task.result()
        assert ready.done(), "the client did not become ready"

    async def stop(self) -> None:
        if self.client is not None:
            await self.client.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def handled(self, key: str, timeout: float = 15) -> None:
        """Wait until the handler is done with `key`; raise the first failure at once."""
        async def until() -> None:
            while key not in self.keys and not self.failures:
                self._changed.clear()
                await self._changed.wait()
        await asyncio.wait_for(until(), timeout)
        self.raise_failures()

    def raise_failures(self) -> None:
        if self.failures:
            raise AssertionError(f"a handler failed: {self.failures[0]!r}") from self.failures[0]


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    # discord.py reads both endpoints from class attributes: point them at the fake.
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_url)
    monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY",
                        yarl.URL(server.gateway_url))
    yield server
    await server.stop()


@pytest.fixture
def scene(fake: FakeDiscord) -> Scene:
    return Scene(fake)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=normalize(f"sqlite:///{tmp_path / 'discord.db'}"),
                    evidence_dir=tmp_path / "evidence", evidence_max_bytes=EVIDENCE_CAP,
                    console_mediators=(), log_level="WARNING")


@pytest.fixture
def discord_settings(fake: FakeDiscord) -> DiscordSettings:
    return DiscordSettings(token=TOKEN, api_url=fake.api_url, gateway_url=fake.gateway_url,
                           sync_commands=False, cdn_origins=(fake.cdn_origin,),
                           attachment_max_bytes=EVIDENCE_CAP, outbox_interval=3600,
                           guild_ready_timeout=0.05)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    built = await build(settings)
    yield built
    await built.close()


@pytest.fixture
async def start_bot(app: App, discord_settings: DiscordSettings
                    ) -> AsyncIterator[Any]:
    """Start clients (several, one after another, for restarts); all stopped at the end."""
    started: list[RunningBot] = []

    async def start(on: App | None = None, **changes: Any) -> RunningBot:
        bot = RunningBot(on or app, replace(discord_settings, **changes))
        started.append(bot)
        await bot.start()
        return bot

    yield start
    for bot in started:
        await bot.stop()
    for bot in started:
        bot.raise_failures()


@pytest.fixture
async def bot(start_bot: Any) -> RunningBot:
    started: RunningBot = await start_bot()
    return started
