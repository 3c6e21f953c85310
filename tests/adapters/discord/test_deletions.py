"""Deletions in a case thread: one message, or many at once (a moderator's purge, a ban that
cleans up a member's messages). Each journaled message is recorded as deleted, content kept,
in the order it was posted, once."""

from __future__ import annotations

import pytest

from adapters.wiring import App
from bot.domain import kinds
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def deleted_refs(chat: Chat, case_id: str) -> list[str]:
    return [e.payload["ref"] for e in await chat.journal(case_id)
            if e.kind == kinds.MESSAGE_DELETED]


async def test_a_purge_journals_each_message_of_the_case_as_deleted_in_order_once(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    said = [await chat.say(ana, thread, "You owe me 1500"),
            await chat.say(ben, thread, "I owe you nothing"),
            await chat.say(ana, thread, "See the contract"),
            await chat.say(ben, thread, "Fine.")]
    bot_post = chat.posts(thread)[-1]["id"]  # the bot's own message: never journaled
    purged = [said[3]["id"], bot_post, said[0]["id"], said[1]["id"], p.snowflake()]
    await chat.scene.purge(thread, purged)
    first = min(int(i) for i in purged)
    await chat.bot.handled(f"bulk-delete:{thread}:{first}")
    assert await deleted_refs(chat, case_id) == [said[0]["id"], said[1]["id"], said[3]["id"]]
    entries = await chat.journal(case_id)
    texts = {e.payload["ref"]: e.payload["text"] for e in entries
             if e.kind == kinds.MESSAGE_POSTED}
    assert texts[said[0]["id"]] == "You owe me 1500"  # content kept

    # The same purge replayed (a resumed session), then one of them deleted again alone:
    # nothing new. A later deletion in the thread waits for both (the channel's turn).
    await chat.scene.purge(thread, purged)
    await chat.scene.delete(said[0])
    await chat.scene.delete(said[2])
    await chat.bot.handled(f"delete:{said[2]['id']}")
    assert await deleted_refs(chat, case_id) == [said[0]["id"], said[1]["id"], said[3]["id"],
                                                 said[2]["id"]]


async def test_a_purge_outside_case_threads_journals_nothing(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, _ = await chat.open_case(ana, ben)
    before = await chat.journal(case_id)
    ids = [p.snowflake(), p.snowflake()]
    await chat.scene.purge(fake.channel["id"], ids)
    await chat.bot.handled(f"bulk-delete:{fake.channel['id']}:{ids[0]}")
    assert await chat.journal(case_id) == before
