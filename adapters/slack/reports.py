"""A report to the moderators from Slack with a file: `/mediate report` typed alone opens a
modal (the member, what happened, and a file if there is one: a slash command carries no
file). On submission the file is fetched as evidence is (only from Slack's file hosts, capped,
checked to be no sign-in page), refused before anything is fetched when the report would be,
and journaled with the report. A typed `/mediate report @member …` needs no modal."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import Block, escape, plain, section
from adapters.slack.shapes import looks_like, optional
from adapters.slack.translate import Malformed, SharedFile, shared_file
from bot.guidelines.decide import LONGEST_WHAT
from bot.input.forms import FormInvalid
from bot.input.grammar import Request

if TYPE_CHECKING:
    from adapters.slack.mediation import SlackMediation

REPORT_CALLBACK = "mb_report"
MEMBER, WHAT, FILE = "member", "what", "file"



def report_view(channel: str | None) -> Block:
    """The report modal: whom it is about, what happened, and an optional file."""
    intro = ("Only the community's mediators read this. The member is never told who "
             "reported them; you are told what the mediators decide.")
    return {"type": "modal", "callback_id": REPORT_CALLBACK,
            "private_metadata": json.dumps({"ch": channel} if channel else {}),
            "title": plain("Report to the moderators", 24),
            "submit": plain("Send", 24), "close": plain("Cancel", 24),
            "blocks": [
                section(escape(intro)),
                {"type": "input", "block_id": MEMBER, "label": plain("Who is it about", 2000),
                 "element": {"type": "users_select", "action_id": MEMBER}},
                {"type": "input", "block_id": WHAT, "label": plain("What happened", 2000),
                 "element": {"type": "plain_text_input", "action_id": WHAT, "multiline": True,
                             "max_length": LONGEST_WHAT}},
                {"type": "input", "block_id": FILE, "optional": True,
                 "label": plain("A file that shows it", 2000),
                 "element": {"type": "file_input", "action_id": FILE, "max_files": 1}}]}


@dataclass(frozen=True)
class ReportForm:
    channel: str | None
    member: str
    what: str
    file: SharedFile | None


def submitted_report(view: Mapping[str, Any]) -> ReportForm:
    """What a submitted report modal says. FormInvalid (shown on the modal) for what a person
    can fix; Malformed when the payload does not have Slack's shape."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except (TypeError, ValueError):
        raise Malformed("the form's metadata is unreadable") from None
    channel = meta.get("ch") if isinstance(meta, dict) else None
    if not optional("channel", channel):
        raise Malformed("the form names no channel")
    state = view.get("state")
    values = state.get("values") if isinstance(state, Mapping) else None
    if not isinstance(values, Mapping):
        raise Malformed("the report form has no values")

    def element(block: str) -> Mapping[str, Any]:
        found = values.get(block)
        found = found.get(block) if isinstance(found, Mapping) else None
        return found if isinstance(found, Mapping) else {}

    member = element(MEMBER).get("selected_user")
    if not looks_like("user", member):
        raise FormInvalid({MEMBER: "Pick the member it is about."})
    what = element(WHAT).get("value")
    if not isinstance(what, str) or not what.strip():
        raise FormInvalid({WHAT: "Say what happened."})
    files = [f for f in element(FILE).get("files") or [] if isinstance(f, Mapping)]
    if len(files) > 1:
        raise FormInvalid({FILE: "Attach one file, not several."})
    shared = shared_file(files[0]) if files else None
    if files and shared is None:
        raise Malformed("the attached file has no id or download address")
    return ReportForm(channel, str(member), what.strip(), shared)


class SlackReports:
    def __init__(self, slack: SlackMediation) -> None:
        self.slack = slack

    async def submitted(self, client: AsyncWebClient, team: str, user: str, form: ReportForm,
                        source: str | None) -> None:
        """The report modal was sent: the report journaled, with its file fetched (only
        once the report is known to be acceptable)."""
        slack = self.slack
        answer = slack.answer_in(client, form.channel, user)
        async with slack.in_flight.handling(answer):
            ctx = await slack.context(client, team, user, source=source)
            mention = f"<@{form.member}>"
            request = Request("report", None, (mention, *form.what.split()), {},
                              f"{mention} {form.what}")
            earlier = await slack.store.entries_for_source(source) if source else []
            if earlier:  # the same submission again: what it did the first time
                outcome = await slack.service.journaling.earlier_outcome(ctx, earlier)
            elif form.file is None:
                outcome = await slack.service.handle(request, ctx)
            else:
                person = await ctx.people.resolve(mention) if ctx.people else None
                await slack.service.guidelines.check_report(request, ctx, person)  # first
                async with slack.downloads.open(form.file.url, client.token or "") as chunks:
                    outcome = await slack.service.guidelines.report_with_file(
                        request, ctx, person, chunks, form.file.name)
            await slack.delivery.outcome(client, team, outcome, answer)
            slack.kick_outbox()
