"""The discord.py client: intents, persistent buttons, start-up and shutdown.

Everything the bot knows about cases is in the database; the client only holds the handler
it was given. Its event listeners are registered in one place, `adapters.discord.listeners`.
`setup_hook` registers the buttons (so clicks on old messages still work), syncs `/mediate`
to the configured guilds or globally, and starts the deadline timers and the outbox courier
(`adapters.scheduler.Scheduler`); `close` stops them first.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord

from adapters.discord import listeners
from adapters.discord.buttons import CaseButton
from adapters.discord.edge import drop_unreadable_events
from adapters.discord.handlers import Handler
from adapters.discord.listeners.gateway import Recovery
from adapters.discord.listeners.interactions import MediationTree
from adapters.discord.refill import FillAgain
from adapters.discord.settings import DiscordSettings

log = logging.getLogger(__name__)
DRAIN_SECONDS = 10.0  # on shutdown, how long events being handled may take to finish
# A 429 asking to wait up to this long is waited out by discord.py itself (then it tries the
# request again); a longer one raises `discord.RateLimited` at once, so that nothing (an outbox
# round, an event's handler) sits for minutes: the outbox keeps the message for later. 30 s is
# the least discord.py accepts.
MAX_RATELIMIT_SECONDS = 30.0
# discord.py's message cache is off: an edit parsed before the handler of the message it edits
# has run would change that message object in place, and the text journaled as posted would
# be the edited one. The bot reads edits and deletions from their raw events instead.
MESSAGE_CACHE = None


def intents() -> discord.Intents:
    """Guilds, guild messages and message content (privileged: enable it for the bot in the
    Developer Portal), and nothing else."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.message_content = True
    return wanted


class _Mediation:
    """What the plain and the sharded client share (mixed in before discord.py's class)."""

    handler: Handler
    settings: DiscordSettings
    tree: MediationTree
    _timers: asyncio.Task[None] | None
    _recovery: Recovery

    def _wire(self, handler: Handler, settings: DiscordSettings) -> None:
        self.handler = handler
        self.settings = settings
        listening = listeners.register(self, handler)  # type: ignore[arg-type]
        self.tree = listening.tree
        self._recovery = listening.recovery
        self._timers = None
        drop_unreadable_events(self)  # type: ignore[arg-type]

    async def setup_hook(self) -> None:
        self.add_dynamic_items(CaseButton, FillAgain)  # type: ignore[attr-defined]
        await self.handler.start(self)  # type: ignore[arg-type]
        if self.settings.sync_commands:
            await self.sync_commands()
        # The deadline timers and the outbox courier. Started in the background: the first
        # sweep fires what fell due while nothing ran, which may take a while after downtime,
        # and the gateway connects meanwhile.
        assert self.handler.timers is not None
        self._timers = asyncio.create_task(self.handler.timers.start(), name="timers")
        self._timers.add_done_callback(_report)

    async def sync_commands(self) -> None:
        """Publish `/mediate`: to each configured guild at once, or globally (Discord may
        take a while to show global changes)."""
        if self.settings.guild_ids:
            for guild_id in self.settings.guild_ids:
                guild = discord.Object(guild_id)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def close(self) -> None:
        self._recovery.cancel()
        # Timers first (a firing or delivery under way is let finish), then the events.
        if self.handler.timers is not None:
            await self.handler.timers.stop()
        if self._timers is not None:
            self._timers.cancel()
            await asyncio.gather(self._timers, return_exceptions=True)
        await self.handler.in_flight.drain(DRAIN_SECONDS)
        await super().close()  # type: ignore[misc]
        await self.handler.stop()


def _report(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the deadline timers did not start", exc_info=task.exception())


class MediationClient(_Mediation, discord.Client):
    """One connection to the gateway (small and medium servers)."""

    def __init__(self, handler: Handler, settings: DiscordSettings, **options: Any) -> None:
        options.setdefault("max_ratelimit_timeout", MAX_RATELIMIT_SECONDS)
        options.setdefault("max_messages", MESSAGE_CACHE)
        super().__init__(intents=intents(), allowed_mentions=discord.AllowedMentions.none(),
                         guild_ready_timeout=settings.guild_ready_timeout, **options)
        self._wire(handler, settings)


class ShardedMediationClient(_Mediation, discord.AutoShardedClient):
    """Shards in one process (`DISCORD_SHARD_COUNT`, optionally `DISCORD_SHARD_IDS` to split
    shards between processes)."""

    def __init__(self, handler: Handler, settings: DiscordSettings, **options: Any) -> None:
        if settings.shard_ids:  # this process runs only these of `shard_count` shards
            options["shard_ids"] = list(settings.shard_ids)
        options.setdefault("max_ratelimit_timeout", MAX_RATELIMIT_SECONDS)
        options.setdefault("max_messages", MESSAGE_CACHE)
        super().__init__(intents=intents(), allowed_mentions=discord.AllowedMentions.none(),
                         guild_ready_timeout=settings.guild_ready_timeout,
                         shard_count=settings.shard_count, **options)
        self._wire(handler, settings)


def make_client(handler: Handler, settings: DiscordSettings, **options: Any) -> discord.Client:
    """The plain or the sharded client, as configured."""
    kind = ShardedMediationClient if settings.sharded else MediationClient
    return kind(handler, settings, **options)


def point_at(api_url: str, gateway_url: str) -> None:
    """Send discord.py's REST calls and gateway connection to these URLs (a REST proxy in
    front of Discord, or a test double). discord.py keeps both as class attributes."""
    import yarl

    discord.http.Route.BASE = api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
