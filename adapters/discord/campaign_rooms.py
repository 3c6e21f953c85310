"""A campaign's thread on Discord: created when a campaign is proposed, off the channel it was
proposed in (as a case's thread is), with its parties in it and a card naming the version
proposed and its hash. The thread is linked as the campaign's room `thread`, so replies for
the campaign go there, notices from the outbox reach its parties there, and what people type
there is journaled in the campaign's own record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from adapters.discord import render
from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState
from bot.exchange import THREAD, Outcome

if TYPE_CHECKING:
    from adapters.discord.delivery import Delivery

# Entries that bring a version, and so maybe new parties, into the thread.
VERSION_KINDS = frozenset({kinds.AGREEMENT_PROPOSED, kinds.AGREEMENT_COUNTERED,
                           kinds.AGREEMENT_AMENDED})
CARD_COLOUR = 0x2B6CB0


def campaign_card(state: CampaignState) -> render.Post:
    """The campaign's card: its title and id, the version proposed and its hash."""
    version = state.versions[-1] if state.versions else None
    embed = discord.Embed(title=f"Campaign {state.id}: {state.title}"[:256],
                          colour=CARD_COLOUR)
    if version is not None:
        embed.add_field(name="Version", value=str(version.number))
        embed.add_field(name="Hash", value=f"`{version.hash}`"[:1024], inline=False)
        parties = ", ".join(f"{p.name} ({p.role.value})" for p in version.terms.parties)
        embed.add_field(name="Parties", value=parties[:1024] or "…", inline=False)
        embed.set_footer(text=f"To accept it: /campaign accept hash:{version.hash[:12]}")
    return render.Post(f"Campaign {state.id}: {state.title}", embed=embed)


async def announce_campaign(delivery: Delivery, outcome: Outcome, state: CampaignState,
                            where: Any = None) -> None:
    """What an outcome on a campaign says in its thread (creating it for a proposal)."""
    entry_kinds = {e.kind for e in outcome.entries}
    created = False
    if kinds.AGREEMENT_PROPOSED in entry_kinds \
            and await delivery.rooms.thread_of(state.id) is None:
        created = await open_campaign_thread(delivery, state, where)
    elif entry_kinds & VERSION_KINDS:
        thread_id = await delivery.rooms.thread_of(state.id)
        if thread_id is not None:
            for user_id in _parties(state):
                await delivery.add_to_thread(state.id, user_id)
    said = [r for r in outcome.replies if r.audience == THREAD]
    posts = render.replies(said) if said else []
    if created:
        posts = [campaign_card(state), *posts]
    await delivery.post(state.id, THREAD, posts)


async def open_campaign_thread(delivery: Delivery, state: CampaignState, where: Any) -> bool:
    """The campaign's thread off the channel `where` it was proposed, parties added; False
    when there is no text channel to hang it off."""
    parent = await delivery.text_channel(where)
    if parent is None:
        return False
    thread = await delivery.new_thread(parent, f"{state.id} {state.title}")
    await delivery.rooms.link(thread.id, state.id, THREAD)
    await delivery.add_members(thread, _parties(state))
    return True


def _parties(state: CampaignState) -> list[str]:
    version = state.versions[-1] if state.versions else None
    return [p.user_id for p in version.terms.parties] if version is not None else []
