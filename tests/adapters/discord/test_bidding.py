"""Blind bidding on Discord through the real discord.py client and the fake Discord: `/bidding`
moves, each bid answered to its bidder alone (ephemeral), the thread told no amount until the
bids meet."""

from __future__ import annotations

import pytest

from adapters.wiring import App
from bot.domain import kinds
from tests.adapters.discord.chat import OPEN_FORM, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord, Person

BIDS = ("1480.50", "905.75", "1210.25", "1160.40")


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def test_sealed_bids_meet_in_round_two(fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    form = await chat.slash(ana, "open", counterpart=ben, side="brand", category="non_payment",
                            title="Fee withheld", amount="1500", currency="EUR")
    await chat.fill(ana, form, OPEN_FORM)
    [thread] = fake.threads
    case_id = fake.threads[thread]["name"].split()[0]
    await chat.slash(ben, "join", thread)
    for person, values in ((ana, {"what_happened": "Posted on time", "wants": "The fee"}),
                           (ben, {"what_happened": "Posted late", "wants": "Half",
                                  "position": "dispute"})):
        await chat.fill(person, await chat.slash(person, "statement", thread), values, thread)

    async def bidding(person: Person, sub: str, **options: object) -> str:
        interaction_id = await chat.scene.slash(person, sub, thread, command="bidding",
                                                **options)
        await chat.bot.handled(f"interaction:{interaction_id}")
        answer = chat.answer(interaction_id)
        assert answer.ephemeral
        return answer.text

    await bidding(ana, "propose", tolerance="5%")
    assert "proposes double-blind bidding" in chat.posts(thread)[-1]["content"]
    await bidding(ben, "accept")
    answers = []
    for person, amount in zip((ana, ben, ana, ben), BIDS, strict=True):
        answers.append(await bidding(person, "bid", amount=amount))
    for amount, answer in zip(BIDS, answers, strict=True):
        assert f"{amount} EUR" in answer and "Nobody else sees it" in answer
    posted = " ".join(m["content"] for m in chat.posts(thread))
    assert "the case settles at 1185.33 EUR" in posted
    assert not any(amount in posted for amount in BIDS)
    journal = await chat.journal(case_id)
    sealed = [e for e in journal if e.kind == kinds.BID_SEALED]
    assert [e.payload["amount"] for e in sealed] == list(BIDS)
    assert {e.visibility for e in sealed} == {"sealed:brand", "sealed:creator"}
