"""Forms on Discord: option lengths as the forms allow, pre-fills that fit their inputs, bad
values refused at the slash command before the modal opens, and every refused form offered
to be filled in again with what was typed."""

from __future__ import annotations

from typing import Any, cast

import pytest

from adapters.discord import render
from adapters.discord.custom_ids import FormId
from adapters.discord.translate import ShowForm
from adapters.wiring import App
from bot.domain import kinds
from bot.input.forms import OPEN
from bot.input.interpret import REASON_LIMIT
from tests.adapters.discord.chat import OPEN_FORM, OPEN_OPTIONS, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.limits import modal_problems
from tests.adapters.discord.fake.scene import Scene, buttons
from tests.adapters.discord.fake.server import FakeDiscord

Json = dict[str, Any]


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


def declared(bot: RunningBot, sub: str) -> dict[str, Json]:
    """The options of `/mediate <sub>` as they are published to Discord."""
    tree = cast(Any, bot.client).tree
    group = tree.get_command("mediate").to_dict(tree)
    [command] = [o for o in group["options"] if o["name"] == sub]
    return {o["name"]: o for o in command.get("options", [])}


async def test_the_open_options_are_as_long_as_the_form_allows(bot: RunningBot) -> None:
    options = declared(bot, "open")
    limits = {f.name: f.max_length for f in OPEN.fields}
    assert options["title"]["max_length"] == limits["title"] == 150
    assert options["campaign"]["max_length"] == limits["campaign"] == 150
    assert options["amount"]["max_length"] <= limits["amount"]
    assert options["currency"]["max_length"] == limits["currency"] == 3
    for sub, name in [("decline", "reason"), ("reject", "reason"), ("note", "text"),
                      ("close", "note"), ("evidence", "description"), ("mediator", "reason")]:
        assert declared(bot, sub)[name]["max_length"] == REASON_LIMIT, (sub, name)


def test_a_prefill_never_exceeds_its_input() -> None:
    shown = render.modal(ShowForm(FormId("open"), {"title": "t" * 400, "campaign": "c"}))
    data = shown.to_dict()
    assert modal_problems(data) == {}
    values = {row["component"]["custom_id"]: row["component"].get("value")
              for row in data["components"]}
    assert values["title"] == "t" * 150 and values["campaign"] == "c"


async def test_a_title_too_long_is_refused_at_the_slash_command_and_no_modal_is_sent(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    options = OPEN_OPTIONS | {"title": "Late launch video " * 300}  # 5,400 characters
    answer = await chat.slash(ana, "open", counterpart=ben, **options)
    assert answer.ephemeral
    assert answer.text == "Not done: Please fix the options (title: at most 150 characters)."
    assert fake.refused_callbacks == {}
    assert fake.threads == {}


async def test_a_title_of_150_characters_is_prefilled_whole(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    form = await chat.slash(ana, "open", counterpart=ben, **OPEN_OPTIONS | {"title": "T" * 150})
    [title] = [row["component"] for row in form.modal["components"]
               if row["component"]["custom_id"] == "title"]
    assert title["value"] == "T" * 150 and title["max_length"] == 150
    opened = await chat.fill(ana, form, OPEN_FORM | {"title": "T" * 150})
    assert opened.text.startswith("Done: case MB-")


def prefilled(form: Any) -> dict[str, str | None]:
    """Input id → pre-filled value of the modal a step opened."""
    return {row["component"]["custom_id"]: row["component"].get("value")
            for row in form.modal["components"]}


async def test_a_bad_amount_is_refused_at_the_slash_command_before_anything_is_typed(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    answer = await chat.slash(ana, "open", counterpart=ben, **OPEN_OPTIONS | {"amount": "12.345"})
    assert answer.callbacks[0]["type"] == 5  # no modal: nothing typed is lost
    assert answer.text == "Not done: Please fix the options (amount: at most two decimals)."
    assert fake.threads == {}


async def test_a_refused_statement_is_filled_in_again_with_what_was_typed(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    await chat.click(ben, "Join the mediation", chat.with_buttons(thread))
    form = await chat.click(ana, "Submit statement", chat.with_buttons(thread))
    before = await chat.journal(case_id)
    typed = {"what_happened": "The video came twelve days late. " * 75,  # 2,475 characters
             "wants": "A 20% discount 😀", "amount": "12.345", "currency": "EUR"}
    refused = await chat.fill(ana, form, typed, thread)
    assert refused.ephemeral
    assert refused.text == "Not done: Please fix the form (amount: at most two decimals)."
    assert buttons(refused.followups[-1]) == {"Fill in again": f"mba:statement:{case_id}:-"}
    assert refused.followups[-1]["_body"]["allowed_mentions"] == {"parse": []}
    [kept] = refused.followups[-1]["attachments"]
    assert kept["filename"] == "your-answers.json"
    assert await chat.journal(case_id) == before

    again = await chat.click(ana, "Fill in again", refused.followups[-1])
    assert again.modal["custom_id"] == form.modal["custom_id"]
    assert prefilled(again) == {"what_happened": typed["what_happened"],
                                "wants": typed["wants"], "amount": "12.345",
                                "currency": "EUR", "position": None}
    done = await chat.fill(ana, again, typed | {"amount": "1500"}, thread)
    assert done.text.startswith("Not done") is False, done.text
    submitted = (await chat.journal(case_id))[len(before):]
    assert [e.kind for e in submitted] == [kinds.STATEMENT_SUBMITTED]


async def test_a_refused_open_form_keeps_both_steps(fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    form = await chat.slash(ana, "open", counterpart=ben, **OPEN_OPTIONS)
    typed = OPEN_FORM | {"summary": "   "}  # Discord takes blanks for a required input
    refused = await chat.fill(ana, form, typed)
    assert refused.text == "Not done: Please fix the form (summary: required)."
    assert fake.threads == {}
    custom_id = buttons(refused.followups[-1])["Fill in again"]
    assert custom_id == "mba:" + form.modal["custom_id"].removeprefix("mbf:")

    again = await chat.click(ana, "Fill in again", refused.followups[-1])
    assert again.modal["custom_id"] == form.modal["custom_id"]  # step one kept
    assert prefilled(again) == {"title": typed["title"], "campaign": typed["campaign"],
                                "items": None, "summary": None,
                                "desired_outcome": typed["desired_outcome"]}
    opened = await chat.fill(ana, again, OPEN_FORM)
    assert opened.text.startswith("Done: case MB-")
    [case] = await chat.app.store.cases(user_id=f"discord:{ana.id}")
    entries = await chat.journal(case.id)
    assert entries[0].payload["details"]["amount"] == "1500.00"


async def test_a_form_refused_as_a_whole_also_keeps_what_was_typed(
        fake: FakeDiscord, chat: Chat) -> None:
    ana = fake.person("Ana")
    form = await chat.slash(ana, "open", counterpart=ana, **OPEN_OPTIONS)  # against herself
    refused = await chat.fill(ana, form, OPEN_FORM)
    assert refused.text.startswith("Not done: ")
    again = await chat.click(ana, "Fill in again", refused.followups[-1])
    assert prefilled(again)["summary"] == OPEN_FORM["summary"]


async def test_a_forged_fill_in_again_button_is_refused(fake: FakeDiscord, chat: Chat) -> None:
    ana = fake.person("Ana")
    forged = p.message(p.snowflake(), fake.channel["id"], fake.guild_id,
                       fake.bot.user | {"bot": True}, "Not done", components=[
                           {"type": 1, "components": [
                               {"type": 2, "style": 1, "label": "Fill in again",
                                "custom_id": "mba:open:../../etc"}]}])
    answer = await chat.click(ana, "Fill in again", forged)
    assert answer.text.startswith("Not done: This button is from an older version")
