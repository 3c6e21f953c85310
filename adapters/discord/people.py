"""Discord members as the core's actors: `discord:<user id>`, their shown name, and whether
they hold the community's mediator role."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import discord

from adapters.discord import options as o
from adapters.discord.translate import PLATFORM, user_id
from bot.domain.identity import Actor
from bot.domain.text import clean_text

_MENTION = re.compile(r"^<@!?(\d{15,21})>$|^(\d{15,21})$")
_NAME = re.compile(r"^@([^\s@#:<>`]{1,32})$")  # Discord names: 32 characters at most
SEARCH_LIMIT = 10


def discord_id(user_id: str) -> int | None:
    """`discord:42` → 42; None for people from other platforms."""
    raw = user_id.removeprefix(f"{PLATFORM}:")
    return int(raw) if raw.isdigit() and raw != user_id else None


def has_role(member: discord.abc.User, role: str) -> bool:
    """Whether `member` holds `role` (a role name, case-insensitive, or a role id)."""
    roles = getattr(member, "roles", None) or []
    wanted = role.strip().casefold()
    return any(r.name.casefold() == wanted or str(r.id) == wanted for r in roles)


def actor_for(member: discord.abc.User, mediator_role: str) -> Actor:
    """The actor behind a Discord user or member (only members can be mediators); the name
    is cleaned as any text for the journal."""
    shown = member.display_name
    name = clean_text(shown[:100]).strip() if isinstance(shown, str) else ""
    return Actor(user_id(member.id), name or str(member.id), has_role(member, mediator_role))


def resolved_names(data: Mapping[str, Any] | None) -> dict[int, str]:
    """Display names of the users an interaction resolved (its user options), by id; entries
    that are not a snowflake and a user object are left out."""
    resolved = (data or {}).get("resolved")
    if not isinstance(resolved, Mapping):
        return {}
    names: dict[int, str] = {}
    for kind in ("users", "members"):
        found = resolved.get(kind)
        for raw_id, user in (found.items() if isinstance(found, Mapping) else ()):
            member = o.snowflake(raw_id)
            if member is None or not isinstance(user, Mapping):
                continue
            if kind == "users":
                names[member] = o.name(user, str(member))
            elif isinstance(user.get("nick"), str) and user["nick"].strip():
                names[member] = o.name({"global_name": user["nick"]}, str(member))
    return names


def resolved_roles(data: Mapping[str, Any] | None) -> dict[int, tuple[str, ...]]:
    """The role ids of the members an interaction resolved (its user options), by id."""
    resolved = (data or {}).get("resolved")
    found = resolved.get("members") if isinstance(resolved, Mapping) else None
    roles: dict[int, tuple[str, ...]] = {}
    for raw_id, member in (found.items() if isinstance(found, Mapping) else ()):
        member_id = o.snowflake(raw_id)
        held = member.get("roles") if isinstance(member, Mapping) else None
        if member_id is not None and isinstance(held, list):
            roles[member_id] = tuple(str(r) for r in held if o.snowflake(r) is not None)
    return roles


def named(user: Mapping[str, Any], nick: Any, wanted: str) -> bool:
    """Whether a member (a raw user object and nickname) goes by `wanted` (case-insensitive):
    their username, global name or nickname."""
    key = wanted.casefold()
    shown = (user.get("username"), user.get("global_name"), nick)
    return any(isinstance(name, str) and name.casefold() == key for name in shown)


class DiscordPeople:
    """`bot.outcome.People` for one guild: turns `<@42>` into the member's actor, and `@name`
    (as an agreement file names its parties) into the one member who goes by that name."""

    def __init__(self, guild: discord.Guild | None, mediator_role: str,
                 known: Mapping[int, str] | None = None,
                 http: discord.http.HTTPClient | None = None,
                 roles: Mapping[int, tuple[str, ...]] | None = None) -> None:
        self.guild = guild
        self.mediator_role = mediator_role
        self.known = dict(known or {})
        self.http = http
        self.roles = dict(roles or {})  # role ids of the members the interaction resolved

    def _mediates(self, member_id: int) -> bool:
        """Whether a member known from the interaction holds the mediator role (by its id,
        or by its name in the guild's roles)."""
        wanted = self.mediator_role.strip().casefold()
        for role_id in self.roles.get(member_id, ()):
            role = self.guild.get_role(int(role_id)) if self.guild else None
            if role_id == wanted or (role is not None and role.name.casefold() == wanted):
                return True
        return False

    async def resolve(self, token: str) -> Actor | None:
        match = _MENTION.match(token.strip())
        if match is None:
            by_name = _NAME.match(token.strip())
            return await self._named(by_name.group(1)) if by_name else None
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
        return Actor(user_id(member_id), name, self._mediates(member_id)) if name else None

    async def _named(self, name: str) -> Actor | None:
        """The one member going by `name`: Discord's member search (a prefix search that
        needs no privileged intent), narrowed to exact names; None when none or several."""
        if self.guild is None or self.http is None:
            return None
        route = discord.http.Route("GET", "/guilds/{guild_id}/members/search",
                                   guild_id=self.guild.id)
        try:
            found = await self.http.request(route, params={"query": name,
                                                           "limit": SEARCH_LIMIT})
        except discord.HTTPException:
            return None
        matches = [m for m in found if isinstance(m, Mapping) and isinstance(
            m.get("user"), Mapping) and named(m["user"], m.get("nick"), name)] \
            if isinstance(found, list) else []
        if len(matches) != 1:
            return None
        user = matches[0]["user"]
        member_id = o.snowflake(user.get("id"))
        if member_id is None:
            return None
        nick = matches[0].get("nick")
        shown = o.name({"global_name": nick} if isinstance(nick, str) and nick.strip()
                       else user, str(member_id))
        return Actor(user_id(member_id), shown)  # as for a member known by name only
