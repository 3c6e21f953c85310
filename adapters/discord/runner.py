"""`mediator discord`: the Discord bot process. Settings are read once, here."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from collections.abc import Sequence

import discord

from adapters.discord.client import make_client, point_at
from adapters.discord.handlers import Handler
from adapters.discord.settings import DiscordSettings
from adapters.settings import Settings, SettingsError
from adapters.wiring import build, settle_heap

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mediator discord",
        description="Run the Discord bot. Settings come from the environment: DISCORD_TOKEN, "
        "DISCORD_GUILD_IDS, DISCORD_MEDIATOR_ROLE, DISCORD_SHARD_COUNT, ... (docs/discord.md).")
    parser.add_argument("--no-sync", action="store_true",
                        help="do not publish the /mediate commands on start")
    return parser


async def run(settings: Settings, discord_settings: DiscordSettings) -> int:
    """Connect and serve until SIGINT/SIGTERM or a fatal gateway error."""
    point_at(discord_settings.api_url, discord_settings.gateway_url)
    app = await build(settings)
    client = make_client(Handler(app, discord_settings), discord_settings)
    settle_heap()
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    runner = asyncio.create_task(client.start(discord_settings.token), name="discord")
    stopper = asyncio.create_task(stopping.wait())
    try:
        await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if runner.done():
            runner.result()  # a login failure or a fatal gateway close raises here
            return 0
        log.info("stopping")
        return 0
    except discord.LoginFailure:
        print("Discord refused the token (DISCORD_TOKEN).", file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print("Enable the Message Content intent for the bot in the Developer Portal "
              "(Bot page, Privileged Gateway Intents); see docs/discord.md.", file=sys.stderr)
        return 1
    finally:
        stopper.cancel()
        await client.close()
        if not runner.done():
            runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        await app.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `mediator discord [--no-sync]`; the exit status."""
    args = _parser().parse_args(list(argv or []))
    try:
        settings = Settings.from_env()
        env = dict(os.environ)
        if args.no_sync:
            env["DISCORD_SYNC_COMMANDS"] = "false"
        discord_settings = DiscordSettings.from_env(env, settings.evidence_max_bytes,
                                                    sweep_seconds=settings.sweep_seconds)
    except SettingsError as problem:
        print(f"Configuration error: {problem}", file=sys.stderr)
        return 2
    return asyncio.run(run(settings, discord_settings))
