"""Buttons survive a restart: a new client on the same database (and nothing in memory from
the old one) still handles a click on a message the old client posted."""

from __future__ import annotations

from typing import Any

from adapters.settings import Settings
from adapters.wiring import App, build
from bot.domain import kinds
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


async def test_a_button_on_an_old_case_message_works_after_a_restart(
        fake: FakeDiscord, scene: Scene, app: App, settings: Settings, start_bot: Any) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    first = await start_bot()
    case_id, thread = await Chat(fake, scene, first, app).open_case(ana, ben)
    card = Chat(fake, scene, first, app).with_buttons(thread)
    await first.stop()

    fresh_app = await build(settings)  # a new process: new caches, same database
    second = await start_bot(on=fresh_app)
    try:
        chat = Chat(fake, scene, second, fresh_app)
        joined = await chat.click(ben, "Join the mediation", card)
        assert joined.ephemeral and joined.text.startswith("Done")
        assert (await chat.journal(case_id))[-1].kind == kinds.CASE_JOINED
        assert "Ben agreed to mediate" in chat.posts(thread)[-1]["content"]
        assert len(fake.identify) == 2
    finally:
        await second.stop()
        await fresh_app.close()


async def test_a_burst_into_a_thread_not_looked_up_yet_keeps_its_order(
        fake: FakeDiscord, scene: Scene, app: App, settings: Settings, start_bot: Any) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    first = await start_bot()
    case_id, thread = await Chat(fake, scene, first, app).open_case(ana, ben)
    await first.stop()

    fresh_app = await build(settings)  # nothing in memory knows the thread yet
    second = await start_bot(on=fresh_app)
    try:
        chat = Chat(fake, scene, second, fresh_app)
        before = len(await chat.journal(case_id))
        shot = fake.cdn_file("proof.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
        # Back to back, without waiting: the first ones wait for the thread's lookup, one
        # carries a file, and an edit follows a message at once.
        sent = []
        for n in range(12):
            files = [shot] if n == 5 else None
            sent.append(await scene.say(ana if n % 2 else ben, thread, f"line {n}", files))
        edited = await scene.edit(sent[7], "line 7, corrected",
                                  edited_at="2026-11-21T10:00:00+00:00")
        for message in sent:
            await second.handled(f"message:{message['id']}")
        await second.handled(f"edit:{edited['id']}")

        journal = (await chat.journal(case_id))[before:]
        said = [(e.kind, e.payload.get("text") or e.payload.get("filename")) for e in journal]
        expected: list[tuple[str, str]] = []
        for n in range(12):
            expected.append((kinds.MESSAGE_POSTED, f"line {n}"))
            if n == 5:  # the file is stored before anything that came after it
                expected.append((kinds.EVIDENCE_ADDED, "proof.png"))
        expected.append((kinds.MESSAGE_EDITED, "line 7, corrected"))
        assert said == expected
    finally:
        await second.stop()
        await fresh_app.close()
