"""Who is in a case's threads when its mediator changes. A caucus is a private thread with one
side and the mediator (`Delivery.open_caucus`), so a mediator who steps aside (a hand-off, or
the deciding mediator when a decision is appealed) leaves the caucus threads, and the
mediator who takes over joins them, and the case thread.

Membership is what keeps a caucus from the other side and from outsiders; members of the
mediator role see private threads anyway where the server gives that role *Manage Threads*
(see docs/discord.md), and the journal still shows each only what they may see.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from adapters.discord import options as o
from adapters.discord.translate import PLATFORM
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.journal import JournalEntry

if TYPE_CHECKING:
    from adapters.discord.delivery import Delivery

log = logging.getLogger(__name__)
CAUCUSES = ("caucus:brand", "caucus:creator")
KINDS = frozenset({kinds.MEDIATOR_HANDED_OFF, kinds.APPEAL_LODGED, kinds.MEDIATOR_ASSIGNED})


def moves(case: Case, entry: JournalEntry) -> tuple[str | None, str | None]:
    """(who leaves the caucuses, who joins them) after `entry`, by user id."""
    p = entry.payload
    if entry.kind == kinds.MEDIATOR_HANDED_OFF:
        return p["from"]["user_id"], p["mediator"]["user_id"]
    if entry.kind == kinds.APPEAL_LODGED:
        decided = next((d for d in case.decisions if d.number == p["number"]), None)
        return (decided.by.user_id if decided else None), None
    if entry.kind == kinds.MEDIATOR_ASSIGNED:
        return None, p["mediator"]["user_id"]
    return None, None


def _member(user_id: str | None) -> int | None:
    """`discord:42` → 42; None for nobody, or people from other platforms."""
    if not user_id or not user_id.startswith(f"{PLATFORM}:"):
        return None
    return o.snowflake(user_id.removeprefix(f"{PLATFORM}:"))


async def follow(delivery: Delivery, case: Case, entry: JournalEntry) -> None:
    """Move the caucus threads' (and the case thread's) members after `entry`."""
    leaving, joining = moves(case, entry)
    if joining is not None and entry.kind == kinds.MEDIATOR_HANDED_OFF:
        await delivery.add_to_thread(case.id, joining)  # `take` adds itself
    http = delivery.client.http
    for room in CAUCUSES:
        thread_id = await delivery.rooms.thread_of(case.id, room)
        if thread_id is None:
            continue
        for user_id, change in ((leaving, http.remove_user_from_thread),
                                (joining, http.add_user_to_thread)):
            member = _member(user_id)
            if member is None:
                continue
            try:
                await change(thread_id, member)
            except discord.NotFound:  # the thread or the member is gone: nothing to move
                log.info("caucus %s: member %s not moved (not found)", thread_id, member,
                         extra={"case_id": case.id})
