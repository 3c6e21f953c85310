"""Where the core's replies go on Discord: case threads, caucus threads, the outbox.

Opening a case creates its thread (private where the bot may, public otherwise) with the
parties in it; a caucus gets a private thread of its own. Announcements go to the room's
thread; notifications for people who are not looking come from the outbox: `send` is the
Discord `Send` of `adapters.outbox.Courier` (which claims, retries and gives up), posting each
in the case's thread (a side's note in that side's caucus thread) and pinging exactly its
addressee.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import aiohttp
import discord

from adapters.discord import briefing, mediator_rooms, render
from adapters.discord.campaign_rooms import announce_campaign
from adapters.discord.moderation import deliver_guidelines
from adapters.discord.people import discord_id
from adapters.discord.rooms import CaseRooms
from adapters.outbox import DeliveryError
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.exchange import THREAD, Outcome
from bot.guidelines.record import is_guidelines
from bot.ports import Cases, OutboxMessage
from bot.text.mediation import MEDIATORS

log = logging.getLogger(__name__)
ReadCase = Callable[[str], Awaitable[Case]]

THREAD_DAYS: Literal[10080] = 10080  # minutes: the longest auto-archive Discord offers
# Entries after which the thread gets fresh buttons for what can be done next.
NEXT_STEP_KINDS = frozenset({
    kinds.CASE_JOINED, kinds.STATEMENTS_REVEALED, kinds.PROPOSAL_MADE, kinds.PROPOSAL_ACCEPTED,
    kinds.PROPOSAL_REJECTED, kinds.PROPOSAL_WITHDRAWN, kinds.MEDIATOR_REQUESTED,
    kinds.MEDIATOR_ASSIGNED, kinds.AGREEMENT_SIGNED, kinds.BIDDING_OPENED,
    kinds.BIDDING_ROUND_ENDED,
})


def mediator_role(guild: discord.Guild | None, wanted: str) -> discord.Role | None:
    if guild is None:
        return None
    key = wanted.strip().casefold()
    return discord.utils.find(lambda r: r.name.casefold() == key or str(r.id) == key,
                              guild.roles)


class Delivery:
    """Posts outcomes where they belong. One per client."""

    def __init__(self, client: discord.Client, store: Cases, rooms: CaseRooms,
                 mediator_role_name: str, read_case: ReadCase | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 moderators_channel: str = "moderators") -> None:
        self.client = client
        self.store = store
        self.rooms = rooms
        self.mediator_role_name = mediator_role_name
        self.read_case = read_case  # a case as it stands (the service's), for briefings
        self.clock = clock
        self.moderators_channel = moderators_channel  # the guidelines' queue (a name or id)

    # -- rooms ------------------------------------------------------------------------------
    async def text_channel(self, channel: Any) -> discord.TextChannel | None:
        """The channel a case thread hangs off: the channel itself, or a thread's parent."""
        if isinstance(channel, discord.Thread):
            channel = channel.parent
        if channel is None or isinstance(channel, discord.TextChannel):
            return channel
        found = self.client.get_channel(channel.id)
        if found is None:
            found = await self.client.fetch_channel(channel.id)
        return found if isinstance(found, discord.TextChannel) else None

    async def new_thread(self, parent: discord.TextChannel, name: str) -> discord.Thread:
        try:
            return await parent.create_thread(
                name=name[:100], type=discord.ChannelType.private_thread, invitable=False,
                auto_archive_duration=THREAD_DAYS)
        except discord.HTTPException as refused:
            # No private threads here (permission or server setting): a public one will do.
            log.info("private thread refused (%s); creating a public one", refused.status)
            return await parent.create_thread(
                name=name[:100], type=discord.ChannelType.public_thread,
                auto_archive_duration=THREAD_DAYS)

    async def add_members(self, thread: discord.Thread, user_ids: Sequence[str]) -> None:
        for user_id in user_ids:
            member = discord_id(user_id)
            if member is not None:
                await thread.add_user(discord.Object(member))

    async def open_thread(self, case: Case, where: Any) -> discord.Thread | None:
        """The case's thread off the channel `where` the case was opened, parties added."""
        parent = await self.text_channel(where)
        if parent is None:
            return None
        thread = await self.new_thread(parent, f"{case.id} {case.title}")
        await self.rooms.link(thread.id, case.id, "thread")
        await self.add_members(thread, [p.user_id for p in case.parties()])
        return thread

    async def open_caucus(self, case: Case, entry: JournalEntry) -> None:
        """A private thread for the mediator and one side, next to the case thread."""
        side = entry.payload["side"]
        room = f"caucus:{side}"
        if await self.rooms.thread_of(case.id, room) is not None:
            return
        case_thread = await self.rooms.thread_of(case.id)
        if case_thread is None:
            return
        thread = self.client.get_channel(case_thread) or await self.client.fetch_channel(
            case_thread)
        parent = await self.text_channel(thread)
        if parent is None:
            return
        caucus = await self.new_thread(parent, f"{case.id} caucus {side}")
        await self.rooms.link(caucus.id, case.id, room)
        party = case.party(Side(side))
        await self.add_members(caucus, [party.user_id, entry.actor_id])

    async def add_to_thread(self, case_id: str, user_id: str) -> None:
        thread_id = await self.rooms.thread_of(case_id)
        member = discord_id(user_id)
        if thread_id is not None and member is not None:
            await self.client.http.add_user_to_thread(thread_id, member)

    # -- posting ------------------------------------------------------------------------------
    async def post(self, case_id: str, room: str, posts: Sequence[render.Post]) -> None:
        """Send posts to a case room's thread (nothing when the case has no thread here)."""
        thread_id = await self.rooms.thread_of(case_id, room)
        if thread_id is None or not posts:
            return
        channel = self.client.get_partial_messageable(thread_id)
        for post in posts:
            await channel.send(**post.kwargs())

    async def announce(self, outcome: Outcome, now: datetime, where: Any = None) -> None:
        """Everything an outcome says in the case's rooms (and the rooms it creates)."""
        if outcome.campaign is not None and not outcome.duplicate:
            await announce_campaign(self, outcome, outcome.campaign, where)
            return
        case = outcome.case
        if case is None or outcome.duplicate:
            return
        entry_kinds = {e.kind for e in outcome.entries}
        if kinds.CASE_OPENED in entry_kinds:
            await self.open_thread(case, where)
        for entry in outcome.entries:
            if entry.kind == kinds.CAUCUS_OPENED:
                await self.open_caucus(case, entry)
            if entry.kind == kinds.MEDIATOR_ASSIGNED:
                await self.add_to_thread(case.id, entry.payload["mediator"]["user_id"])
            if entry.kind in mediator_rooms.KINDS:  # caucus members follow the mediator
                await mediator_rooms.follow(self, case, entry)
        said = [r for r in outcome.replies if r.audience == THREAD]
        if said:
            if kinds.CASE_OPENED in entry_kinds:  # the announcement, then the case card
                posts = [*render.replies(said), render.card_post(case, now)]
            else:
                next_steps = entry_kinds & NEXT_STEP_KINDS
                posts = render.replies(said, view=render.actions_view(case, now)
                                       if next_steps else None)
            await self.post(case.id, "thread", posts)
        for side in ("brand", "creator"):
            noted = [r for r in outcome.replies if r.audience == f"side:{side}"]
            if noted:
                await self.post(case.id, f"caucus:{side}", render.replies(noted))

    # -- the outbox ---------------------------------------------------------------------------
    async def send(self, message: OutboxMessage) -> None:
        """Deliver one outbox message: the `Send` of `adapters.outbox.Courier`.

        Returns when Discord has the message. Raises `DeliveryError`: with `retry_after` when
        Discord rate-limits longer than discord.py waits by itself; `permanent` when trying
        again cannot help (403, 404, any other 4xx: no access, unknown channel or user, a
        message Discord will never accept); plain (retried with backoff) for 5xx, lost
        connections and a case that has no Discord thread yet."""
        try:
            await self._send(message)
        except discord.RateLimited as limited:
            raise DeliveryError(f"rate limited: retry in {limited.retry_after:.1f} s",
                                retry_after=limited.retry_after) from limited
        except discord.HTTPException as failed:
            raise refusal(failed) from failed
        except (aiohttp.ClientError, OSError, TimeoutError) as lost:
            raise DeliveryError(f"no answer from Discord: {type(lost).__name__}: {lost}"
                                ) from lost

    async def _send(self, message: OutboxMessage) -> None:
        if message.case_id is None:
            raise DeliveryError(f"nowhere to deliver {message.audience!r} without a case",
                                permanent=True)
        audience = message.audience
        if is_guidelines(message.case_id):  # no thread: direct messages, the moderators
            await deliver_guidelines(self, message, self.moderators_channel)
            return
        if briefing.is_briefing(message.kind):
            await self._brief(message)  # by direct message: never in a case room
            return
        if audience.startswith("side:"):  # only that side's caucus, never the case thread
            room = f"caucus:{audience.removeprefix('side:')}"
        elif audience in (THREAD, MEDIATORS) or audience.startswith("user:"):
            room = THREAD
        else:
            raise DeliveryError(f"no Discord destination for audience {audience!r}",
                                permanent=True)
        thread_id = await self.rooms.thread_of(message.case_id, room)
        if thread_id is None:  # the thread is being created, maybe by another process
            raise DeliveryError(f"no Discord {room} for case {message.case_id} yet")
        role_id = await self.mediator_role_id(message.case_id) \
            if audience == MEDIATORS else None
        channel = self.client.get_partial_messageable(thread_id)
        for index, post in enumerate(render.notice(audience, message.text, role_id)):
            # Discord keeps the first message with a nonce for a few minutes and answers a
            # repeat with it: a retry after an unclear failure (a 500 or a connection lost
            # after Discord took the message) does not post it twice.
            await channel.send(nonce=f"ob-{message.id}-{index}", **post.kwargs())

    async def _brief(self, message: OutboxMessage) -> None:
        """A briefing for the mediator a case is handed to, by direct message, read from the
        case as it stands (the message's text when the case cannot be read here)."""
        member = discord_id(message.audience.removeprefix("user:"))
        if member is None or message.case_id is None:
            raise DeliveryError(f"no Discord user for {message.audience!r}", permanent=True)
        case = await self.read_case(message.case_id) if self.read_case else None
        posts = briefing.case_posts(case, self.clock()) if case is not None \
            else briefing.text_posts(message.text)
        channel = await self.client.create_dm(discord.Object(member))
        for index, post in enumerate(posts):
            await channel.send(nonce=f"ob-{message.id}-{index}", **post.kwargs())

    async def mediator_role_id(self, case_id: str) -> int | None:
        """The id of the mediators' role in the case's server: from the guild cache, or from
        REST when this process does not hold the guild (another shard's process)."""
        summary = await self.store.case(case_id)
        guild_id = discord_id(summary.community_id) if summary else None
        if guild_id is None:
            return None
        guild = self.client.get_guild(guild_id)
        if guild is not None:
            role = mediator_role(guild, self.mediator_role_name)
            found = role.id if role else None
        else:
            key = self.mediator_role_name.strip().casefold()
            found = next((int(r["id"]) for r in await self.client.http.get_roles(guild_id)
                          if str(r["name"]).casefold() == key or str(r["id"]) == key), None)
        if found is None:
            log.warning("no role %r in server %s: mediators are told without a ping",
                        self.mediator_role_name, guild_id, extra={"case_id": case_id})
        return found


def refusal(failed: discord.HTTPException) -> DeliveryError:
    """What an HTTP error from Discord means for an outbox message."""
    what = f"{failed.status} {failed.text or failed.response.reason}".strip()
    if failed.code:
        what += f" (code {failed.code})"
    if failed.status == 429:
        # discord.py gives up on a 429 without Discord's `Via` header (Cloudflare's, with no
        # JSON body) or after five in a row; the headers still say how long to wait.
        headers = failed.response.headers
        wait = headers.get("Retry-After") or headers.get("X-RateLimit-Reset-After")
        try:
            retry_after = float(wait) if wait is not None else None
        except ValueError:
            retry_after = None
        return DeliveryError(what, retry_after=retry_after)
    if 400 <= failed.status < 500:
        return DeliveryError(what, permanent=True)
    return DeliveryError(what)
