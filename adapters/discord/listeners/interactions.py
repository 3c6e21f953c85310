"""Interactions: `/mediate`, `/campaign`, `/bidding`, `/review` and autocomplete (through the
command tree), submitted forms, and clicks on components that are not the bot's. The bot's
own buttons are matched by template (`buttons.CaseButton`, `refill.FillAgain`), registered in
the client's `setup_hook`.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord.bidding_commands import BiddingCommands
from adapters.discord.campaign_commands import CampaignCommands
from adapters.discord.commands import MediateCommands
from adapters.discord.custom_ids import FORM_PREFIX
from adapters.discord.guidelines_commands import GuidelinesCommands
from adapters.discord.handlers import Handler
from adapters.discord.options import focused_text
from adapters.discord.refill import AGAIN_PREFIX
from adapters.discord.review_commands import ReviewCommands

log = logging.getLogger(__name__)
OUR_COMPONENTS = ("mb:", AGAIN_PREFIX)  # custom id prefixes of the bot's buttons


class MediationTree(app_commands.CommandTree[Any]):
    """The command tree. It publishes `/mediate`; every `/mediate` interaction (and its
    autocomplete) is answered from the raw payload in `interaction_check`, before discord.py
    reads the options itself: that reading raises on a malformed payload (an option that is
    not an object, a resolved user keyed by no snowflake) outside any error hook, and the
    person would get no answer. Its errors go to the handler's failure hook."""

    def __init__(self, client: discord.Client, handler: Handler) -> None:
        super().__init__(client)
        self.handler = handler
        self.on_failure = handler.on_failure

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        if interaction.type is not discord.InteractionType.autocomplete:
            await self.handler.slash(interaction)
            return False
        choices = await self.handler.complete_case(
            interaction, focused_text(interaction.data or {}))
        try:
            await interaction.response.autocomplete(choices)
        except discord.HTTPException as refused:  # expired meanwhile: nothing to show
            log.info("autocomplete not shown: %s", refused)
        return False

    async def on_error(self, interaction: discord.Interaction[Any],
                       error: app_commands.AppCommandError) -> None:
        self.on_failure(error)


def register(client: discord.Client, handler: Handler) -> MediationTree:
    """Listen to interactions; the command tree, with `/mediate` and `/campaign` added, for
    the client."""
    tree = MediationTree(client, handler)
    tree.add_command(MediateCommands(handler))
    tree.add_command(CampaignCommands(handler))
    tree.add_command(BiddingCommands(handler))
    tree.add_command(ReviewCommands(handler))
    tree.add_command(GuidelinesCommands(handler))

    async def on_interaction(interaction: discord.Interaction[Any]) -> None:
        # Modal submissions are found by custom id, not by a modal object in memory, so a
        # form opened before a restart (or on another process) can still be submitted.
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = data.get("custom_id")
        if interaction.type is discord.InteractionType.modal_submit and str(
                custom_id).startswith(FORM_PREFIX):
            await handler.form(interaction)
        elif interaction.type is discord.InteractionType.component and not (
                isinstance(custom_id, str) and custom_id.startswith(OUR_COMPONENTS)):
            # Not a button of this bot's (its own are matched by template): no one to answer.
            log.info("ignored a click on an unknown component: %r", custom_id)
            handler.in_flight.done(f"interaction:{interaction.id}")

    client.event(on_interaction)
    return tree
