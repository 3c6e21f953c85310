"""A campaign on the fake Discord: the example agreement with the fake's members as its
parties, a clock the test moves, and a proposal made and accepted by both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from adapters.discord.handlers import Handler
from bot.campaign.record import kinds
from tests.adapters.discord.chat import Answer, Chat
from tests.adapters.discord.fake.server import FakeDiscord, Person

Json = dict[str, Any]
EXAMPLE = Path(__file__).parents[3] / "examples" / "console" / "files" / "campaign.yaml"


class Clock:
    """The service's (and so the courier's) clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def example() -> bytes:
    """The console's example agreement as it is: parties named `@Ana` and `@Ben`."""
    return EXAMPLE.read_bytes()


def agreement(brand: Person, creator: Person) -> bytes:
    """The console's example agreement, its `@name` parties given as Discord users."""
    text = EXAMPLE.read_text()
    text = text.replace('"@Ana"', f'"discord:{brand.id}"').replace(
        '"@Ben"', f'"discord:{creator.id}"')
    return text.encode()


@dataclass
class Campaign:
    id: str
    thread: str
    hash: str
    proposed: Answer


async def propose(fake: FakeDiscord, chat: Chat, brand: Person, creator: Person,
                  content: bytes | None = None) -> Campaign:
    """`brand` proposes the campaign in #disputes with the agreement attached."""
    before = set(fake.threads)
    file = fake.cdn_file("campaign.yaml", content or agreement(brand, creator))
    proposed = await chat.campaign(brand, "propose", agreement=file)
    [thread] = [t for t in fake.threads if t not in before]
    campaign_id = fake.threads[thread]["name"].split()[0]
    [entry] = await chat.journal(campaign_id)
    assert entry.kind == kinds.AGREEMENT_PROPOSED
    return Campaign(campaign_id, thread, entry.payload["hash"], proposed)


async def agreed(fake: FakeDiscord, chat: Chat, brand: Person, creator: Person) -> Campaign:
    """A campaign proposed and accepted by both, in its thread."""
    campaign = await propose(fake, chat, brand, creator)
    for person in (brand, creator):
        await chat.campaign(person, "accept", campaign.thread, hash=campaign.hash[:12])
    return campaign


def handler_of(chat: Chat) -> Handler:
    handler: Handler = chat.bot.client.handler  # type: ignore[union-attr]
    return handler


async def time_passes(chat: Chat, clock: Clock, **delta: float) -> None:
    """The clock moves on; the deadlines due fire and their notices go out."""
    clock.advance(**delta)
    await chat.app.service.fire_due()
    courier = handler_of(chat).courier
    assert courier is not None
    await courier.deliver_due()


def thread_text(chat: Chat, thread: str) -> str:
    return "\n".join(m["content"] for m in chat.posts(thread))
