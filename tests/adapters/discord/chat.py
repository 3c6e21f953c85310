"""A mediation in the fake Discord, step by step, reading like the conversation it is.

Every step waits until the bot has handled the event, then returns what Discord received:
the interaction's callbacks and follow-ups, or the messages posted in a thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from adapters.wiring import App
from bot.domain.journal import JournalEntry
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene, buttons
from tests.adapters.discord.fake.server import FakeDiscord, Person

Json = dict[str, Any]

OPEN_OPTIONS = {"side": "brand", "category": "late_or_missing_deliverable",
                "title": "Late launch video", "amount": "1500", "currency": "EUR"}
OPEN_FORM = {"title": "Late launch video", "campaign": "Spring drop",
             "summary": "The launch video came 12 days late; @everyone knows it.",
             "desired_outcome": "A 20% discount on the fee"}


@dataclass
class Answer:
    """What Discord got for one interaction."""

    id: str
    callbacks: list[Json]
    followups: list[Json] = field(default_factory=list)

    @property
    def modal(self) -> Json:
        assert self.callbacks[0]["type"] == 9, self.callbacks
        data: Json = self.callbacks[0]["data"]
        return data

    @property
    def text(self) -> str:
        return "\n".join(f["content"] for f in self.followups)

    @property
    def ephemeral(self) -> bool:
        first = self.callbacks[0]
        deferred = first["type"] == 5 and first["data"]["flags"] & 64
        return bool(deferred) and all(f["_body"]["flags"] & 64 for f in self.followups)


class Chat:
    def __init__(self, fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> None:
        self.fake = fake
        self.scene = scene
        self.bot = bot
        self.app = app

    def answer(self, interaction_id: str) -> Answer:
        return Answer(interaction_id, self.fake.callbacks.get(interaction_id, []),
                      self.fake.followups.get(interaction_id, []))

    async def slash(self, person: Person, sub: str, channel: str | None = None,
                    **options: Any) -> Answer:
        interaction_id = await self.scene.slash(person, sub, channel, **options)
        await self.bot.handled(f"interaction:{interaction_id}")
        return self.answer(interaction_id)

    async def campaign(self, person: Person, sub: str, channel: str | None = None,
                       **options: Any) -> Answer:
        """`/campaign <sub> option:value ...`."""
        interaction_id = await self.scene.slash(person, sub, channel, command="campaign",
                                                **options)
        await self.bot.handled(f"interaction:{interaction_id}")
        return self.answer(interaction_id)

    async def fill(self, person: Person, form: Answer, values: dict[str, str],
                   channel: str | None = None) -> Answer:
        """Submit the modal `form` opened, with these values."""
        interaction_id = await self.scene.submit(person, form.modal["custom_id"], values,
                                                 channel)
        await self.bot.handled(f"interaction:{interaction_id}")
        return self.answer(interaction_id)

    async def click(self, person: Person, label: str, message: Json) -> Answer:
        custom_id = buttons(message)[label]
        interaction_id = await self.scene.click(person, message, custom_id)
        await self.bot.handled(f"interaction:{interaction_id}")
        return self.answer(interaction_id)

    async def say(self, person: Person, thread: str, text: str,
                  files: list[Json] | None = None, message_id: str | None = None) -> Json:
        message = await self.scene.say(person, thread, text, files, message_id=message_id)
        await self.bot.handled(f"message:{message['id']}")
        return message

    def posts(self, thread: str) -> list[Json]:
        return self.fake.sent.get(thread, [])

    def with_buttons(self, thread: str) -> Json:
        """The latest message in the thread that carries buttons."""
        return next(m for m in reversed(self.posts(thread)) if buttons(m))

    async def journal(self, case_id: str) -> list[JournalEntry]:
        return await self.app.store.entries(case_id)

    async def open_case(self, ana: Person, ben: Person) -> tuple[str, str]:
        """Ana opens a case against Ben in #disputes: (case id, thread id)."""
        before = set(self.fake.threads)
        form = await self.slash(ana, "open", counterpart=ben, **OPEN_OPTIONS)
        opened = await self.fill(ana, form, OPEN_FORM)
        assert opened.ephemeral, opened
        [thread_id] = [t for t in self.fake.threads if t not in before]
        case_id = self.fake.threads[thread_id]["name"].split()[0]
        return case_id, thread_id

