"""The client logs in to the fake, identifies with the intents it needs, and answers help."""

from __future__ import annotations

from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord

GUILDS, GUILD_MESSAGES, MESSAGE_CONTENT = 1 << 0, 1 << 9, 1 << 15


async def test_identify_carries_exactly_the_intents_the_bot_needs(
        fake: FakeDiscord, bot: RunningBot) -> None:
    assert len(fake.identify) == 1
    assert fake.identify[0]["intents"] == GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT
    assert fake.identify[0]["token"] == "fake-bot-token"


async def test_help_is_answered_ephemerally(fake: FakeDiscord, scene: Scene,
                                            bot: RunningBot) -> None:
    ana = fake.person("Ana")
    interaction = await scene.slash(ana, "help")
    await bot.handled(f"interaction:{interaction}")
    [callback] = fake.callbacks[interaction]
    assert callback["type"] == 5 and callback["data"]["flags"] == 64
    # The help is longer than one message (2,000 characters) now: it comes in pieces.
    answers = fake.followups[interaction]
    assert "/mediate <subcommand>" in answers[0]["content"]
    assert all(len(a["content"]) <= 2000 for a in answers)
    for answer in answers:
        assert answer["_body"]["allowed_mentions"] == {"parse": []}
        assert answer["_body"]["flags"] & 64
