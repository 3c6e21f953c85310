"""Sealed bids through the bid modal on Discord, with the real discord.py client and the fake
Discord: opened by `/bidding bid` without an amount or by the "Seal my bid" button on the
thread's bidding announcements; the amount is told to its bidder alone (ephemeral)."""

from __future__ import annotations

import json
import re

import pytest

from adapters.wiring import App
from bot.domain import kinds
from tests.adapters.discord.chat import Answer, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene, buttons
from tests.adapters.discord.fake.server import FakeDiscord, Person


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def bidding(chat: Chat, person: Person, sub: str, thread: str, **options: object
                  ) -> Answer:
    """`/bidding <sub> option:value ...` typed by `person` in the case thread."""
    interaction_id = await chat.scene.slash(person, sub, thread, command="bidding", **options)
    await chat.bot.handled(f"interaction:{interaction_id}")
    return chat.answer(interaction_id)


async def bidding_open(fake: FakeDiscord, chat: Chat) -> tuple[Person, Person, str, str]:
    """Ana's case against Ben, statements in, blind bidding proposed and accepted: round 1."""
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    await chat.slash(ben, "join", thread)
    for person, values in ((ana, {"what_happened": "Posted on time", "wants": "The fee"}),
                           (ben, {"what_happened": "Posted late", "wants": "Half",
                                  "position": "dispute"})):
        await chat.fill(person, await chat.slash(person, "statement", thread), values, thread)
    await bidding(chat, ana, "propose", thread, tolerance="5%")
    await bidding(chat, ben, "accept", thread)
    return ana, ben, case_id, thread


def seen_by_others(fake: FakeDiscord, bidder_answers: set[str]) -> str:
    """Every message posted anywhere, and every answer to an interaction not the bidder's."""
    sent = [m for messages in fake.sent.values() for m in messages]
    sent += [f for key, followups in fake.followups.items() if key not in bidder_answers
             for f in followups]
    return json.dumps(sent, ensure_ascii=False, default=str)


async def sealed(chat: Chat, case_id: str) -> list[tuple[str, int, str]]:
    return [(e.payload["side"], e.payload["round"], e.payload["amount"])
            for e in await chat.journal(case_id) if e.kind == kinds.BID_SEALED]


async def test_a_bid_sealed_in_the_modal_is_told_to_its_bidder_alone(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben, case_id, thread = await bidding_open(fake, chat)
    announced = chat.with_buttons(thread)
    assert announced["content"].startswith("Blind bidding is open")
    assert buttons(announced)["Seal my bid"] == f"mb:bid:{case_id}"
    form = await chat.click(ana, "Seal my bid", announced)
    assert form.modal["custom_id"] == f"mbf:bid:{case_id}:-"
    done = await chat.fill(ana, form, {"amount": "4,873.19"}, thread)
    assert done.ephemeral
    assert "Your demand for round 1 is sealed: 4873.19 EUR" in done.text
    assert chat.posts(thread)[-1]["content"] == "A sealed bid for round 1 is in."
    # Without an amount, `/bidding bid` opens the same modal (for the thread's case).
    ben_form = await bidding(chat, ben, "bid", thread)
    assert ben_form.modal["custom_id"] == "mbf:bid:-:-"
    ben_done = await chat.fill(ben, ben_form, {"amount": "906.37"}, thread)
    assert ben_done.ephemeral and "Your offer for round 1 is sealed: 906.37 EUR" in ben_done.text
    assert await sealed(chat, case_id) == [("brand", 1, "4873.19"), ("creator", 1, "906.37")]
    # Round 2 is announced with the button again; neither bid reaches anyone else.
    again = chat.with_buttons(thread)
    assert "Round 2 until" in again["content"] and "Seal my bid" in buttons(again)
    # Not as digits inside a longer number: the messages' snowflake ids may hold "4873".
    assert not re.search(r"(?<![0-9])4,?873(?![0-9])", seen_by_others(fake, {form.id, done.id}))
    assert "906.37" not in seen_by_others(fake, {ben_form.id, ben_done.id})


async def test_a_malformed_amount_is_refused_by_field_and_records_nothing(
        fake: FakeDiscord, chat: Chat) -> None:
    _, ben, case_id, thread = await bidding_open(fake, chat)
    form = await bidding(chat, ben, "bid", thread)
    for typed, problem in (("lots", "not a number"), ("12.345", "at most two decimals")):
        refused = await chat.fill(ben, form, {"amount": typed}, thread)
        assert refused.ephemeral
        assert refused.text == f"Not done: Please fix the form (amount: {problem})."
        assert buttons(refused.followups[-1]) == {"Fill in again": "mba:bid:-:-"}
    assert await sealed(chat, case_id) == []
    assert not any("A sealed bid" in m["content"] for m in chat.posts(thread))


async def test_a_replayed_submission_records_one_bid(
        fake: FakeDiscord, chat: Chat, scene: Scene) -> None:
    _, ben, case_id, thread = await bidding_open(fake, chat)
    form = await bidding(chat, ben, "bid", thread)
    done = await chat.fill(ben, form, {"amount": "906.37"}, thread)
    await scene.replay(done.id)
    await fake.wait_for(lambda: len(fake.callbacks.get(done.id, [])) == 2)
    await chat.bot.client.handler.in_flight.drain(5)  # type: ignore[union-attr]
    chat.bot.raise_failures()
    assert await sealed(chat, case_id) == [("creator", 1, "906.37")]
    assert len(fake.followups[done.id]) == 1  # answered once
    posted = [m["content"] for m in chat.posts(thread)]
    assert posted.count("A sealed bid for round 1 is in.") == 1
