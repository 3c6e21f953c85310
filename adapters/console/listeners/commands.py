"""`/mediate …` at the console: at the keyboard, a form's missing fields are asked one by one;
in a script, the command is submitted as given. `/mediate evidence <path>` reads a local file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from adapters.console import translate as t
from adapters.console.files import read_chunks
from adapters.console.forms import ask_form
from adapters.console.listeners.campaigns import new_agreement
from bot.domain.errors import Refusal
from bot.domain.proposals import case_currency
from bot.exchange import Outcome
from bot.input.campaign_requests import CAMPAIGN_ID
from bot.input.forms import FORMS, asked_in
from bot.input.grammar import Request
from bot.input.interpret import given_in_words, open_fields

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession


def register(session: ConsoleSession) -> None:
    session.on(t.Command, command)
    session.on(t.AttachEvidence, attach_evidence)


async def command(session: ConsoleSession, action: t.Command) -> Outcome | None:
    """Any `/mediate` subcommand; opening a case or a caucus takes the person there."""
    if action.request.subcommand == "campaign" and action.request.args[:1] == ("new",) \
            and session.ask is not None:
        return await new_agreement(session)
    request = await _complete_form(session, action.request)
    if request is None:
        return None
    outcome = await session.app.service.handle(request, session.context())
    if request.subcommand == "open" and outcome.case_id:
        session.case_id, session.room = outcome.case_id, "thread"
    if request.subcommand == "caucus" and outcome.entries:
        session.room = f"caucus:{outcome.entries[0].payload['side']}"
    return outcome


async def attach_evidence(session: ConsoleSession, action: t.AttachEvidence) -> Outcome:
    """A local file as evidence for the case given, or the one the person is in."""
    case_id = action.request.case_id or session.case_id
    if case_id is None:
        raise Refusal("Which case? Go to its thread first: /in <case id>")
    path = Path(action.path).expanduser()
    if not path.is_file():
        raise Refusal(f"There is no file at {action.path}.")
    return await session.app.service.add_evidence(session.context(), case_id,
                                                  read_chunks(path), path.name,
                                                  action.description)


async def _complete_form(session: ConsoleSession, request: Request) -> Request | None:
    """At the keyboard, ask for what a form still needs; in a script, submit as given."""
    form = FORMS.get(request.subcommand)
    if form is None or session.ask is None or given_in_words(request):
        return request  # `bid 4950`, `decide recommended`: nothing to ask
    case_id = request.case_id or session.case_id
    if request.subcommand != "open" and case_id is not None:
        case = await session.app.service.case(case_id, t.COMMUNITY)
        form = asked_in(form, case_currency(case))
    given = open_fields(request) if form.name == "open" else dict(request.fields)
    wanted = form.fields if not given else form.missing(given)
    on_campaign = case_id is not None and CAMPAIGN_ID.match(case_id) is not None
    # The items in dispute are asked only in a campaign's thread.
    skip = frozenset(() if on_campaign else ("items",))
    values = await ask_form(session, form, given, wanted, skip)
    if values is None:
        return None
    return Request(request.subcommand, request.case_id, request.args, values, request.text)
