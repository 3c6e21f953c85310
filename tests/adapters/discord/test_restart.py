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
