"""`/campaign mapping` on Discord, end to end over the real discord.py client and the fake
Discord: a party says once how the campaign's other CSV exports are read, in its thread; a
mapping the core refuses is answered privately and nothing is recorded."""

from __future__ import annotations

import pytest

from adapters.wiring import App
from bot.campaign.record import kinds
from tests.adapters.discord.campaign_chat import agreed, thread_text
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def test_a_party_sets_the_column_mapping_in_the_campaign_s_thread(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await agreed(fake, chat, ana, ben)
    before = await chat.journal(campaign.id)

    refused = await chat.campaign(ana, "mapping", campaign.thread, post="Link",
                                  metrics="Plays = plays")
    assert refused.ephemeral
    assert refused.text.startswith("Not done:"), refused.text
    assert "“plays” is not a metric this bot knows" in refused.text
    assert await chat.journal(campaign.id) == before
    assert "set how this campaign's other CSV exports are read" not in thread_text(
        chat, campaign.thread)

    done = await chat.campaign(ana, "mapping", campaign.thread, post="Link",
                               metrics="Plays = views; Hearts = likes", scope="organic",
                               decimal_comma="yes")
    assert done.ephemeral
    shown = thread_text(chat, campaign.thread)
    assert ("set how this campaign's other CSV exports are read — post column: Link; day "
            "column: none: lifetime figures (ymd); metrics: Plays = views; Hearts = likes; "
            "decimal comma: yes; paid boosts: organic.") in shown
    entry = (await chat.journal(campaign.id))[-1]
    assert entry.kind == kinds.COLUMN_MAPPING_SET
    assert entry.source == f"discord:ix:{done.id}"
    assert entry.payload["fields"]["metrics"] == "Plays = views\nHearts = likes"

    # From #disputes, naming the campaign; a later mapping replaces it.
    again = await chat.campaign(ben, "mapping", metrics="Views = views", day="Date",
                                day_order="dmy", campaign=campaign.id)
    assert again.ephemeral
    assert "post column: none: the figures are the account's; day column: Date (dmy)" in (
        thread_text(chat, campaign.thread))
    assert (await chat.journal(campaign.id))[-1].kind == kinds.COLUMN_MAPPING_SET
