"""The Slack side of the mediation: what the listeners hand over, as service calls.

Listeners ack and call one method here each; this module resolves who acts and where, asks the
service, and hands the outcome to `Delivery`. No Bolt types: a client, ids and payload dicts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.outbox import Courier
from adapters.slack import modals
from adapters.slack import translate as t
from adapters.slack.campaigns import SlackCampaigns, wants_file
from adapters.slack.delivery import ClientFor, Clock, Delivery
from adapters.slack.files import Downloads
from adapters.slack.in_flight import Answer, InFlight, nobody
from adapters.slack.people import Directory
from adapters.slack.render import form_view, home_view
from adapters.slack.reports import SlackReports, report_view
from adapters.slack.rooms import CaseRooms, Place
from adapters.slack.settings import SlackSettings
from adapters.slack.shapes import looks_like
from adapters.slack.sharing import FileTurns, initial_comment
from adapters.wiring import App
from bot.domain.commands import PostMessage
from bot.domain.decide import gate
from bot.domain.errors import Refusal, TryAgain
from bot.exchange import Context
from bot.input.forms import FORMS, validate
from bot.input.grammar import Request
from bot.input.interpret import needs_form, open_fields, proposal_number
from bot.ports import Community
from bot.service.streams import is_campaign
from bot.text.status import waiting_for

log = logging.getLogger(__name__)


class SlackMediation:
    def __init__(self, app: App, settings: SlackSettings, client_for: ClientFor, *,
                 clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.service = app.service
        self.store = app.store
        self.settings = settings
        self.client_for = client_for
        self.clock = clock
        self.directory = Directory(settings)
        self.rooms = CaseRooms(app.store)
        self.downloads = Downloads(settings.file_hosts, app.evidence.max_bytes)
        self.delivery = Delivery(app.service, app.store, self.rooms, self.directory,
                                 client_for, clock)
        self.in_flight = InFlight()
        self.file_turns = FileTurns(settings.file_wait_seconds)
        self._known: set[str] = set()
        self.campaigns = SlackCampaigns(self)
        self.reports = SlackReports(self)

    async def context(self, client: AsyncWebClient, team: str, user: str, *,
                      case_id: str | None = None, room: str = "thread",
                      source: str | None = None) -> Context:
        people = self.directory.people(client, team)
        actor = await people.actor(user)
        if team not in self._known:
            mediators = await self.directory.mediators(client, team)
            await self.service.ensure_community(Community(
                t.community_id(team), t.PLATFORM, team,
                mediators=tuple(sorted(t.actor_id(team, m) for m in mediators))))
            self._known.add(team)
        return Context(actor, t.community_id(team), t.PLATFORM, people, case_id, room, source)

    async def same_workspace(self, case_id: str | None, team: str) -> None:
        """Cases never leak across workspaces: another workspace's case does not exist here
        (its people are outsiders anyway, but a mediator of this workspace is not one there)."""
        if case_id is None:
            return
        summary = await self.store.case(case_id.upper())
        if summary is not None and summary.community_id != t.community_id(team):
            raise Refusal(f"There is no case {case_id.upper()}.")

    @property
    def courier(self) -> Courier:
        """Delivers this platform's outbox: claimed, retried with backoff, failed for good."""
        return self.delivery.courier

    def kick_outbox(self) -> None:
        """Deliver what a command just put in the outbox now, not at the next round."""
        self.in_flight.spawn(self.courier.deliver_due())

    # -- /mediate and buttons ----------------------------------------------------------------
    async def request(self, client: AsyncWebClient, team: str, user: str, channel: str | None,
                      request: Request, answer: Answer, trigger_id: str | None,
                      source: str | None = None) -> None:
        """A typed `/mediate` line or a button: forms open a modal, the rest goes to the
        service."""
        # Typed in a caucus conversation, a command needs no case id.
        found = await self.rooms.room_of(team, channel, None) if channel else None
        here, room = found if found else (None, "thread")
        ctx = await self.context(client, team, user, case_id=here, room=room, source=source)
        await self.same_workspace(request.case_id, team)
        if wants_file(request):  # the agreement file comes with a modal
            await self.campaigns.ask_for_file(client, ctx, request, channel, trigger_id)
            return
        if request.subcommand == "report" and not request.args and trigger_id:
            await client.views_open(trigger_id=trigger_id, view=report_view(channel))
            return
        if needs_form(request) and trigger_id:
            await self._open_form(client, ctx, request, channel, trigger_id)
            return
        outcome = await self.service.handle(request, ctx)
        origin = Place(channel) if channel else None
        await self.delivery.outcome(client, team, outcome, answer, origin, user, trigger_id)
        self.kick_outbox()

    async def _open_form(self, client: AsyncWebClient, ctx: Context, request: Request,
                         channel: str | None, trigger_id: str) -> None:
        sub = request.subcommand
        form = FORMS[sub]
        prefill: dict[str, str] = {}
        heading = ""
        case_id = None
        number = None
        if sub == "open":
            if channel is None:
                raise Refusal("Open a case from a channel you share with the other side.")
            prefill = open_fields(request)
        else:
            case_id = request.case_id or ctx.case_id
            if case_id is None:
                raise Refusal(f"Which case? `/mediate {sub} MB-XXXXXX`, or use the case "
                              "card's buttons.")
            case = await self.service.case(case_id)
            gate(case, sub, ctx.actor)  # refuse before showing a form that cannot be sent
            if sub == "counter":
                number = proposal_number(request)
            if sub == "decide":  # most often on the terms just recommended
                prefill = modals.ruling_prefill(case.recommendation)
            heading = f"Case {case.id}: {case.title}"
        meta = modals.FormMeta(sub, case_id, channel, number)
        await client.views_open(trigger_id=trigger_id,
                                view=form_view(form, meta, prefill, heading))

    # -- modal submissions -------------------------------------------------------------------
    @staticmethod
    def check_form(view: Mapping[str, Any]) -> tuple[modals.FormMeta, dict[str, str]]:
        """Read and validate a submitted modal (pure and quick: it runs before the ack).
        Raises Malformed, or FormInvalid with errors per field."""
        meta = modals.FormMeta.from_json(view.get("private_metadata"))
        values = modals.form_values(view)
        validate(FORMS[meta.form], values)
        return meta, values

    async def submitted(self, client: AsyncWebClient, team: str, user: str, meta: modals.FormMeta,
                        values: dict[str, str], source: str | None) -> None:
        answer = self.answer_in(client, meta.channel, user)
        async with self.in_flight.handling(answer):
            ctx = await self.context(client, team, user, case_id=meta.case_id, source=source)
            await self.same_workspace(meta.case_id, team)
            outcome = await self.service.handle(modals.form_request(meta, values), ctx)
            origin = Place(meta.channel) if meta.channel else None
            await self.delivery.outcome(client, team, outcome, answer, origin, user)
            self.kick_outbox()

    def answer_in(self, client: AsyncWebClient, channel: str | None, user: str,
                  thread_ts: str | None = None) -> Answer:
        """A private answer in a channel (ephemeral), or a direct message without one."""

        async def answer(text: str) -> None:
            if channel:
                await client.chat_postEphemeral(channel=channel, user=user, text=text,
                                                thread_ts=thread_ts)
            else:
                await self.delivery.direct(client, user, text)

        return answer

    # -- what people write in case rooms -----------------------------------------------------
    async def message(self, client: AsyncWebClient, team: str, event: Mapping[str, Any],
                      event_id: str | None) -> None:
        """Journal a message, edit or deletion in a case room; returns once it is recorded.
        Its files are downloaded after that, on their own."""
        change = t.checked(t.message_change(event))
        if isinstance(change, t.Ignored):
            return
        found = await self.rooms.room_of(team, change.channel, change.thread_ts)
        if found is None:
            return  # not a case's room: the bot does not listen there
        case_id, room = found
        source = t.event_source(team, event_id) if event_id else None
        ctx = await self.context(client, team, change.user, case_id=case_id, room=room,
                                 source=source)
        answer = self.answer_in(client, change.channel, change.user, change.thread_ts)
        names = await self.directory.names(client, team, t.mentioned(change))
        command = t.room_command(change, room, names)
        if not (isinstance(command, PostMessage) and not command.text.strip()):
            try:
                # The service queues a case's messages itself, writing those that arrive
                # together in one transaction.
                await self.service.act(ctx, case_id, command)
            except TryAgain:
                raise  # not journaled: Slack is answered 500 and delivers it again
            except Refusal as refusal:
                # The same message under another event_id is "already recorded": nothing to say.
                log.info("not journaled: %s", refusal.message, extra={"case_id": case_id})
        if isinstance(change, t.Written) and change.files:
            written = change
            description = t.said(change, names)

            async def download() -> None:
                for shared in written.files:
                    await self.evidence(client, team, ctx, case_id, shared, description,
                                        answer)

            self.in_flight.after_ack(download)

    async def file_shared(self, client: AsyncWebClient, team: str,
                          event: Mapping[str, Any]) -> None:
        """`file_shared` carries only ids: ask `files.info` where the file went."""
        file_id, channel = event.get("file_id"), event.get("channel_id")
        user = event.get("user_id")
        if not (looks_like("file", file_id) and looks_like("channel", channel)
                and looks_like("user", user)):
            raise t.Malformed("file_shared without file, channel or user")
        info = (await client.files_info(file=str(file_id))).get("file") or {}
        shared = t.shared_file(info)
        if shared is None:
            return
        found = await self.rooms.room_of(team, str(channel), t.file_thread(info, str(channel)))
        if found is None:
            return
        case_id, room = found
        source = self.evidence_source(team, case_id, shared)
        if await self.store.entries_for_source(source):
            return
        log.info("file %s waits for its message", shared.id, extra={"case_id": case_id})
        if await self.file_turns.wait_for_message(source):
            return  # the file_share message brings the file, with its comment
        ctx = await self.context(client, team, str(user), case_id=case_id, room=room)
        answer = self.answer_in(client, str(channel), str(user))
        await self.evidence(client, team, ctx, case_id, shared, initial_comment(info), answer,
                            by_message=False)

    @staticmethod
    def evidence_source(team: str, case_id: str, shared: t.SharedFile) -> str:
        return f"{t.PLATFORM}:{team}:{case_id}:file:{shared.id}"

    async def evidence(self, client: AsyncWebClient, team: str, ctx: Context, case_id: str,
                       shared: t.SharedFile, description: str, answer: Answer, *,
                       by_message: bool = True) -> None:
        """Download, hash and journal one file, once: the `file_share` message and the
        `file_shared` event name the same file, and both may be retried (`sharing.py`)."""
        source = self.evidence_source(team, case_id, shared)
        if by_message:
            self.file_turns.message_came(source)
        async with self.file_turns.fetching(source):
            if await self.store.entries_for_source(source):
                return
            ctx = Context(ctx.actor, ctx.community_id, ctx.platform, ctx.people, case_id,
                          ctx.room, source)
            async with self.in_flight.handling(answer):
                # Refuse a non-party (or a closed case) before anything is fetched.
                if is_campaign(case_id):  # a campaign's thread keeps figures only
                    await self.campaigns.may_report(ctx, case_id)
                else:
                    gate(await self.service.case(case_id), "evidence", ctx.actor)
                token = client.token or ""
                async with self.downloads.open(shared.url, token) as chunks:
                    outcome = await self.service.add_evidence(ctx, case_id, chunks,
                                                              shared.name, description)
                await self.delivery.outcome(client, team, outcome, answer)

    # -- App Home ----------------------------------------------------------------------------
    async def home(self, client: AsyncWebClient, team: str, user: str) -> None:
        ctx = await self.context(client, team, user)
        now = self.clock()
        mine = []
        for summary in (await self.store.cases(user_id=ctx.actor.user_id))[:25]:
            case = await self.service.case(summary.id)
            mine.append((case, waiting_for(case, now)))
        queue = []
        if ctx.actor.is_mediator:
            for summary in await self.store.cases(community_id=ctx.community_id):
                if summary.mediation_requested and not any(
                        p.role == "mediator" for p in summary.participants):
                    queue.append(await self.service.case(summary.id))
        campaigns = await self.campaigns.home_blocks(ctx)
        guidelines = await self.service.guidelines.home_words(ctx)
        await client.views_publish(user_id=user, view=home_view(mine, queue[:20], campaigns,
                                                                guidelines))

__all__ = ["SlackMediation", "nobody"]
