"""The gateway's edge: an event discord.py cannot read is dropped, not fatal.

discord.py turns each gateway event into objects before any handler of ours runs, and an
exception in that step (an id that is no number, a missing field, a field of the wrong type)
is not caught: it ends `Client.start()`, so one malformed event would stop the bot for every
server. Discord does not send such events, but a proxy in front of it (`DISCORD_API_URL`,
`DISCORD_GATEWAY_URL`) or a change on Discord's side could. Each of discord.py's event
parsers is wrapped: an event it cannot read is dropped with one log line, and the
connection goes on.

The parsers are a table on the client's connection state (`Client._connection.parsers`,
shared by every shard's websocket); discord.py offers no public hook before parsing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import discord

log = logging.getLogger(__name__)

Parser = Callable[[Any], None]


def drop_unreadable_events(client: discord.Client) -> None:
    """Wrap every gateway event parser of `client` (once, before it connects)."""
    state = getattr(client, "_connection", None)
    parsers = getattr(state, "parsers", None)
    if not isinstance(parsers, dict):
        log.warning("this discord.py has no parser table: malformed events are not guarded")
        return
    for event, parse in list(parsers.items()):
        if not getattr(parse, "guarded", False):
            parsers[event] = _guarded(event, parse)


def _guarded(event: str, parse: Parser) -> Parser:
    def parse_or_drop(data: Any) -> None:
        try:
            parse(data)
        except Exception as error:  # KeyError, ValueError, TypeError, ...: unreadable
            # %r: the event's text may hold lone surrogates, which a log stream cannot write.
            log.warning("dropped a %s event discord.py could not read: %r", event,
                        error if len(repr(error)) < 300 else type(error))

    parse_or_drop.guarded = True  # type: ignore[attr-defined]
    return parse_or_drop
