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
from bot.forms import OPEN
from bot.requests import REASON_LIMIT
from tests.adapters.discord.chat import OPEN_FORM, OPEN_OPTIONS, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.limits import modal_problems
from tests.adapters.discord.fake.scene import Scene
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
