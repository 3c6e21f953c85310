"""Every gateway event the bot listens to, registered here and nowhere else (discord.py's
`Client.event`): messages in case threads, interactions, the gateway session."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from adapters.discord.handlers import Handler
from adapters.discord.listeners import gateway, interactions, messages


@dataclass(frozen=True)
class Listening:
    """What the client keeps of its listeners: the command tree and the session's recovery."""

    tree: interactions.MediationTree
    recovery: gateway.Recovery


def register(client: discord.Client, handler: Handler) -> Listening:
    """Register every listener on `client` (before it connects)."""
    messages.register(client, handler)
    tree = interactions.register(client, handler)
    recovery = gateway.register(client, handler)
    return Listening(tree, recovery)
