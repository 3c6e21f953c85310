"""Where the notices of a community's guidelines record go on Discord: there is no case
thread for them. A notice for one member (a warning, a penalty, an appeal's outcome, a
reporter told what became of their report) is a direct message; a notice for the mediators
(a new report, an appeal, a penalty the bot applied itself) goes to the moderators' channel
(`DISCORD_MODERATORS_CHANNEL`, a name or an id: a private channel only mediators read),
pinging the mediators' role. Every post carries a nonce, so a retried delivery does not post
twice. A server without that channel is told in the delivery's error (retried for a while,
as an administrator may be creating it), never guessed at."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from adapters.discord import render
from adapters.discord.people import discord_id
from adapters.outbox import DeliveryError
from bot.ports import OutboxMessage
from bot.text.mediation import MEDIATORS

TEXT, ANNOUNCEMENTS = 0, 5  # Discord's channel types a message can be posted in

if TYPE_CHECKING:
    from adapters.discord.delivery import Delivery


async def deliver_guidelines(delivery: Delivery, message: OutboxMessage, channel_name: str
                             ) -> None:
    assert message.case_id is not None
    audience = message.audience
    if audience.startswith("user:"):
        member = discord_id(audience.removeprefix("user:"))
        if member is None:
            raise DeliveryError(f"no Discord user for {audience!r}", permanent=True)
        channel: discord.abc.Messageable = await delivery.client.create_dm(
            discord.Object(member))
        posts = render.notice("direct", message.text, None)
    elif audience == MEDIATORS:
        summary = await delivery.store.case(message.case_id)
        guild_id = discord_id(summary.community_id) if summary else None
        if guild_id is None:
            raise DeliveryError(f"no Discord server for {message.case_id}", permanent=True)
        channel = await find_moderators(delivery.client, guild_id, channel_name)
        role_id = await delivery.mediator_role_id(message.case_id)
        posts = render.notice(MEDIATORS, message.text, role_id)
    else:
        raise DeliveryError(f"no Discord destination for {audience!r} of the guidelines",
                            permanent=True)
    for index, post in enumerate(posts):
        await channel.send(nonce=f"ob-{message.id}-{index}", **post.kwargs())


async def find_moderators(client: discord.Client, guild_id: int, wanted: str
                      ) -> discord.abc.Messageable:
    """The moderators' channel, by name or id: from the guild cache, or from REST when this
    process does not hold the guild."""
    key = wanted.strip().lstrip("#").casefold()
    guild = client.get_guild(guild_id)
    if guild is not None:
        found = discord.utils.find(lambda c: c.name.casefold() == key or str(c.id) == key,
                                   guild.text_channels)
        channel_id = found.id if found else None
    else:  # text and announcement channels only: a category may have the same name
        texts = [c for c in await client.http.get_all_guild_channels(guild_id)
                 if c.get("type") in (TEXT, ANNOUNCEMENTS)]
        channel_id = next((int(c["id"]) for c in texts if str(c["id"]) == key), None) or next(
            (int(c["id"]) for c in texts if str(c.get("name", "")).casefold() == key), None)
    if channel_id is None:  # retried for a while: an administrator may be creating it now
        raise DeliveryError(f"no channel {wanted!r} in server {guild_id} for the moderators: "
                            "create it (private, for the mediators) or set "
                            "DISCORD_MODERATORS_CHANNEL")
    return client.get_partial_messageable(channel_id)
