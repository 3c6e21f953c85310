"""What adapters hand the service (Context) and what they get back (Outcome, Reply)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.campaign.record.state import CampaignState
from bot.domain.case import Case
from bot.domain.identity import Actor
from bot.domain.journal import JournalEntry

# Audiences of a reply: the person who acted (ephemeral), the case thread, one side's caucus,
# the mediators, or one user by id.
ACTOR = "actor"
THREAD = "thread"


def to_user(user_id: str) -> str:
    return f"user:{user_id}"


class People(Protocol):
    """The adapter's directory: turns `@name`, `<@U123>` or `<@!42>` into an Actor."""

    async def resolve(self, token: str) -> Actor | None: ...


@dataclass(frozen=True)
class Context:
    """Who acts, where. `case_id` is the case whose thread the command was typed in, if any."""

    actor: Actor
    community_id: str
    platform: str
    people: People | None = None
    case_id: str | None = None
    room: str = "thread"
    source: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    media_type: str


@dataclass(frozen=True)
class Reply:
    """Plain text (adapters escape it for their platform) for one audience."""

    audience: str
    text: str
    case_id: str | None = None
    attachment: Attachment | None = None
    # "briefing": a mediator's briefing, shown as one screen where the platform has one
    # (a Slack modal, a Discord embed) instead of a message; kept with an outbox message.
    kind: str = "notice"


@dataclass(frozen=True)
class Outcome:
    case_id: str | None = None
    entries: tuple[JournalEntry, ...] = ()
    replies: tuple[Reply, ...] = ()
    case: Case | None = None
    duplicate: bool = False  # a retried or replayed event: already journaled, nothing new
    campaign: CampaignState | None = None  # when the command was on a campaign's record

    def to(self, audience: str) -> list[str]:
        return [r.text for r in self.replies if r.audience == audience]
