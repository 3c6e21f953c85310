"""Modal submissions: validation errors go back inside the ack; the rest runs after it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import modals
from adapters.slack import translate as t
from adapters.slack.answers import id_in, team_of
from adapters.slack.campaign_render import AGREEMENT_CALLBACK, AgreementMeta, submitted_file
from adapters.slack.mediation import SlackMediation
from adapters.slack.render import form_errors, refusal_text
from adapters.slack.reports import REPORT_CALLBACK, submitted_report
from bot.input.forms import FORMS, FormInvalid

# After the ack: (team, the submission's source) → journal what the form asks.
Submit = Callable[[str, str | None], Awaitable[None]]


def register(app: AsyncApp, slack: SlackMediation) -> None:
    def refuse_later(client: AsyncWebClient, user: str, problem: t.Malformed) -> None:
        text = refusal_text(str(problem))
        slack.in_flight.after_ack(lambda: slack.answer_in(client, None, user)(text))

    def submit_later(context: AsyncBoltContext, user: str, view: dict[str, Any],
                     submit: Submit) -> None:
        async def work() -> None:
            team = team_of(context)
            if not user:
                raise t.Malformed("a form sent without a user")
            view_id = id_in(view, "id", "view")
            await submit(team, t.event_source(team, f"view:{view_id}") if view_id else None)

        slack.in_flight.after_ack(work)

    async def submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                        client: AsyncWebClient, context: AsyncBoltContext) -> None:
        user = id_in(body, "user", "user") or ""
        try:
            meta, values = slack.check_form(view)
        except FormInvalid as invalid:
            form = FORMS[modals.FormMeta.from_json(view.get("private_metadata")).form]
            await ack(response_action="errors", errors=form_errors(invalid.errors, form))
            return
        except t.Malformed as problem:
            await ack()
            refuse_later(client, user, problem)
            return
        await ack()
        submit_later(context, user, view, lambda team, source: slack.submitted(
            client, team, user, meta, values, source))

    def file_form(read: Callable[[dict[str, Any]], Any],
                  then: Callable[[AsyncWebClient, str, str, Any, str | None], Awaitable[None]]
                  ) -> Callable[..., Awaitable[None]]:
        """A modal with a file (an agreement, a rulebook, a report's): what a person can fix
        is shown on the modal, inside the ack; the rest (fetching the file) runs after it."""

        async def answer(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any],
                         client: AsyncWebClient, context: AsyncBoltContext) -> None:
            user = id_in(body, "user", "user") or ""
            try:
                form = read(view)
            except FormInvalid as invalid:
                await ack(response_action="errors", errors=invalid.errors)
                return
            except t.Malformed as problem:
                await ack()
                refuse_later(client, user, problem)
                return
            await ack()
            submit_later(context, user, view,
                         lambda team, source: then(client, team, user, form, source))

        return answer

    def agreement_form(view: dict[str, Any]) -> tuple[AgreementMeta, t.SharedFile]:
        return AgreementMeta.from_json(view.get("private_metadata")), submitted_file(view)

    async def agreement_sent(client: AsyncWebClient, team: str, user: str,
                             form: tuple[AgreementMeta, t.SharedFile],
                             source: str | None) -> None:
        await slack.campaigns.submitted(client, team, user, form[0], form[1], source)

    app.view(modals.FORM_CALLBACK)(submitted)
    app.view(AGREEMENT_CALLBACK)(file_form(agreement_form, agreement_sent))
    app.view(REPORT_CALLBACK)(file_form(submitted_report, slack.reports.submitted))
