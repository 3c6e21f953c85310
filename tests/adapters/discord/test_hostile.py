"""Hostile gateway payloads: wrong types, missing fields, lone surrogates, ids that are not
snowflakes, deep nesting, huge content, and interactions with hostile option values.

Whatever arrives: no traceback (discord.py's error hooks and the log are watched), the
bot stays connected, a malformed event journals nothing, and the journal holds only valid
UTF-8 (text that is cleaned, such as a lone surrogate, is journaled as U+FFFD)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest

from adapters.wiring import App
from bot.domain import kinds
from bot.domain.journal import JournalEntry
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord, Person

Json = dict[str, Any]
LONE = "\ud800"


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def tracebacks(log: pytest.LogCaptureFixture) -> list[str]:
    """Log records with a traceback, or at ERROR and above (discord.py's error hooks log
    there: 'Ignoring exception in ...')."""
    return [f"{r.name}: {r.getMessage()!r}" for r in log.records
            if r.exc_info or r.levelno >= logging.ERROR]


def valid_utf8(entries: list[JournalEntry]) -> None:
    for entry in entries:
        json.dumps([entry.payload, entry.actor_id, entry.actor_name, entry.source],
                   ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


Change = Callable[[Json], Json]
MESSAGES: dict[str, Change] = {
    "id not a snowflake": lambda m: m | {"id": "abc"},
    "id a lone surrogate": lambda m: m | {"id": LONE},
    "no author": lambda m: {k: v for k, v in m.items() if k != "author"},
    "no channel": lambda m: {k: v for k, v in m.items() if k != "channel_id"},
    "author a list": lambda m: m | {"author": ["Ana"]},
    "author id not a snowflake": lambda m: m | {"author": m["author"] | {"id": "-1"}},
    "content a number": lambda m: m | {"content": 12345},
    "content null": lambda m: m | {"content": None},
    "content nested": lambda m: m | {"content": nested(900)},
    "content an object": lambda m: m | {"content": {"$ne": None}},
    "content huge": lambda m: m | {"content": "x" * 500_000},
    "attachment id a surrogate": lambda m: m | {"attachments": [
        p.attachment(LONE, "a.png", 1, "https://cdn.discordapp.com/a.png")]},
    "attachment without url": lambda m: m | {"attachments": [
        {"id": p.snowflake(), "filename": "a.png", "size": 1, "proxy_url": "x"}]},
    "attachments an object": lambda m: m | {"attachments": {"0": "x"}},
}


@pytest.mark.parametrize("change", list(MESSAGES))
async def test_a_malformed_message_journals_nothing_and_the_bot_goes_on(
        fake: FakeDiscord, chat: Chat, log: pytest.LogCaptureFixture, change: str) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    before = await chat.journal(case_id)
    message = p.message(p.snowflake(), thread, fake.guild_id, ana.user, "hostile",
                        author_member=ana.member)
    await fake.dispatch("MESSAGE_CREATE", MESSAGES[change](message))
    after = await chat.say(ana, thread, "still here")  # handled after the hostile event
    added = (await chat.journal(case_id))[len(before):]
    assert [(e.kind, e.payload["ref"]) for e in added] == [
        (kinds.MESSAGE_POSTED, after["id"])], change
    assert tracebacks(log) == []


@pytest.mark.parametrize(("text", "journaled"), [
    (f"lone {LONE} surrogate", "lone \ufffd surrogate"),
    ("nul \x00 and bell \x07", "nul  and bell "),
])
async def test_text_is_cleaned_before_the_journal(
        fake: FakeDiscord, chat: Chat, log: pytest.LogCaptureFixture, text: str,
        journaled: str) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    await chat.say(ana, thread, text)
    entries = await chat.journal(case_id)
    assert entries[-1].payload["text"] == journaled
    valid_utf8(entries)
    assert tracebacks(log) == []


async def test_names_with_lone_surrogates_are_cleaned(
        fake: FakeDiscord, chat: Chat, log: pytest.LogCaptureFixture) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    odd = Person(ana.id, "x", ana.roles)
    user = odd.user | {"global_name": LONE, "username": f"{LONE}{LONE}"}
    message = p.message(p.snowflake(), thread, fake.guild_id, user, "hello",
                        author_member=p.member(user, []) | {"nick": LONE})
    await fake.dispatch("MESSAGE_CREATE", message)
    await chat.bot.handled(f"message:{message['id']}")
    entries = await chat.journal(case_id)
    assert entries[-1].payload["text"] == "hello"
    assert entries[-1].actor_name == "\ufffd"
    valid_utf8(entries)
    assert tracebacks(log) == []


async def test_a_file_with_an_odd_name_is_stored_under_a_clean_one(
        fake: FakeDiscord, chat: Chat, log: pytest.LogCaptureFixture) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    shot = fake.cdn_file("shot.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16) | {
        "filename": f"{LONE}shot\x00.png"}
    await chat.say(ana, thread, "", [shot])
    entries = await chat.journal(case_id)
    [added] = [e for e in entries if e.kind == kinds.EVIDENCE_ADDED]
    assert added.payload["filename"] == "\ufffdshot.png"
    valid_utf8(entries)
    assert tracebacks(log) == []


UPDATES: dict[str, Change] = {
    "id not a snowflake": lambda m: m | {"id": "abc"},
    "author a list": lambda m: m | {"author": [1]},
    "author id a surrogate": lambda m: m | {"author": m["author"] | {"id": LONE}},
    "content a number": lambda m: m | {"content": 5},
    "edited time a number": lambda m: m | {"edited_timestamp": 12},
    "edited time a surrogate": lambda m: m | {"edited_timestamp": LONE},
    "no channel": lambda m: {k: v for k, v in m.items() if k != "channel_id"},
}


@pytest.mark.parametrize("change", list(UPDATES))
async def test_a_malformed_edit_journals_nothing(
        fake: FakeDiscord, chat: Chat, log: pytest.LogCaptureFixture, change: str) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    message = await chat.say(ana, thread, "Draft")
    before = await chat.journal(case_id)
    edited = message | {"content": "Final", "edited_timestamp": p.now_iso()}
    await fake.dispatch("MESSAGE_UPDATE", UPDATES[change](edited))
    after = await chat.say(ana, thread, "still here")
    added = (await chat.journal(case_id))[len(before):]
    assert [(e.kind, e.payload["ref"]) for e in added] == [
        (kinds.MESSAGE_POSTED, after["id"])], change
    assert tracebacks(log) == []


@pytest.mark.parametrize(("event", "data"), [
    ("MESSAGE_DELETE", {"id": LONE}),
    ("MESSAGE_DELETE", {"id": "abc"}),
    ("MESSAGE_DELETE", {}),
    ("MESSAGE_DELETE_BULK", {"ids": ["abc", LONE]}),
    ("MESSAGE_DELETE_BULK", {"ids": {"x": 1}}),
    ("MESSAGE_DELETE_BULK", {"ids": None}),
    ("MESSAGE_DELETE_BULK", {"ids": [str(2**64 + 5)]}),
])
async def test_a_malformed_deletion_journals_nothing(
        fake: FakeDiscord, chat: Chat, log: pytest.LogCaptureFixture, event: str,
        data: Json) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    await chat.say(ana, thread, "keep me")
    before = await chat.journal(case_id)
    await fake.dispatch(event, {"channel_id": thread, "guild_id": fake.guild_id} | data)
    after = await chat.say(ana, thread, "still here")
    added = (await chat.journal(case_id))[len(before):]
    assert [(e.kind, e.payload["ref"]) for e in added] == [(kinds.MESSAGE_POSTED, after["id"])]
    assert tracebacks(log) == []


def slash_data(sub: str, options: list[Any], resolved: Json | None = None) -> Json:
    data: Json = {"id": "1", "name": "mediate", "type": 1,
                  "options": [{"type": 1, "name": sub, "options": options}]}
    if resolved is not None:
        data["resolved"] = resolved
    return data


def option(name: str, value: Any, kind: int = 3) -> Json:
    return {"name": name, "type": kind, "value": value}


INTERACTIONS: dict[str, tuple[int, Callable[[FakeDiscord, Person], Json]]] = {
    "case a lone surrogate": (2, lambda f, b: slash_data("join", [option("case", LONE)])),
    "case an object": (2, lambda f, b: slash_data("status", [option("case", {"a": 1})])),
    "reason a list": (2, lambda f, b: slash_data("decline", [option("reason", ["x"])])),
    "reason a lone surrogate": (2, lambda f, b: slash_data("decline", [option("reason", LONE)])),
    "number a string": (2, lambda f, b: slash_data("accept", [option("number", "1", 4)])),
    "number huge": (2, lambda f, b: slash_data("accept", [option("number", 10**30, 4)])),
    "options not a list": (2, lambda f, b: {"id": "1", "name": "mediate", "type": 1,
                                            "options": [{"type": 1, "name": "join",
                                                         "options": "x"}]}),
    "option without a name": (2, lambda f, b: slash_data("join", [{"value": "MB-AAAAAA"}])),
    "subcommand unknown": (2, lambda f, b: slash_data("explode", [])),
    "counterpart not a snowflake": (2, lambda f, b: slash_data(
        "open", [option("counterpart", "abc", 6), option("side", "brand"),
                 option("category", "other")],
        {"users": {"abc": {"id": "abc", "username": LONE}}})),
    "resolved users keyed oddly": (2, lambda f, b: slash_data(
        "open", [option("counterpart", b.id, 6), option("side", "brand"),
                 option("category", "other"), option("title", LONE * 200)],
        {"users": {b.id: b.user, LONE: {"username": LONE}}, "members": {"x": []}})),
    "evidence with a forged attachment": (2, lambda f, b: slash_data(
        "evidence", [option("file", LONE, 11)],
        {"attachments": {LONE: {"id": LONE, "url": "http://10.0.0.1/", "filename": LONE,
                                "size": "big"}}})),
    "evidence resolved a list": (2, lambda f, b: slash_data(
        "evidence", [option("file", "1", 11)], {"attachments": ["x"]})),
    "button id a lone surrogate": (3, lambda f, b: {"custom_id": LONE, "component_type": 2}),
    "button for no case": (3, lambda f, b: {"custom_id": "mb:join:MB-ZZZZZZ",
                                            "component_type": 2}),
    "modal id a lone surrogate": (5, lambda f, b: {"custom_id": "mbf:" + LONE,
                                                   "components": []}),
    "modal id too long": (5, lambda f, b: {"custom_id": "mbf:statement:" + "x" * 5000,
                                           "components": []}),
    "modal inputs malformed": (5, lambda f, b: {
        "custom_id": "mbf:statement:MB-ZZZZZZ:-",
        "components": [{"type": 18, "component": {"type": 4, "custom_id": "wants",
                                                  "value": {"x": 1}}},
                       {"type": 1, "components": "x"}, nested(900),
                       {"type": 18, "component": {"type": 4, "custom_id": LONE,
                                                  "value": LONE}}]}),
}


IGNORED = {"button id a lone surrogate"}
REFUSED = {
    "counterpart not a snowflake":
        "Not done: That is not a member of this server: pick one from the list.",
    "case a lone surrogate": "Not done: '\ufffd' is not a case id: they look like MB-7K2Q9X.",
    "options not a list": "Not done: That command is malformed.",
    "evidence with a forged attachment": "Not done: That attachment is malformed.",
    "modal id a lone surrogate":
        "Not done: That form is from an older version of the bot: start again.",
}


@pytest.mark.parametrize("hostile", list(INTERACTIONS))
async def test_a_hostile_interaction_changes_nothing(
        fake: FakeDiscord, scene: Scene, chat: Chat, log: pytest.LogCaptureFixture,
        hostile: str) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    before = await chat.journal(case_id)
    kind, make = INTERACTIONS[hostile]
    message = chat.with_buttons(thread) if kind == 3 else None
    if message is not None:
        message = message | {"components": [{"type": 1, "components": [
            {"type": 2, "style": 2, "label": "x", "custom_id": make(fake, ben)["custom_id"]}]}]}
    interaction_id = await scene._interact(kind, ana, thread, make(fake, ben), message)
    await chat.bot.handled(f"interaction:{interaction_id}")
    answer = chat.answer(interaction_id)
    if hostile in IGNORED:  # not the bot's: ignored, with one log line
        assert answer.callbacks == []
        assert [r.name for r in log.records if "unknown component" in r.getMessage()] == [
            "adapters.discord.listeners.interactions"]
    elif answer.callbacks[0]["type"] == 9:  # a modal: only ever with clean pre-fills
        json.dumps(answer.callbacks[0], ensure_ascii=False).encode("utf-8")
    else:
        assert answer.ephemeral and answer.text.startswith("Not done: "), answer.text
        assert hostile not in REFUSED or answer.text == REFUSED[hostile]
    assert await chat.journal(case_id) == before
    assert tracebacks(log) == []
