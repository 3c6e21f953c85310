"""Recovering what Discord holds and the journal lacks.

The gateway has no acknowledgements: a message dispatched while the bot was down, or to a
process that died before writing it, is gone from the event stream. Each time the client
connects (a new gateway session: at start-up and after a reconnect that could not resume), the
open cases' threads are read back from Discord, oldest first, and every person's message the
journal does not have is journaled once, marked as recovered; attachments whose evidence is
missing are stored. A message is known by its Discord id whichever way it came, so live events
arriving meanwhile, a replay, or a second run journal nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import discord

from adapters.discord import translate as t
from adapters.discord.files import FileRefused, attachment_fields
from adapters.discord.handlers import Handler
from adapters.discord.people import actor_for
from bot.domain.commands import PostMessage
from bot.domain.errors import Refusal
from bot.exchange import Context

log = logging.getLogger(__name__)


async def backfill(handler: Handler, client: discord.Client) -> int:
    """Journal what the open cases' Discord threads hold and the journal lacks; how many."""
    recovered = 0
    for summary in await handler.app.store.cases(open_only=True):
        if summary.community_id.partition(":")[0] != t.PLATFORM:
            continue
        for platform, ref, room in await handler.app.store.rooms_of(summary.id):
            if platform != t.PLATFORM or not ref.isdigit():
                continue
            try:
                recovered += await _recover_thread(handler, client, summary.id, int(ref), room)
            except discord.HTTPException as problem:  # e.g. the thread was deleted
                log.warning("could not read a thread back from Discord: %s %s",
                            problem.status, problem.text, extra={"case_id": summary.id})
    if recovered:
        log.info("recovered %d messages from Discord's history", recovered)
    return recovered


async def _recover_thread(handler: Handler, client: discord.Client, case_id: str,
                          thread_id: int, room: str) -> int:
    channel = client.get_channel(thread_id) or await client.fetch_channel(thread_id)
    if not isinstance(channel, discord.abc.Messageable) or \
            getattr(channel, "guild", None) is None:
        return 0
    guild: discord.Guild = channel.guild  # type: ignore[attr-defined]
    known = (await handler.service.case(case_id)).messages
    members: dict[int, discord.abc.User] = {}  # authors as members, looked up once each
    recovered = 0
    # The thread's own id is older than anything said in it: its whole history, oldest first.
    async for message in channel.history(limit=None, after=discord.Object(thread_id),
                                         oldest_first=True):
        said = t.thread_message(message.id, message.content,
                                [attachment_fields(a) for a in message.attachments])
        missing = said.ref not in known and bool(said.text.strip())
        if message.author.bot or not (missing or said.files):
            continue  # the bot's own, or already journaled with nothing to fetch
        author = members.get(message.author.id)
        if author is None:
            author = members[message.author.id] = await _member(guild, message.author)
        ctx = Context(actor_for(author, handler.settings.mediator_role),
                      t.community_id(guild.id), t.PLATFORM, None, case_id, room, said.source)
        if missing:
            try:
                outcome = await handler.service.act(
                    ctx, case_id, PostMessage(said.text, room, ref=said.ref, recovered=True))
                recovered += 0 if outcome.duplicate else 1
            except Refusal as refusal:
                log.info("not recovered: %s", refusal.message, extra={"case_id": case_id})
        for file in said.files:
            await _store(handler, ctx, case_id, file)
    return recovered


async def _member(guild: discord.Guild, author: discord.abc.User) -> discord.abc.User:
    """The author as a member of the guild (messages read back carry no roles)."""
    if isinstance(author, discord.Member):
        return author
    member = guild.get_member(author.id)
    if member is not None:
        return member
    try:
        return await guild.fetch_member(author.id)
    except discord.HTTPException:
        return author  # left the server: no roles to read


async def _store(handler: Handler, ctx: Context, case_id: str, file: t.FileRef) -> None:
    """Store an attachment as evidence; one already journaled is not fetched again."""
    try:
        outcome = await handler.store_file(replace(ctx, source=t.attachment_source(file.id)),
                                           case_id, file, "")
    except (Refusal, FileRefused) as refused:
        log.info("attachment not recovered: %s", refused, extra={"case_id": case_id})
        return
    assert handler.delivery is not None
    await handler.delivery.announce(outcome, handler.service.clock())
