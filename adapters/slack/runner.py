"""`mediator slack`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP (`/slack/events`).

HTTP mode is the one that scales: any number of workers behind a load balancer, sharing the
PostgreSQL store; every event is deduplicated by the journal, whichever worker gets it.

Each process also runs the deadline timers (`adapters.scheduler.Scheduler`) and delivers the
Slack outbox through `adapters.outbox.Courier`: a deadline fires exactly once, whichever worker
claims it, and an outbox message is sent by the worker that claims it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.scheduler import Scheduler
from adapters.settings import Settings, SettingsError, configure_logging
from adapters.slack.app import build_slack_app
from adapters.slack.backfill import backfill
from adapters.slack.http import EVENTS_PATH, web_app
from adapters.slack.settings import SlackSettings
from adapters.wiring import build, settle_heap

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mediator slack",
        description="Run the Slack app. Socket Mode when SLACK_APP_TOKEN is set; otherwise "
        f"HTTP mode, with Slack's requests at {EVENTS_PATH}.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")),
                        help="HTTP mode: the port (default $PORT or 3000; 0 picks a free one)")
    parser.add_argument("--host", default="0.0.0.0", help="HTTP mode: the address to bind")
    return parser


def main(argv: list[str]) -> int:
    """Run until SIGINT/SIGTERM; 2 on a configuration error."""
    if argv[:1] == ["--"]:
        argv = argv[1:]  # `mediator slack -- --port 8080`: the CLI keeps options after `--`
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        slack_settings = SlackSettings.from_env()
    except SettingsError as problem:
        print(f"Configuration error: {problem}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    asyncio.run(serve(settings, slack_settings, args.host, args.port))
    return 0


async def serve(settings: Settings, slack_settings: SlackSettings, host: str,
                port: int) -> None:
    app = await build(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    slack_app = await build_slack_app(app, slack_settings)
    settle_heap()
    # Deadlines fire in this process too (exactly once across workers: each is claimed), and
    # the outbox is delivered every SLACK_OUTBOX_SECONDS: reminders and escalations reach Slack.
    timers = Scheduler(app.service, [slack_app.slack.courier],
                       sweep_seconds=settings.sweep_seconds,
                       outbox_seconds=slack_settings.outbox_seconds)
    socket = None
    runner = None
    recovery = None
    try:
        if slack_settings.socket_mode:
            socket = AsyncSocketModeHandler(slack_app.bolt, slack_settings.app_token)
            await socket.connect_async()
            print("Slack app connected in Socket Mode", flush=True)
        else:
            runner = web.AppRunner(web_app(slack_app.bolt))
            await runner.setup()
            site = web.TCPSite(runner, host, port)
            await site.start()
            bound = runner.addresses[0][1] if runner.addresses else port
            print(f"Slack app listening on http://{host}:{bound}{EVENTS_PATH}", flush=True)
        await timers.start()
        # What was posted while no worker listened is read back from Slack, beside live traffic.
        recovery = slack_app.slack.in_flight.spawn(backfill(slack_app.slack))
        await stop.wait()
    finally:
        if recovery is not None:
            recovery.cancel()
        await timers.stop()
        if socket is not None:
            await socket.close_async()
        if runner is not None:
            await runner.cleanup()
        await slack_app.slack.in_flight.idle()
        await app.close()
