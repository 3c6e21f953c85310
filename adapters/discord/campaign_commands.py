"""The `/campaign` slash command group: a campaign's agreement and its moves. `/mediate`
already has Discord's 25 subcommands, so campaigns have a group of their own.

As for `/mediate`, every interaction is answered by `Handler.slash` from the raw payload
(`campaign_translate.campaign_command`), handed to it by
`listeners.interactions.MediationTree.interaction_check`: the parameters below declare the
options for Discord (lengths as the core allows them), and the callbacks are only a fallback.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.campaign_translate import (
    DELIVERABLE_MOVES,
    DETAILS_LIMIT,
    HASH_LIMIT,
    HEADER_LIMIT,
    ITEM_LIMIT,
    MAPPING_CHOICES,
    METRICS_LIMIT,
    PAYMENT_MOVES,
    TIME_LIMIT,
)
from adapters.discord.handlers import Handler
from bot.input.campaign_requests import CAPTION_LIMIT, TEXT_LIMIT

Interaction = discord.Interaction[Any]
CampaignId = app_commands.Range[str, 9, 9]  # CP-XXXXXX
Hash = app_commands.Range[str, 8, HASH_LIMIT]
Item = app_commands.Range[str, 1, ITEM_LIMIT]
Details = app_commands.Range[str, 1, DETAILS_LIMIT]
Caption = app_commands.Range[str, 1, CAPTION_LIMIT]
Published = app_commands.Range[str, 1, TIME_LIMIT]
Reason = app_commands.Range[str, 1, TEXT_LIMIT]
Column = app_commands.Range[str, 1, HEADER_LIMIT]
Metrics = app_commands.Range[str, 1, METRICS_LIMIT]
CAMPAIGN = "the campaign, CP-… (inside its thread you can leave it out)"
AGREEMENT = "the agreement file, YAML or JSON"

_DELIVERABLE = [app_commands.Choice(name=m, value=m) for m in DELIVERABLE_MOVES]
_PAYMENT = [app_commands.Choice(name=m, value=m) for m in PAYMENT_MOVES]
_MAPPING = {option: [app_commands.Choice(name=v.replace("_", " "), value=v) for v in values]
            for option, values in MAPPING_CHOICES.items()}


@app_commands.guild_only()
class CampaignCommands(app_commands.Group, name="campaign",
                       description="A campaign agreement between a brand and a creator"):
    """`/campaign <subcommand>`: the moves of `/mediate campaign …` in the text grammar."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self.handler = handler

    async def _run(self, interaction: Interaction) -> None:
        await self.handler.slash(interaction)

    @app_commands.command(name="propose", description="Propose a campaign from its agreement file")
    @app_commands.describe(agreement=AGREEMENT)
    async def propose(self, interaction: Interaction, agreement: discord.Attachment) -> None:
        await self._run(interaction)

    @app_commands.command(name="counter", description="Answer the version discussed with yours")
    @app_commands.describe(agreement=AGREEMENT, campaign=CAMPAIGN)
    async def counter(self, interaction: Interaction, agreement: discord.Attachment,
                      campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="amend", description="Amend the agreement in force")
    @app_commands.describe(agreement=AGREEMENT, campaign=CAMPAIGN)
    async def amend(self, interaction: Interaction, agreement: discord.Attachment,
                    campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="accept", description="Accept a version by its hash")
    @app_commands.describe(hash="the version's hash (its first 8 characters are enough)",
                           campaign=CAMPAIGN)
    async def accept(self, interaction: Interaction, hash: Hash,
                     campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="status", description="Where the campaign stands")
    @app_commands.describe(campaign=CAMPAIGN)
    async def status(self, interaction: Interaction, campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="list", description="Your campaigns")
    async def list_(self, interaction: Interaction) -> None:
        await self._run(interaction)

    @app_commands.command(name="history", description="The campaign's record")
    @app_commands.describe(campaign=CAMPAIGN)
    async def history(self, interaction: Interaction,
                      campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="end", description="End the campaign")
    @app_commands.describe(reason="why, if you like", campaign=CAMPAIGN)
    async def end(self, interaction: Interaction, reason: Reason | None = None,
                  campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="deliverable", description="A move on a deliverable")
    @app_commands.describe(move="what happened", item="the deliverable's key, e.g. d1",
                           details="a link (draft, live post) or notes (changes, reject: "
                                   "the requirement's key first)",
                           caption="live: the caption as posted",
                           published="live: when it went live, e.g. 2026-05-19T14:30 "
                                     "(default: now)",
                           campaign=CAMPAIGN)
    @app_commands.choices(move=_DELIVERABLE)
    async def deliverable(self, interaction: Interaction, move: str, item: Item,
                          details: Details | None = None, caption: Caption | None = None,
                          published: Published | None = None,
                          campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="payment", description="A move on a payment milestone")
    @app_commands.describe(move="what happened", item="the milestone's key, e.g. m1",
                           details="the invoice's number or link, a reference, or the "
                                   "dispute's reason",
                           campaign=CAMPAIGN)
    @app_commands.choices(move=_PAYMENT)
    async def payment(self, interaction: Interaction, move: str, item: Item,
                      details: Details | None = None,
                      campaign: CampaignId | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="mapping",
                          description="How this campaign's other CSV exports are read")
    @app_commands.describe(metrics="which column holds which metric, e.g. "
                                   "Plays = views; Hearts = likes",
                           post="the column with the post's link or id (leave it out when "
                                "the figures are the account's)",
                           day="the column with the day, for daily figures",
                           day_order="how its dates are written (default: year, month, day)",
                           decimal_comma="whether numbers use a decimal comma (default: no)",
                           scope="whether the figures include paid boosts (default: unknown)",
                           platform="the platform, when the post column holds bare ids",
                           campaign=CAMPAIGN)
    @app_commands.choices(**_MAPPING)
    async def mapping(self, interaction: Interaction, metrics: Metrics,
                      post: Column | None = None, day: Column | None = None,
                      day_order: str | None = None, decimal_comma: str | None = None,
                      scope: str | None = None, platform: str | None = None,
                      campaign: CampaignId | None = None) -> None:
        await self._run(interaction)
