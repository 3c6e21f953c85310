"""The gateway has no acknowledgements: what was said in a case thread while no session
listened is read back from Discord when a new session starts (at start-up, and after a
reconnect that could not resume), journaled once, in order, marked as recovered."""

from __future__ import annotations

import hashlib
from typing import Any

from adapters.settings import Settings
from adapters.wiring import App, build
from bot.domain import kinds
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


def said(journal: list[Any]) -> list[tuple[str, bool]]:
    return [(e.payload["text"], bool(e.payload.get("recovered"))) for e in journal
            if e.kind == kinds.MESSAGE_POSTED]


async def test_messages_posted_while_the_bot_was_down_are_recovered_on_start(
        fake: FakeDiscord, scene: Scene, app: App, settings: Settings, start_bot: Any) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    first = await start_bot()
    case_id, thread = await Chat(fake, scene, first, app).open_case(ana, ben)
    live = await scene.say(ana, thread, "said while the bot listened")
    await first.handled(f"message:{live['id']}")
    await first.stop()

    missed = [scene.said_unseen(ben, thread, "missed 1"),
              scene.said_unseen(ana, thread, "missed 2")]
    proof = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    with_file = scene.said_unseen(ana, thread, "missed 3, with a file",
                                  [fake.cdn_file("proof.png", proof)])
    scene.said_unseen(ana, fake.channel["id"], "not in a case thread")

    fresh = await build(settings)
    second = await start_bot(on=fresh)
    try:
        await second.handled("backfill")
        journal = await Chat(fake, scene, second, fresh).journal(case_id)
        assert said(journal) == [("said while the bot listened", False), ("missed 1", True),
                                 ("missed 2", True), ("missed 3, with a file", True)]
        posted = [e for e in journal if e.kind == kinds.MESSAGE_POSTED]
        assert [e.actor_id for e in posted[1:]] == [
            f"discord:{ben.id}", f"discord:{ana.id}", f"discord:{ana.id}"]
        [evidence] = [e for e in journal if e.kind == kinds.EVIDENCE_ADDED]
        assert evidence.payload["sha256"] == hashlib.sha256(proof).hexdigest()
        assert any("proof.png" in m["content"] for m in fake.sent[thread])

        # The gateway replays one of them after all: nothing new.
        await fake.dispatch("MESSAGE_CREATE", missed[0] | {"guild_id": fake.guild_id})
        await second.handled(f"message:{missed[0]['id']}")
        assert len(await fresh.store.entries(case_id)) == len(journal)
        assert with_file["id"] in {e.payload.get("ref") for e in posted}
    finally:
        await second.stop()
        await fresh.close()


async def test_a_new_gateway_session_recovers_what_the_old_one_missed(
        fake: FakeDiscord, scene: Scene, app: App, start_bot: Any) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    bot = await start_bot()
    chat = Chat(fake, scene, bot, app)
    case_id, thread = await chat.open_case(ana, ben)
    await bot.handled("backfill")
    lost = scene.said_unseen(ben, thread, "lost in a gateway outage")
    bot.keys.discard("backfill")

    await fake.invalidate_sessions()
    await bot.handled("backfill")
    assert said(await chat.journal(case_id))[-1] == ("lost in a gateway outage", True)
    assert len(fake.identify) == 2
    # The old session's events replayed after all (a resume): still once in the journal.
    await fake.dispatch("MESSAGE_CREATE", lost | {"guild_id": fake.guild_id})
    await bot.handled(f"message:{lost['id']}")
    refs = [e.payload["ref"] for e in await chat.journal(case_id)
            if e.kind == kinds.MESSAGE_POSTED]
    assert refs.count(lost["id"]) == 1
