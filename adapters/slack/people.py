"""Who is who in a workspace: `<@U123>` → an Actor with a display name; who mediates.

Names and the mediator group's members are cached in memory: they are lookups, not case
state, and a stale name only changes how a new entry labels its author.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Iterable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.settings import SlackSettings
from adapters.slack.translate import actor_id
from bot.domain.identity import Actor

log = logging.getLogger(__name__)

_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$")
_USER_ID = re.compile(r"^@?([UW][A-Z0-9]{2,})$")
GROUP_SECONDS = 300.0
NAMES_KEPT = 10_000


def mentioned_user(token: str) -> str | None:
    """The user id in `<@U123>`, `<@U123|name>`, `U123` or `@U123`; None otherwise."""
    token = token.strip()
    match = _MENTION.match(token) or _USER_ID.match(token)
    return match.group(1) if match else None


class Directory:
    """Process-wide: names by (team, user), mediator group members by team."""

    def __init__(self, settings: SlackSettings) -> None:
        self.settings = settings
        self._names: OrderedDict[tuple[str, str], str] = OrderedDict()
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}

    async def name(self, client: AsyncWebClient, team: str, user: str) -> str:
        key = (team, user)
        if key in self._names:
            return self._names[key]
        name = user
        try:
            answer = await client.users_info(user=user)
            data = answer.get("user") or {}
            profile = data.get("profile") or {}
            name = (profile.get("display_name") or profile.get("real_name")
                    or data.get("real_name") or data.get("name") or user)
        except SlackApiError as problem:
            log.warning("users.info failed for a user: %s", problem.response.get("error"))
        self._names[key] = name
        while len(self._names) > NAMES_KEPT:
            self._names.popitem(last=False)
        return name

    async def names(self, client: AsyncWebClient, team: str,
                    users: Iterable[str]) -> dict[str, str]:
        """Display names by user id, for the people a message mentions."""
        return {user: await self.name(client, team, user) for user in users}

    async def mediators(self, client: AsyncWebClient, team: str) -> frozenset[str]:
        """Slack user ids of the mediators: the configured ids plus the user group's members."""
        ids = frozenset(self.settings.mediators)
        group = self.settings.mediator_group
        if not group:
            return ids
        cached = self._groups.get(team)
        if cached is None or time.monotonic() - cached[0] > GROUP_SECONDS:
            try:
                answer = await client.usergroups_users_list(usergroup=group)
                members = frozenset(answer.get("users") or ())
            except SlackApiError as problem:
                log.warning("usergroups.users.list failed: %s", problem.response.get("error"))
                members = cached[1] if cached else frozenset()
            cached = (time.monotonic(), members)
            self._groups[team] = cached
        return ids | cached[1]

    def people(self, client: AsyncWebClient, team: str) -> SlackPeople:
        return SlackPeople(self, client, team)


class SlackPeople:
    """`bot.outcome.People` for one workspace."""

    def __init__(self, directory: Directory, client: AsyncWebClient, team: str) -> None:
        self.directory = directory
        self.client = client
        self.team = team

    async def actor(self, user: str) -> Actor:
        """The person behind a Slack user id, with their name and whether they mediate."""
        name = await self.directory.name(self.client, self.team, user)
        mediators = await self.directory.mediators(self.client, self.team)
        return Actor(actor_id(self.team, user), name, is_mediator=user in mediators)

    async def resolve(self, token: str) -> Actor | None:
        user = mentioned_user(token)
        return await self.actor(user) if user else None
