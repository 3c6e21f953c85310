"""Any text written in a Discord case thread is journaled as typed and shown back as typed,
once, with no pings (see tests/adapters/typed.py). The fixtures run once per test, so all the
examples write into one case."""

from __future__ import annotations

import pytest
from hypothesis import given

from adapters.wiring import App
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord

from ..typed import ROUND_TRIPS, Frames, framed_in, journaled, typed


@pytest.fixture
async def case(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> tuple[Chat, str, str]:
    """Ana's case against Ben, joined: (chat, case id, thread id)."""
    chat = Chat(fake, scene, bot, app)
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    await chat.click(ben, "Join the mediation", chat.with_buttons(thread))
    return chat, case_id, thread


@pytest.fixture
def frames() -> Frames:
    return Frames()


@ROUND_TRIPS
@given(text=typed())
async def test_any_text_in_a_message_is_journaled_as_typed_and_shown_once_without_pings(
    fake: FakeDiscord, case: tuple[Chat, str, str], frames: Frames, text: str
) -> None:
    chat, case_id, thread = case
    ana = next(p for p in fake.people.values() if p.name == "Ana")
    framed, start, end = frames(text)
    await chat.say(ana, thread, framed)
    said = (await chat.journal(case_id))[-1]
    assert said.kind == "message_posted" and said.payload["text"] == journaled(framed)

    history = await chat.slash(ana, "history", thread)
    [shown] = [f for f in history.followups if start in f["content"]]
    assert framed_in(shown["content"], start, end) == framed_in(journaled(framed), start, end)
    assert shown["_body"]["allowed_mentions"] == {"parse": []}
