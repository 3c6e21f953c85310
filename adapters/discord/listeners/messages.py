"""What people write in case threads: every message, edit and deletion is journaled, and
attached files are stored as evidence.

Gateway events can arrive twice (a resumed session replays them): each is journaled under its
Discord id (`discord:msg:<id>`, `discord:att:<id>`, ...), so a replay writes nothing. Messages
of one channel take their turn in the order they arrived, and keep it until their text has its
place in the case's next journal write: the service writes messages that arrive together in
one transaction (group commit), in that order. Files stay in the turn until they are stored,
so evidence follows the message it came with.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial

import discord

from adapters.discord import options as o
from adapters.discord import render
from adapters.discord import translate as t
from adapters.discord.channel_turns import ChannelTurns
from adapters.discord.files import FileRefused, attachment_fields
from adapters.discord.handlers import Handler
from adapters.discord.in_flight import Handling
from adapters.discord.people import actor_for
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor
from bot.exchange import Context, Outcome
from bot.service.streams import is_campaign

log = logging.getLogger(__name__)


def register(client: discord.Client, handler: Handler) -> None:
    """Listen to messages, edits and deletions (one or many) in case threads."""
    threads = ThreadListener(handler)
    for listener in (threads.on_message, threads.on_raw_message_edit,
                     threads.on_raw_message_delete, threads.on_raw_bulk_message_delete):
        client.event(listener)


class ThreadListener:
    """Gateway message events in case threads → journal entries."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.turns = ChannelTurns()
        self._queued: set[int] = set()  # messages queued for their case, not answered yet

    def _context(self, actor: Actor, guild_id: int | None, case_id: str, room: str,
                 source: str) -> Context:
        return Context(actor, t.community_id(guild_id or 0), t.PLATFORM, None, case_id, room,
                       source)

    async def on_message(self, message: discord.Message) -> None:
        """Every message takes one route: translated, then its text queued for the case's
        next write in the channel's order, then its files stored. Its turn is taken in the
        event's first step, before anything can suspend, so arrival order holds."""
        key = f"message:{message.id}"
        said = self._said(message)
        if said is None:
            self.handler.in_flight.done(key)
            return
        handling = self.handler.in_flight.handling(key)
        self.turns.take(message.channel.id, partial(self._turn, message, said, handling))

    def _said(self, message: discord.Message) -> t.ThreadMessage | None:
        """The message as the core takes it; None for one the bot does not journal."""
        if message.author.bot or message.guild is None:
            return None
        if not isinstance(message.content, str) or o.snowflake(message.id) is None \
                or o.snowflake(message.author.id) is None:
            # No Discord sends this (discord.py takes any number for an id): nothing to journal.
            log.warning("ignored a message that is not as Discord sends one: %r", message.id)
            return None
        attachments = message.attachments
        return t.thread_message(message.id, message.content,
                                [attachment_fields(a) for a in attachments] if attachments else ())

    def _turn(self, message: discord.Message, said: t.ThreadMessage,
              handling: Handling) -> Awaitable[None] | None:
        """The message's turn: what the channel waits for (the thread's first lookup, the
        files), or None once the text is queued."""
        rooms = self.handler.rooms
        try:
            where = rooms.known(message.channel.id)
            if where is None:
                if rooms.needs_lookup(message.channel.id):
                    return self._looked_up(message, said, handling)
                handling.end()  # not a case's thread
                return None
            return self._post(message, said, where, handling)
        except Exception as error:
            handling.fail(error)
            return None

    async def _looked_up(self, message: discord.Message, said: t.ThreadMessage,
                         handling: Handling) -> None:
        try:
            where = await self.handler.rooms.of_channel(message.channel.id)
            if where is None:
                handling.end()
                return
            files = self._post(message, said, where, handling)
        except Exception as error:
            handling.fail(error)
            return
        if files is not None:
            await files

    def _post(self, message: discord.Message, said: t.ThreadMessage, where: tuple[str, str],
              handling: Handling) -> Awaitable[None] | None:
        """Queue the text in the case's next write; its answer comes by callback. A message
        with files returns their storing, which the channel waits for."""
        case_id, room = where
        actor = actor_for(message.author, self.handler.settings.mediator_role)
        ctx = self._context(actor, message.guild.id if message.guild else 0, case_id, room,
                            said.source)
        posted = None
        if said.text.strip():
            posted = self.handler.service.submit(
                ctx, case_id, PostMessage(said.text, room, ref=said.ref))
            self._queued.add(message.id)
        if said.files:
            return handling.running(self._store_files(message, said, ctx, posted))
        if posted is None:
            handling.end()
        else:
            handling.follow(posted, partial(self._answered, message))
        return None

    async def _store_files(self, message: discord.Message, said: t.ThreadMessage, ctx: Context,
                           posted: asyncio.Future[Outcome] | None) -> None:
        """Once the text is journaled (or refused), store the files, in order."""
        if posted is not None:
            await asyncio.wait((posted,))
            refused = self._answered(message, posted)
            if refused is not None:
                await refused
        assert ctx.case_id is not None
        for file in said.files:
            await self._evidence(message, ctx, ctx.case_id, file)

    def _answered(self, message: discord.Message,
                  posted: asyncio.Future[Outcome]) -> Awaitable[None] | None:
        """A queued message's answer: nothing more to do, or a refusal to say in the thread
        (returned, to be sent)."""
        self._queued.discard(message.id)
        if posted.cancelled():  # the bot is stopping
            return None
        error = posted.exception()
        if isinstance(error, Refusal):
            return self._reply(message, _not_recorded(error))
        if error is not None:
            raise error
        return None

    async def _evidence(self, message: discord.Message, ctx: Context, case_id: str,
                        file: t.FileRef) -> None:
        source = t.attachment_source(file.id)
        try:
            outcome = await self.handler.store_file(
                Context(ctx.actor, ctx.community_id, ctx.platform, None, case_id, ctx.room,
                        source), case_id, file, "")
        except (Refusal, FileRefused) as refused:
            # A campaign's thread keeps files only as figures, never as evidence.
            what = "Not kept" if is_campaign(case_id) else "Not stored as evidence"
            await self._reply(message, f"{what}: {refused}")
            return
        assert self.handler.delivery is not None
        await self.handler.delivery.announce(outcome, self.handler.service.clock())

    async def _reply(self, message: discord.Message, text: str) -> None:
        for post in render.texts([text]):
            await message.channel.send(**post.kwargs())

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        self._in_turn(payload.channel_id, f"edit:{payload.message_id}",
                      partial(self._edited, payload))

    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        self._in_turn(payload.channel_id, f"delete:{payload.message_id}",
                      partial(self._deleted, payload.channel_id, payload.guild_id,
                              [payload.message_id]))

    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent
                                         ) -> None:
        """A moderator's purge, or a ban that cleans up the member's messages: each journaled
        message is deleted, oldest first (snowflakes grow with time; the event's ids are a
        set)."""
        ids = sorted(payload.message_ids)
        key = f"bulk-delete:{payload.channel_id}:{ids[0] if ids else 0}"
        self._in_turn(payload.channel_id, key,
                      partial(self._deleted, payload.channel_id, payload.guild_id, ids))

    def _in_turn(self, channel_id: int, key: str, work: Callable[[], Awaitable[None]]) -> None:
        """Run `work` in the channel's turn; the channel waits for it to end."""
        handling = self.handler.in_flight.handling(key)
        self.turns.take(channel_id, lambda: handling.running(work()))

    async def _edited(self, payload: discord.RawMessageUpdateEvent) -> None:
        edited = t.raw_edit(payload.data)
        if edited is None:
            return
        where = await self.handler.rooms.of_channel(payload.channel_id)
        if where is None:
            return
        case_id, room = where
        author = payload.data.get("author")
        actor = Actor(t.user_id(edited.author_id), o.name(author))
        ctx = self._context(actor, payload.guild_id, case_id, room, edited.source)
        try:
            await self.handler.service.act(
                ctx, case_id, EditMessage(edited.ref, edited.text, room, observed=True))
        except Refusal as refused:
            log.info("edit not journaled: %s", refused, extra={"case_id": case_id})

    async def _deleted(self, channel_id: int, guild_id: int | None,
                       message_ids: list[int]) -> None:
        """Journal the deletion of those of these messages that the case has (a replayed
        event, or a message deleted once and purged again, finds its entry: once)."""
        where = await self.handler.rooms.of_channel(channel_id)
        if where is None:
            return
        case_id, room = where
        service = self.handler.service
        # A message still queued for the case (seen before anything suspends) is journaled
        # before its deletion, which the service queues behind it; others must be journaled
        # messages (not the bot's own, nor from before the case).
        queued = self._queued & set(message_ids)
        record = await service.journaling.case(case_id)  # a case's or a campaign's
        known = record.messages if record is not None else {}
        deletions = []
        for message_id in message_ids:
            ref = str(message_id)
            if message_id not in queued and ref not in known:
                continue
            # Discord does not say who deleted a message (its author, or a moderator): the
            # bot records what it observed.
            ctx = self._context(SYSTEM, guild_id, case_id, room, t.delete_source(message_id))
            deletions.append(service.submit(ctx, case_id, DeleteMessage(ref, room, observed=True)))
        # Queued in order, and written together: a purge of a hundred messages is one write.
        for answer in await asyncio.gather(*deletions, return_exceptions=True):
            if isinstance(answer, Refusal):
                log.info("deletion not journaled: %s", answer, extra={"case_id": case_id})
            elif isinstance(answer, BaseException):
                raise answer


def _not_recorded(refused: Refusal) -> str:
    return f"Not recorded: {refused.message}"

