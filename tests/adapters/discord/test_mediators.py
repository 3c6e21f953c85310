"""Mediators on Discord: a role, a queue pinged by role, and a private caucus thread with one
side, journaled with that side's visibility."""

from __future__ import annotations

import pytest

from adapters.wiring import App
from bot.domain import kinds
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def test_a_mediator_takes_the_case_and_holds_a_private_caucus(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben, cleo = fake.person("Ana"), fake.person("Ben"), fake.person("Cleo")
    mo = fake.person("Mo", mediator=True)
    case_id, thread = await chat.open_case(ana, ben)
    await chat.click(ben, "Join the mediation", chat.with_buttons(thread))

    await chat.click(ana, "Ask for a mediator", chat.with_buttons(thread))
    role = int(fake.mediator_role["id"])
    [queue] = [m for m in chat.posts(thread) if m["content"].startswith(f"<@&{role}>")]
    assert queue["_body"]["allowed_mentions"] == {"parse": [], "roles": [role]}

    not_a_mediator = await chat.slash(cleo, "take", thread)
    assert not_a_mediator.text.startswith("Not done: You are not a party")
    taken = await chat.click(mo, "Take the case (mediators)", chat.with_buttons(thread))
    assert taken.ephemeral
    assert mo.id in fake.thread_members[thread]

    caucus = await chat.slash(mo, "caucus", thread, party=ben)
    assert caucus.ephemeral, caucus
    [room] = [t for t, data in fake.threads.items() if "caucus" in data["name"]]
    assert fake.threads[room]["type"] == 12
    assert fake.thread_members[room] >= {ben.id, mo.id}
    assert ana.id not in fake.thread_members[room]
    assert "private caucus" in chat.posts(room)[-1]["content"]

    private = await chat.say(ben, room, "Between us: I could live with 1,300.")
    entry = (await chat.journal(case_id))[-1]
    assert (entry.kind, entry.payload["room"], entry.visibility, entry.payload["ref"]) == (
        kinds.MESSAGE_POSTED, "caucus:creator", "side:creator", private["id"])

    # The other side cannot write there (were Discord to let a message through): the
    # refusal is said in the thread, pinging nobody, and nothing is journaled.
    length = len(await chat.journal(case_id))
    await chat.say(ana, room, "@everyone what are you two discussing?")
    refusal = chat.posts(room)[-1]
    assert refusal["content"] == (
        "Not recorded: This caucus is private to one side and the mediator.")
    assert refusal["_body"]["allowed_mentions"] == {"parse": []}
    assert len(await chat.journal(case_id)) == length

    ana_sees = await chat.slash(ana, "history", thread)
    mo_sees = await chat.slash(mo, "history", thread)
    assert "1,300" not in ana_sees.text
    assert "1,300" in mo_sees.text
