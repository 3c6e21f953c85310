"""The `/mediate` slash command group: what Discord shows (subcommands, described options,
choices, autocomplete). Every `/mediate` interaction is answered by `Handler.slash`, which
reads the options from the raw payload (`translate.slash_command`), and is handed to it by
`listeners.interactions.MediationTree.interaction_check` before discord.py reads the
options: the parameters below declare the options for Discord, and the callbacks are only a
fallback.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.handlers import Handler
from bot.domain.phases import MEDIATOR_CLOSE_REASONS
from bot.input.forms import CATEGORIES, PARTY_KINDS

Interaction = discord.Interaction[Any]
Number = app_commands.Range[int, 1, 999_999]
# Option lengths as the forms and the core allow them (a test holds them to `bot.input.forms` and
# `bot.requests.REASON_LIMIT`): Discord then refuses longer text as it is typed, and the
# modal's pre-filled title fits its input.
Line = app_commands.Range[str, 1, 150]  # title, campaign
Amount = app_commands.Range[str, 1, 24]  # it travels in the modal's custom id
Reason = app_commands.Range[str, 1, 3000]
CASE = "the case (inside its thread you can leave it out)"

_KINDS = [app_commands.Choice(name=kind, value=kind) for kind in PARTY_KINDS]
_CATEGORIES = [app_commands.Choice(name=c.replace("_", " "), value=c) for c in CATEGORIES]
_TERMS = [app_commands.Choice(name="a form", value="form"),
          app_commands.Choice(name="the computed outcome (a case on a campaign)",
                              value="computed")]
_CLOSE = [app_commands.Choice(name=r.value.replace("_", " "), value=r.value)
          for r in MEDIATOR_CLOSE_REASONS]


class CaseCommands(app_commands.Group):
    """A group of commands on a case: each `case` option autocompletes to the person's cases,
    and every interaction is answered by `Handler.slash`."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self.handler = handler
        for command in self.walk_commands():
            if isinstance(command, app_commands.Command) \
                    and command.get_parameter("case") is not None:
                command.autocomplete("case")(self._cases)

    async def _cases(self, interaction: Interaction, current: str
                     ) -> list[app_commands.Choice[str]]:
        return await self.handler.complete_case(interaction, current)

    async def _run(self, interaction: Interaction) -> None:
        await self.handler.slash(interaction)


@app_commands.guild_only()
class MediateCommands(CaseCommands, name="mediate",
                      description="Guided, journaled mediation of a campaign dispute"):
    """`/mediate <subcommand>`: the same grammar as everywhere else."""

    @app_commands.command(name="open", description="Open a case against the other side (a form)")
    @app_commands.describe(counterpart="the other side", side="what you are in the campaign",
                           category="what the dispute is about", title="a short title",
                           counterpart_side="what they are (default: the other side)",
                           campaign="the campaign: a name, or its id CP-… (in its thread: "
                                    "that one)",
                           items="a campaign's deliverables and milestones in dispute, "
                                 "e.g. d2,m1",
                           amount="amount in dispute, e.g. 1500",
                           currency="currency of the amount, e.g. EUR")
    @app_commands.choices(side=_KINDS, counterpart_side=_KINDS, category=_CATEGORIES)
    async def open(self, interaction: Interaction, counterpart: discord.User, side: str,
                   category: str, title: Line | None = None, counterpart_side: str | None = None,
                   campaign: Line | None = None, items: Line | None = None,
                   amount: Amount | None = None,
                   currency: app_commands.Range[str, 3, 3] | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="join", description="Agree to mediate (respondent)")
    @app_commands.describe(case=CASE)
    async def join(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="decline", description="Refuse to mediate (respondent)")
    @app_commands.describe(case=CASE, reason="why, if you like")
    async def decline(self, interaction: Interaction, reason: Reason | None = None,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="statement", description="Your sealed statement (a form)")
    @app_commands.describe(case=CASE)
    async def statement(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="evidence", description="Attach a file as evidence")
    @app_commands.describe(file="the file", description="what it shows", case=CASE)
    async def evidence(self, interaction: Interaction, file: discord.Attachment,
                       description: Reason | None = None, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="propose", description="Propose settlement terms (a form)")
    @app_commands.describe(case=CASE, terms="a form (default), or the outcome a campaign's "
                                            "agreement computes for the case")
    @app_commands.choices(terms=_TERMS)
    async def propose(self, interaction: Interaction, terms: str | None = None,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="counter", description="Answer a proposal with new terms (a form)")
    @app_commands.describe(number="the proposal answered", case=CASE)
    async def counter(self, interaction: Interaction, number: Number,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="accept", description="Accept a proposal")
    @app_commands.describe(number="the proposal's number", case=CASE)
    async def accept(self, interaction: Interaction, number: Number,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="reject", description="Reject a proposal")
    @app_commands.describe(number="the proposal's number", reason="why", case=CASE)
    async def reject(self, interaction: Interaction, number: Number, reason: Reason | None = None,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="withdraw-proposal", description="Withdraw your proposal")
    @app_commands.describe(number="the proposal's number", case=CASE)
    async def withdraw_proposal(self, interaction: Interaction, number: Number,
                                case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="sign", description="Sign the agreement")
    @app_commands.describe(case=CASE)
    async def sign(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="confirm",
                          description="Confirm a follow-up of the agreement was done")
    @app_commands.describe(number="the follow-up's number", case=CASE)
    async def confirm(self, interaction: Interaction, number: Number,
                      case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="mediator", description="Ask for a mediator")
    @app_commands.describe(reason="why, if you like", case=CASE)
    async def mediator(self, interaction: Interaction, reason: Reason | None = None,
                       case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="take", description="Take the case as its mediator (mediators)")
    @app_commands.describe(case=CASE)
    async def take(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="caucus", description="Talk in private with one side (mediator)")
    @app_commands.describe(party="the party to talk with", case=CASE)
    async def caucus(self, interaction: Interaction, party: discord.User,
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="note", description="A note only mediators see (mediator)")
    @app_commands.describe(text="the note", case=CASE)
    async def note(self, interaction: Interaction, text: Reason, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="close", description="Close the case (mediator)")
    @app_commands.describe(reason="why the case closes", note="a closing note", case=CASE)
    @app_commands.choices(reason=_CLOSE)
    async def close(self, interaction: Interaction, reason: str, note: Reason | None = None,
                    case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="withdraw", description="Withdraw your case (opening party)")
    @app_commands.describe(reason="why, if you like", case=CASE)
    async def withdraw(self, interaction: Interaction, reason: Reason | None = None,
                       case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="status", description="Where the case stands")
    @app_commands.describe(case=CASE)
    async def status(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="history", description="The case's history as you may see it")
    @app_commands.describe(case=CASE)
    async def history(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="evidence-list", description="The evidence so far")
    @app_commands.describe(case=CASE)
    async def evidence_list(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="export", description="The history as a file")
    @app_commands.describe(format="the file format", case=CASE)
    @app_commands.choices(format=[app_commands.Choice(name="json", value="json")])
    async def export(self, interaction: Interaction, format: str = "json",
                     case: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="config",
                          description="This server's windows, reminders and silence rule")
    @app_commands.describe(settings="name=value ..., e.g. response_window=48h; empty: show them")
    async def config(self, interaction: Interaction, settings: str | None = None) -> None:
        await self._run(interaction)

    @app_commands.command(name="cases", description="Your open cases")
    async def cases(self, interaction: Interaction) -> None:
        await self._run(interaction)

    @app_commands.command(name="help", description="What you can do here, now")
    @app_commands.describe(case=CASE)
    async def help(self, interaction: Interaction, case: str | None = None) -> None:
        await self._run(interaction)
