"""Notifications that do not answer anyone's click (another process, a deadline) come from
the outbox: the courier posts them in the case thread, pinging exactly their addressee."""

from __future__ import annotations

from typing import Any

from adapters.wiring import App
from bot.domain.commands import RequestMediator
from bot.domain.identity import Actor
from bot.outcome import Context
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


async def test_the_courier_delivers_what_others_put_in_the_outbox(
        fake: FakeDiscord, scene: Scene, app: App, start_bot: Any) -> None:
    bot = await start_bot(outbox_interval=0.05)
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await Chat(fake, scene, bot, app).open_case(ana, ben)

    # Another worker (no Discord interaction here) records a request for a mediator.
    ctx = Context(Actor(f"discord:{ana.id}", "Ana"), f"discord:{fake.guild_id}", "discord")
    await app.service.act(ctx, case_id, RequestMediator("stuck"))

    role = fake.mediator_role["id"]
    [notice] = await fake.wait_for(lambda: [
        m for m in fake.sent.get(thread, []) if m["content"].startswith(f"<@&{role}>")])
    assert f"Case {case_id}" in notice["content"]
    assert notice["_body"]["allowed_mentions"] == {"parse": [], "roles": [int(role)]}
    # A further round (it waits for the courier's round to finish) finds nothing left.
    assert await bot.client.handler.delivery.deliver_outbox() == 0
    assert not await app.store.pending_outbox("discord")
    assert len([m for m in fake.sent[thread] if m["content"].startswith(f"<@&{role}>")]) == 1
