"""Operator commands: a community's policy (`mediator config`), the outbox (`mediator outbox`),
and running the deadline timers alone (`mediator deadlines`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from adapters.settings import Settings
from adapters.wiring import build
from bot.domain.policy import Policy
from bot.input.grammar import parse
from bot.ports import OutboxMessage


def add_parsers(add_parser: Callable[..., argparse.ArgumentParser]) -> None:
    """Add `config`, `outbox` and `deadlines` through `add_parser` (the CLI's subparsers')."""
    config = add_parser("config", help="show or change a community's policy (windows, "
                        "reminder lead, what silence leads to)")
    config.add_argument("community", help="e.g. console, slack:T0123, discord:4567")
    config.add_argument("settings", nargs="*", metavar="name=value",
                        help="e.g. response_window=48h on_silence=close")
    outbox = add_parser("outbox", help="notifications waiting, delivered or failed")
    outbox.add_argument("--state", choices=("pending", "delivered", "failed"), default=None)
    outbox.add_argument("--platform", default=None)
    outbox.add_argument("--limit", type=int, default=50)
    add_parser("deadlines", help="run the deadline timers alone (any number of these may "
               "run next to the platform processes)")


async def configure(settings: Settings, community_id: str, assignments: list[str]) -> int:
    app = await build(settings)
    try:
        community = await app.store.community(community_id)
        if community is None:
            print(f"There is no community {community_id!r} yet (it is created when its first "
                  "case opens).", file=sys.stderr)
            return 1
        current = await app.service.policy(community_id)
        if not assignments:
            print(current.words())
            return 0
        values = dict(parse("config " + " ".join(assignments)).fields)
        if len(values) != len(assignments):
            print("Give settings as name=value, e.g. response_window=48h.", file=sys.stderr)
            return 2
        try:
            changed: Policy = current.with_settings(values)
        except ValueError as problem:
            print(f"That setting cannot be used: {problem}", file=sys.stderr)
            return 2
        await app.service.save_policy(community_id, community.platform, changed)
        print(changed.words())
        return 0
    finally:
        await app.close()


def _line(message: OutboxMessage) -> str:
    state = ("failed" if message.failed_at else "delivered" if message.delivered_at
             else "pending")
    error = f"  last error: {message.last_error}" if message.last_error else ""
    when = message.created_at.strftime("%Y-%m-%d %H:%M") if message.created_at else ""
    text = message.text.replace("\n", " ")
    text = text if len(text) <= 80 else text[:79] + "…"
    return (f"#{message.id} {when} {message.platform} {state} attempts={message.attempts} "
            f"case={message.case_id or '-'} to={message.audience}: {text}{error}")


async def show_outbox(settings: Settings, state: str | None, platform: str | None,
                      limit: int) -> int:
    app = await build(settings)
    try:
        messages = await app.store.outbox(platform=platform, state=state, limit=limit)
    finally:
        await app.close()
    for message in messages:
        print(_line(message))
    if not messages:
        print("The outbox is empty." if state is None else f"No {state} messages.")
    failed = sum(1 for m in messages if m.failed_at)
    return 1 if state == "failed" and failed else 0
