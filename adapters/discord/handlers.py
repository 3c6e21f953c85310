"""The thin layer between discord.py and the service, for interactions: slash commands,
buttons, modal submissions and autocomplete.

Each interaction is answered first (a modal, or an ephemeral deferral: Discord's three
seconds), then the service decides, then `Delivery` posts what the outcome says. Refusals and
malformed input get an ephemeral answer and change nothing. Any other exception is reported
through `on_failure` and the person is told that nothing more was done.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import aiohttp
import discord
from discord import app_commands

from adapters.discord import attached, briefing, refill, render
from adapters.discord import translate as t
from adapters.discord.campaign_translate import (
    AgreementFile,
    CampaignMeaning,
    campaign_command,
    is_campaign_command,
)
from adapters.discord.custom_ids import ButtonId, FormId, parse_form
from adapters.discord.delivery import Delivery
from adapters.discord.files import FileRefused, check_size, check_url, download
from adapters.discord.guidelines_translate import (
    GuidelinesMeaning,
    ReportAttachment,
    RulebookFile,
    guidelines_command,
    is_guidelines_command,
)
from adapters.discord.in_flight import Failure, InFlight, Interaction, Observer, log_failure
from adapters.discord.people import DiscordPeople, actor_for, resolved_names, resolved_roles
from adapters.discord.rooms import CaseRooms
from adapters.discord.settings import DiscordSettings
from adapters.outbox import Courier
from adapters.scheduler import Scheduler
from adapters.wiring import App
from bot.domain.errors import Refusal
from bot.exchange import ACTOR, Context, Outcome, Reply

log = logging.getLogger(__name__)
ALREADY_ACKNOWLEDGED = 40060  # Discord's code: another delivery of the event answered it


class Handler:
    """Turns Discord input into service calls. One per client; no state about cases."""

    def __init__(self, app: App, settings: DiscordSettings, *, observer: Observer | None = None,
                 on_failure: Failure = log_failure) -> None:
        self.app = app
        self.service = app.service
        self.settings = settings
        self.rooms = CaseRooms(app.store)
        self.in_flight = InFlight(observer, on_failure)
        self.on_failure = on_failure
        self.delivery: Delivery | None = None
        self.courier: Courier | None = None
        self.timers: Scheduler | None = None
        self.session: aiohttp.ClientSession | None = None

    async def start(self, client: discord.Client) -> None:
        """Set up what needs a running loop (called from the client's `setup_hook`)."""
        self.delivery = Delivery(client, self.app.store, self.rooms, self.settings.mediator_role,
                                 read_case=self.service.case, clock=lambda: self.service.clock(),
                                 moderators_channel=self.settings.moderators_channel)
        # The outbox is delivered with the service's clock: "now" is the same for both.
        self.courier = Courier(self.app.store, t.PLATFORM, self.delivery.send,
                               clock=lambda: self.service.clock())
        self.timers = Scheduler(self.service, [self.courier],
                                sweep_seconds=self.settings.sweep_seconds,
                                outbox_seconds=self.settings.outbox_interval)
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(
            total=None, sock_connect=15, sock_read=60))

    async def stop(self) -> None:
        if self.session is not None:
            await self.session.close()

    # -- entry points -------------------------------------------------------------------------
    async def slash(self, interaction: Interaction) -> None:
        """Any `/mediate` or `/campaign` subcommand: the options are read from the raw
        payload."""
        async with self.in_flight.guard(f"interaction:{interaction.id}", interaction):
            data: dict[str, Any] = dict(interaction.data or {})
            await self._answer(interaction, campaign_command(data) if is_campaign_command(data)
                               else guidelines_command(data) if is_guidelines_command(data)
                               else t.slash_command(data))

    async def button(self, interaction: Interaction, button_id: ButtonId) -> None:
        async with self.in_flight.guard(f"interaction:{interaction.id}", interaction):
            await self._answer(interaction, t.button(button_id))

    async def form(self, interaction: Interaction) -> None:
        """A submitted modal, found by its custom id (so any process, any time, can take it).
        A refusal offers to fill the form in again, with what was typed."""
        async with self.in_flight.guard(f"interaction:{interaction.id}", interaction):
            data: dict[str, Any] = dict(interaction.data or {})
            form = parse_form(str(data.get("custom_id", "")))
            again = (form, t.typed_inputs(data)) if form is not None else None
            await self._answer(interaction, t.form_submission(data), again)

    async def refill(self, interaction: Interaction, form: FormId | None) -> None:
        """*Fill in again*: the form's modal, with the answers kept on the refusal."""
        async with self.in_flight.guard(f"interaction:{interaction.id}", interaction):
            if form is None:
                await self._answer(interaction, t.Problem(
                    "This button is from an older version of the bot: start again."))
                return
            assert self.session is not None
            typed = await refill.answers_on(interaction.message, form, self.session,
                                            self.settings.cdn_origins)
            await self._answer(interaction, t.ShowForm(form, typed))

    async def complete_case(self, interaction: Interaction, current: str
                            ) -> list[app_commands.Choice[str]]:
        """Autocomplete for `case`: the person's open cases (and, for mediators, the queue)."""
        choices: list[app_commands.Choice[str]] = []
        async with self.in_flight.guard(f"autocomplete:{interaction.id}"):
            actor = actor_for(interaction.user, self.settings.mediator_role)
            summaries = await self.app.store.cases(user_id=actor.user_id)
            if actor.is_mediator and interaction.guild_id:
                summaries += await self.app.store.cases(
                    community_id=t.community_id(interaction.guild_id))
            wanted = current.strip().casefold()
            seen: set[str] = set()
            for summary in summaries:
                label = f"{summary.id}: {summary.title}"
                if summary.id in seen or wanted not in label.casefold():
                    continue
                seen.add(summary.id)
                choices.append(app_commands.Choice(name=label[:100], value=summary.id))
                if len(choices) == 25:  # Discord's limit
                    break
        return choices

    # -- answering ----------------------------------------------------------------------------
    async def _answer(self, interaction: Interaction, meaning: CampaignMeaning | GuidelinesMeaning,
                      again: tuple[FormId, dict[str, str]] | None = None) -> None:
        try:
            if isinstance(meaning, t.ShowForm):
                await interaction.response.send_modal(render.modal(meaning))
                return
            await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.HTTPException as refused:
            if refused.code != ALREADY_ACKNOWLEDGED:
                raise
            # The same interaction again (a gateway replay): its first delivery answers it.
            log.info("interaction %s was answered already: not handled again", interaction.id)
            return
        if interaction.guild_id is None:
            await self._tell(interaction, render.refusal("Use `/mediate` in a server."))
            return
        if isinstance(meaning, t.Problem):
            await self._tell(interaction, render.refusal(meaning.message))
            return
        ctx = await self.context(interaction)
        try:
            if isinstance(meaning, t.Upload):
                outcome = await self._upload(ctx, meaning)
            elif isinstance(meaning, AgreementFile | RulebookFile | ReportAttachment):
                outcome = await attached.act_with_file(self, ctx, meaning)
            else:
                outcome = await self.service.handle(meaning.request, ctx)
        except (Refusal, FileRefused) as refused:
            if again is None:
                await self._tell(interaction, render.refusal(str(refused)))
                return
            # A refused form (bad values, or refused as a whole): what was typed is kept.
            form, typed = again
            for post in render.texts([render.refusal(str(refused))], refill.answers(form, typed),
                                     refill.view(form)):
                await interaction.followup.send(ephemeral=True, **post.kwargs())
            return
        await self._deliver(interaction, outcome)

    async def context(self, interaction: Interaction) -> Context:
        """Who acts and where: the thread's case and room, if it is a case's thread."""
        where = await self.rooms.of_channel(interaction.channel_id or 0)
        case_id, room = where if where else (None, "thread")
        role = self.settings.mediator_role
        people = DiscordPeople(interaction.guild, role, resolved_names(interaction.data),
                               interaction.client.http, resolved_roles(interaction.data))
        return Context(actor_for(interaction.user, role), t.community_id(interaction.guild_id or 0),
                       t.PLATFORM, people, case_id, room, t.interaction_source(interaction.id))

    async def _upload(self, ctx: Context, upload: t.Upload) -> Outcome:
        case_id = upload.case_id or ctx.case_id
        if case_id is None:
            raise Refusal("Which case? Use `evidence` in the case's thread, or give its id.")
        return await self.store_file(replace(ctx, source=t.attachment_source(upload.file.id)),
                                     case_id, upload.file, upload.description)

    async def store_file(self, ctx: Context, case_id: str, file: t.FileRef,
                         description: str) -> Outcome:
        """Check, download and store one attachment as evidence (nothing before the checks).
        An attachment already journaled (a replayed event, a retried upload) is not fetched
        again: its entry is the answer."""
        assert self.session is not None
        if ctx.source is not None:
            earlier = await self.app.store.entries_for_source(ctx.source)
            if earlier:
                return Outcome(earlier[0].case_id, tuple(earlier), duplicate=True)
        check_url(file.url, self.settings.cdn_origins)
        check_size(file, self.settings.attachment_max_bytes)
        chunks = download(self.session, file, self.settings.cdn_origins,
                          self.settings.attachment_max_bytes)
        return await self.service.add_evidence(ctx, case_id, chunks, file.filename, description)

    async def _deliver(self, interaction: Interaction, outcome: Outcome) -> None:
        assert self.delivery is not None
        await self.delivery.announce(outcome, self.service.clock(), interaction.channel)
        # Only the actor's own replies (an export's file with them): the thread's went there.
        # A briefing is a screen of embeds, for the mediator alone.
        said = [r for r in outcome.replies if r.audience == ACTOR]
        shown = [r for r in said if briefing.is_briefing(r.kind)]
        said = [r for r in said if r not in shown]
        if outcome.duplicate:
            said, shown = [Reply(ACTOR, "Already recorded.")], []
        elif not said and not shown:
            said = [Reply(ACTOR, await self._done_words(outcome))]
        posts = render.replies(said) if said else []
        for reply in shown:
            posts += briefing.reply_posts(reply, outcome.case, self.service.clock())
        for post in posts:
            await interaction.followup.send(ephemeral=True, **post.kwargs())
        # What the outcome queued for others (the respondent's invitation, a proposal for
        # the other side) goes out now rather than at the next round of the timers.
        assert self.courier is not None
        await self.courier.deliver_due()

    async def _done_words(self, outcome: Outcome) -> str:
        if outcome.case_id is None:
            return "Done."
        thread = await self.rooms.thread_of(outcome.case_id)
        where = f" in <#{thread}>" if thread else ""
        noun = "campaign" if outcome.campaign is not None else "case"
        return f"Done: {noun} {outcome.case_id}{where}."

    async def _tell(self, interaction: Interaction, text: str,
                    view: discord.ui.View | None = None) -> None:
        for post in render.texts([text], view=view):
            await interaction.followup.send(ephemeral=True, **post.kwargs())
