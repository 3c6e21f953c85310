"""The `/bidding` slash command group: double-blind bidding on the amount. `/mediate` already
has Discord's 25 subcommands, so bidding has a group of its own: `/bidding propose`, `accept`,
`decline` and `bid`, the same moves as `/mediate bidding …` and `/mediate bid …` elsewhere.

A bid is an option of the interaction, which nobody else sees, or (left out) typed in the bid
modal; the answer with the amount is ephemeral. As for `/mediate`, every interaction is
answered by `Handler.slash` from the raw payload (`bidding_translate.bidding_request`); the
callbacks only declare the options.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.bidding_translate import GROUP
from adapters.discord.commands import CaseCommands

Interaction = discord.Interaction[Any]
Amount = app_commands.Range[str, 1, 24]
Reason = app_commands.Range[str, 1, 3000]
CASE = "the case (inside its thread you can leave it out)"


@app_commands.guild_only()
class BiddingCommands(CaseCommands, name=GROUP,
                      description="Double-blind bidding on the amount in dispute"):
    """`/bidding propose|accept|decline|bid`."""

    @app_commands.command(name="propose", description="Propose blind bidding to the other side")
    @app_commands.describe(tolerance="how close is close enough: 10% of the demand, or an "
                                     "amount (default: they must meet)",
                           split="where in the gap it settles, in percent from the offer "
                                 "(default 50)",
                           rounds="how many rounds, 1 to 3 (default 3)", case=CASE)
    async def propose(self, interaction: Interaction,
                      tolerance: app_commands.Range[str, 1, 12] | None = None,
                      split: app_commands.Range[int, 0, 100] | None = None,
                      rounds: app_commands.Range[int, 1, 3] | None = None,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="accept", description="Accept the other side's blind bidding")
    @app_commands.describe(case=CASE)
    async def accept(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="decline", description="Decline the other side's blind bidding")
    @app_commands.describe(reason="why, if you like", case=CASE)
    async def decline(self, interaction: Interaction, reason: Reason | None = None,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="bid", description="Seal your demand or offer for this round: "
                                                   "only you ever see it")
    @app_commands.describe(amount="your sealed amount, e.g. 1500 (left out: a form asks it)",
                           case=CASE)
    async def bid(self, interaction: Interaction, amount: Amount | None = None,
                  case: str | None = None) -> None:
        await self._run(interaction)
