"""The `/guidelines` slash command group: the community's rulebook, reports to the
moderators, penalties, standing and appeals (docs/rules.md). `/mediate` already has
Discord's 25 subcommands, so these have a group of their own; every interaction is answered
by `Handler.slash` from the raw payload (`guidelines_translate.guidelines_command`), the
callbacks only declare the options. Answers are ephemeral; notices to a member come by
direct message, and the moderators' queue is the moderators' channel."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import CaseCommands
from adapters.discord.guidelines_translate import BASES, GROUP, RULE, RULES_MOVES, TEXT, TRIAGES

Interaction = discord.Interaction[Any]
Text = app_commands.Range[str, 1, TEXT]
Rule = app_commands.Range[str, 1, RULE]
Number = app_commands.Range[int, 1, 999_999]


def _choices(values: tuple[str, ...]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=value, value=value) for value in values]


@app_commands.guild_only()
class GuidelinesCommands(CaseCommands, name=GROUP,
                         description="This community's guidelines: rules, reports, standing"):
    """`/guidelines rules|report|reports|penalize|standing|appeal|uphold|overturn`."""

    @app_commands.command(name="rules", description="The rulebook in force (mediators change "
                                                    "it)")
    @app_commands.describe(move="read (default), file (the YAML), set (a mediator, with the "
                                "file) or reset (a mediator: the default rulebook)",
                           file="the rulebook file, for set")
    @app_commands.choices(move=_choices(RULES_MOVES))
    async def rules(self, interaction: Interaction, move: str | None = None,
                    file: discord.Attachment | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="report", description="Tell the moderators about a problem, "
                                                     "in private")
    @app_commands.describe(member="whom it is about", text="what happened",
                           file="a file that shows it (kept and hashed like evidence)")
    async def report(self, interaction: Interaction, member: discord.User, text: Text,
                     file: discord.Attachment | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="reports", description="The reports waiting, or triage one "
                                                      "(mediators)")
    @app_commands.describe(report="the report's number (2 for R2)",
                           triage="what to do (file: fetch the file the report brought)",
                           rule="the rule (for a strike; optional for remind and warn)",
                           text="the reason (dismiss) or a note for the member")
    @app_commands.choices(triage=_choices(TRIAGES))
    async def reports(self, interaction: Interaction, report: Number | None = None,
                      triage: str | None = None, rule: Rule | None = None,
                      text: Text | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="penalize", description="Apply a rule to a member, on evidence "
                                                       "(mediators)")
    @app_commands.describe(member="the member", rule="the rule's key (see /guidelines rules)",
                           basis="what it rests on", reference="the case id (MB-…), the "
                           "finding or what was seen", text="a note for the member")
    @app_commands.choices(basis=_choices(BASES))
    async def penalize(self, interaction: Interaction, member: discord.User, rule: Rule,
                       basis: str, reference: Text, text: Text | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="standing", description="A member's record (yours, or anyone's "
                                                       "for a mediator)")
    @app_commands.describe(member="whose (yourself by default)")
    async def standing(self, interaction: Interaction, member: discord.User | None = None
                       ) -> None:
        await self._run(interaction)

    @app_commands.command(name="appeal", description="Appeal one of your incidents")
    @app_commands.describe(incident="the incident's number (3 for I3)", text="why")
    async def appeal(self, interaction: Interaction, incident: Number, text: Text) -> None:
        await self._run(interaction)

    @app_commands.command(name="uphold", description="Uphold an incident appealed (another "
                                                     "mediator)")
    @app_commands.describe(incident="the incident's number", text="why it stands")
    async def uphold(self, interaction: Interaction, incident: Number, text: Text) -> None:
        await self._run(interaction)

    @app_commands.command(name="overturn", description="Overturn an incident appealed "
                                                       "(another mediator)")
    @app_commands.describe(incident="the incident's number", text="why")
    async def overturn(self, interaction: Interaction, incident: Number, text: Text) -> None:
        await self._run(interaction)
