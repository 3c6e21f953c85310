"""The console: several people in one terminal, each line a message or a command.

The same core as Slack and Discord: lines become requests for the service; replies and outbox
notifications are printed with their audience, so a script of lines reads as a transcript.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from adapters.console import translate as t
from adapters.console.render import render, render_refusal
from adapters.outbox import Courier
from adapters.wiring import App
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.domain.conversation import room_visibility
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Side
from bot.domain.proposals import case_currency
from bot.forms import FORMS, asked_in
from bot.outcome import Context, Outcome, Reply
from bot.parser import CASE_ID, Request
from bot.ports import Community, OutboxMessage
from bot.requests import open_fields

PLATFORM = "console"
COMMUNITY = "console"
_NAME = re.compile(r"^[\w.\-]{1,40}$")
CHUNK = 256 * 1024
SIDES = tuple(side.value for side in Side)

Ask = Callable[[str], Awaitable[str | None]]


class ConsolePeople:
    """Console names are identities: `@ben` is `console:ben`."""

    def __init__(self, mediators: tuple[str, ...]) -> None:
        self.mediators = frozenset(mediators)

    def actor(self, name: str) -> Actor:
        key = name.casefold()
        return Actor(f"{PLATFORM}:{key}", name, is_mediator=key in self.mediators)

    async def resolve(self, token: str) -> Actor | None:
        name = token.strip().lstrip("@")
        return self.actor(name) if _NAME.match(name) else None


async def read_chunks(path: Path) -> AsyncIterator[bytes]:
    """A file's bytes in chunks, read in a thread so the loop never blocks."""
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        while chunk := await asyncio.to_thread(handle.read, CHUNK):
            yield chunk
    finally:
        handle.close()


class ConsoleSession:
    def __init__(self, app: App, mediators: tuple[str, ...], out: Callable[[str], None],
                 ask: Ask | None = None, export_dir: Path = Path("exports")) -> None:
        self.app = app
        self.people = ConsolePeople(mediators)
        self.out = out
        self.ask = ask  # set when a person is at the keyboard: forms become prompts
        self.export_dir = export_dir
        self.user: Actor | None = None
        self.case_id: str | None = None
        self.room = "thread"
        self.refusals = 0
        self.courier = Courier(app.store, PLATFORM, self._show_notice)

    async def start(self) -> None:
        await self.app.service.ensure_community(Community(
            COMMUNITY, PLATFORM, "Console", mediators=tuple(self.people.mediators)))

    @property
    def prompt(self) -> str:
        who = self.user.name if self.user else "(nobody: /as <name>)"
        where = self.case_id or "lobby"
        if self.case_id and self.room != "thread":
            where += f"/{self.room}"
        return f"{who}@{where}> "

    def _context(self) -> Context:
        assert self.user is not None
        return Context(self.user, COMMUNITY, PLATFORM, self.people, self.case_id, self.room)

    async def feed(self, line: str) -> bool:
        """Handle one line; False when the person asked to quit."""
        action = t.translate(line)
        if isinstance(action, t.Quit):
            return False
        if isinstance(action, t.Nothing):
            return True
        if isinstance(action, t.Problem):
            self.out(f"  {action.message}")
            return True
        if isinstance(action, t.SwitchUser):
            await self._switch_user(action.name)
            return True
        if isinstance(action, t.SwitchRoom):
            try:
                await self._switch_room(action.target)
            except Refusal as refusal:
                self.refusals += 1
                self.out(render_refusal(refusal.message))
            return True
        if self.user is None:
            self.out("  Say who you are first: /as <name>")
            return True
        try:
            outcome = await self._act(action)
        except Refusal as refusal:
            self.refusals += 1
            self.out(render_refusal(refusal.message))
            return True
        if outcome is not None:
            self._show(outcome)
        await self._deliver_outbox()
        return True

    async def _switch_user(self, name: str) -> None:
        if not _NAME.match(name.lstrip("@")):
            self.out("  A console name is letters, digits, '.', '-' or '_' (up to 40).")
            return
        self.user = self.people.actor(name.lstrip("@"))
        role = " (mediator)" if self.user.is_mediator else ""
        self.out(f"  You are now {self.user.name}{role}.")
        if self.case_id and self.room != "thread":
            case = await self.app.service.case(self.case_id, COMMUNITY)
            try:
                room_visibility(case, self.room, self.user, case.role_of(self.user))
            except Refusal:
                # Someone else's caucus: the new person starts in the case's thread.
                self.room = "thread"
                self.out(f"  Now in {self.case_id} thread.")

    async def _switch_room(self, target: str) -> None:
        word, _, rest = target.partition(" ")
        if CASE_ID.match(word):
            self.case_id, self.room = word.upper(), "thread"
        elif word == "thread":
            self.room = "thread"
        elif word.startswith("caucus") and self.case_id:
            side = word.partition(":")[2] or (rest if rest in SIDES else "")
            if not side:
                case = await self.app.service.case(self.case_id, COMMUNITY)
                who = rest or (self.user.name if self.user else "")
                party = case.find_party(who)
                side = party.side.value if party else ""
            if side not in SIDES:
                self.out("  Which caucus? /in caucus <party name> or /in caucus:<brand|creator>")
                return
            if self.user is None:
                self.out("  Say who you are first: /as <name>")
                return
            # A caucus is one side's and its mediator's: the core says who may be in it.
            case = await self.app.service.case(self.case_id, COMMUNITY)
            room_visibility(case, f"caucus:{side}", self.user, case.role_of(self.user))
            self.room = f"caucus:{side}"
        else:
            self.out("  /in <case id>, or inside a case: /in thread, /in caucus [party]")
            return
        self.out(f"  Now in {self.case_id} {self.room}.")

    async def _act(self, action: t.ConsoleInput) -> Outcome | None:
        service = self.app.service
        ctx = self._context()
        if isinstance(action, t.Command):
            request = await self._complete_form(action.request)
            if request is None:
                return None
            outcome = await service.handle(request, ctx)
            if request.subcommand == "open" and outcome.case_id:
                self.case_id, self.room = outcome.case_id, "thread"
            if request.subcommand == "caucus" and outcome.entries:
                self.room = f"caucus:{outcome.entries[0].payload['side']}"
            return outcome
        if isinstance(action, t.AttachEvidence):
            case_id = action.request.case_id or self.case_id
            if case_id is None:
                raise Refusal("Which case? Go to its thread first: /in <case id>")
            path = Path(action.path).expanduser()
            if not path.is_file():
                raise Refusal(f"There is no file at {action.path}.")
            return await service.add_evidence(ctx, case_id, read_chunks(path), path.name,
                                              action.description)
        if self.case_id is None:
            raise Refusal("You are not in a case room: /mediate open, or /in <case id>.")
        if isinstance(action, t.Say):
            outcome = await service.act(ctx, self.case_id, PostMessage(action.text, self.room))
            self.out(f"  [journal] {outcome.entries[0].payload['ref']}")
            return outcome
        if isinstance(action, t.Edit):
            return await service.act(ctx, self.case_id, EditMessage(action.ref, action.text))
        if isinstance(action, t.Delete):
            return await service.act(ctx, self.case_id, DeleteMessage(action.ref))
        return None

    async def _complete_form(self, request: Request) -> Request | None:
        """At the keyboard, ask for what a form still needs; in a script, submit as given."""
        form = FORMS.get(request.subcommand)
        if form is None or self.ask is None:
            return request
        case_id = request.case_id or self.case_id
        if request.subcommand != "open" and case_id is not None:
            case = await self.app.service.case(case_id, COMMUNITY)
            form = asked_in(form, case_currency(case))
        given = open_fields(request) if form.name == "open" else dict(request.fields)
        wanted = form.fields if not given else form.missing(given)
        values = dict(given)
        for spec in wanted:
            if spec.name in values:
                continue
            label = spec.label + (f" [{'/'.join(spec.choices)}]" if spec.choices else "")
            label += "" if spec.required else " (optional, Enter to skip)"
            answer = await self.ask(f"  {label}: ")
            if answer is None:
                self.out("  Form cancelled: nothing was saved.")
                return None
            if answer.strip():
                values[spec.name] = answer
        return Request(request.subcommand, request.case_id, request.args, values, request.text)

    def _show(self, outcome: Outcome) -> None:
        for reply in outcome.replies:
            self.out(render(reply))
            if reply.attachment is not None:
                self.export_dir.mkdir(parents=True, exist_ok=True)
                target = self.export_dir / reply.attachment.filename
                target.write_bytes(reply.attachment.content)
                self.out(f"    written to {target}")

    async def _deliver_outbox(self) -> None:
        """Everyone shares this terminal: notices for others are shown right away."""
        await self.courier.deliver_due()

    async def _show_notice(self, message: OutboxMessage) -> None:
        self.out(render(Reply(message.audience, message.text, message.case_id)))

