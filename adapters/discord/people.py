"""Discord members as the core's actors: `discord:<user id>`, their shown name, and whether
they hold the community's mediator role."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from adapters.discord.translate import user_id
from bot.domain.identity import Actor

_MENTION = re.compile(r"^<@!?(\d{15,21})>$|^(\d{15,21})$")


def has_role(member: discord.abc.User, role: str) -> bool:
    """Whether `member` holds `role` (a role name, case-insensitive, or a role id)."""
    roles = getattr(member, "roles", None) or []
    wanted = role.strip().casefold()
    return any(r.name.casefold() == wanted or str(r.id) == wanted for r in roles)


def actor_for(member: discord.abc.User, mediator_role: str) -> Actor:
    """The actor behind a Discord user or member (only members can be mediators)."""
    return Actor(user_id(member.id), member.display_name, has_role(member, mediator_role))


def resolved_names(data: Mapping[str, Any] | None) -> dict[int, str]:
    """Display names of the users an interaction resolved (its user options), by id."""
    resolved = (data or {}).get("resolved") or {}
    names: dict[int, str] = {}
    for raw_id, user in (resolved.get("users") or {}).items():
        names[int(raw_id)] = user.get("global_name") or user.get("username") or raw_id
    for raw_id, member in (resolved.get("members") or {}).items():
        if member.get("nick"):
            names[int(raw_id)] = member["nick"]
    return names


class DiscordPeople:
    """`bot.outcome.People` for one guild: turns `<@42>` into the member's actor."""

    def __init__(self, guild: discord.Guild | None, mediator_role: str,
                 known: Mapping[int, str] | None = None) -> None:
        self.guild = guild
        self.mediator_role = mediator_role
        self.known = dict(known or {})

    async def resolve(self, token: str) -> Actor | None:
        match = _MENTION.match(token.strip())
        if match is None:
            return None
        member_id = int(match.group(1) or match.group(2))
        member = self.guild.get_member(member_id) if self.guild else None
        if member is None and self.guild is not None and member_id not in self.known:
            try:
                member = await self.guild.fetch_member(member_id)
            except discord.NotFound:
                return None
        if member is not None:
            return actor_for(member, self.mediator_role)
        name = self.known.get(member_id)
        return Actor(user_id(member_id), name) if name else None
