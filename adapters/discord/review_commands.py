"""The `/review` slash command group: the road when talking fails (docs/review.md). `/mediate`
already has Discord's 25 subcommands, so these moves have a group of their own: `/review
open`, `position`, `recommend`, `answer`, `decide`, `appeal`, `uphold`, `reopen`, `handoff`
and `observer`, the same moves as `review`, `position`, `recommend`, `recommendation`, ... in
the text grammar.

The position, recommendation and decision are forms (modals). As for `/mediate`, every
interaction is answered by `Handler.slash` from the raw payload
(`review_translate.review_request`); the callbacks only declare the options.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import CaseCommands
from adapters.discord.review_translate import GROUP, REASON

Interaction = discord.Interaction[Any]
Text = app_commands.Range[str, 1, REASON]
CASE = "the case (inside its thread you can leave it out)"


def _choices(*values: tuple[str, str]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=value) for value, name in values]


_FORM = ("form", "a form (default)")
_COMPUTED = ("computed", "the outcome the campaign's agreement computes")
_SIDES = _choices(("brand", "the brand side"), ("creator", "the creator side"))


@app_commands.guild_only()
class ReviewCommands(CaseCommands, name=GROUP,
                     description="Review, recommendation, decision and appeal; hand-off and "
                                 "observers"):
    """`/review open|position|recommend|answer|decide|appeal|uphold|reopen|handoff|observer`."""

    @app_commands.command(name="open", description="Open the review: each side's final "
                                                   "position, then a recommendation")
    @app_commands.describe(case=CASE)
    async def open(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="position", description="Your sealed final position (a form)")
    @app_commands.describe(case=CASE)
    async def position(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="recommend", description="Recommend settlement terms, with "
                                                        "reasons (mediator; a form)")
    @app_commands.describe(terms="a form (default), or the campaign's computed outcome",
                           case=CASE)
    @app_commands.choices(terms=_choices(_FORM, _COMPUTED))
    async def recommend(self, interaction: Interaction, terms: str | None = None,
                        case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="answer", description="Accept or reject the recommendation")
    @app_commands.describe(move="accept or reject", reason="why, if you reject", case=CASE)
    @app_commands.choices(move=_choices(("accept", "accept"), ("reject", "reject")))
    async def answer(self, interaction: Interaction, move: str, reason: Text | None = None,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="decide", description="Decide the case, binding on both sides "
                                                     "(mediator; a form)")
    @app_commands.describe(terms="a form (default), the last recommendation's terms, or the "
                                 "campaign's computed outcome", case=CASE)
    @app_commands.choices(terms=_choices(_FORM, ("recommended", "the last recommendation"),
                                         _COMPUTED))
    async def decide(self, interaction: Interaction, terms: str | None = None,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="appeal", description="Appeal the decision with new information")
    @app_commands.describe(text="what is new", case=CASE)
    async def appeal(self, interaction: Interaction, text: Text,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="uphold", description="Uphold the decision on appeal (mediator)")
    @app_commands.describe(text="why the decision stands", case=CASE)
    async def uphold(self, interaction: Interaction, text: Text,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="reopen", description="Reopen a closed case (mediator)")
    @app_commands.describe(text="why it reopens", case=CASE)
    async def reopen(self, interaction: Interaction, text: Text,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="handoff", description="Hand the case to another mediator")
    @app_commands.describe(mediator="the mediator who takes it over", reason="why", case=CASE)
    async def handoff(self, interaction: Interaction, mediator: discord.User, reason: Text,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="observer", description="Let someone read along with a side")
    @app_commands.describe(move="add or remove", person="who reads along",
                           side="the side they read along with (a mediator says which)",
                           act="they may act for the side (a side's delegate)", case=CASE)
    @app_commands.choices(move=_choices(("add", "add"), ("remove", "remove")), side=_SIDES)
    async def observer(self, interaction: Interaction, move: str, person: discord.User,
                       side: str | None = None, act: bool | None = None,
                       case: str | None = None) -> None:
        await self._run(interaction)
