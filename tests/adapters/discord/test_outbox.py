"""Notifications that do not answer anyone's click (a deadline, another process) come from the
outbox: `adapters.outbox.Courier` claims them and the Discord adapter's `send` posts them in
the case's thread, pinging exactly their addressee. Discord's failures map to the courier's
contract: 5xx and lost connections are retried with backoff, a 429 waits its `retry_after`,
403/404 (and other 4xx) keep the message as failed at once.

Time is the service's clock, which the courier shares: a test moves it instead of sleeping
through deadlines and backoff.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.discord.handlers import Handler
from adapters.outbox import Courier
from adapters.wiring import App
from bot.domain import kinds
from bot.domain.commands import RequestMediator
from bot.domain.identity import Actor
from bot.exchange import Context
from bot.ports import OutboxMessage
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake import payloads as p
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import DROP, Call, FakeDiscord, Json, Person

NO_PINGS: Json = {"parse": []}
REMINDER = "Reminder: case"
QUEUE = "asks for a mediator"


class Clock:
    """The service's (and so the courier's) clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Case:
    """A case opened on the fake Discord by Ana against Ben, and how to reach its outbox."""

    fake: FakeDiscord
    app: App
    bot: RunningBot
    clock: Clock
    ana: Person
    ben: Person
    id: str
    thread: str

    @property
    def courier(self) -> Courier:
        return self.handler.courier  # type: ignore[return-value]

    @property
    def handler(self) -> Handler:
        handler: Handler = self.bot.client.handler  # type: ignore[union-attr]
        return handler

    def posts(self, text: str, channel: str | None = None) -> list[Json]:
        """Messages in the thread (or `channel`) that contain `text`."""
        return [m for m in self.fake.sent.get(channel or self.thread, [])
                if text in m["content"]]

    def calls(self, text: str, channel: str | None = None) -> list[Call]:
        """Every request that tried to post `text` there, answered or not."""
        path = f"/channels/{channel or self.thread}/messages"
        return [c for c in self.fake.calls if c.method == "POST" and c.path == path
                and text in (c.body or {}).get("content", "")]

    async def deliver(self) -> int:
        """One round of the courier (bounded: a send that hangs fails the test)."""
        return await asyncio.wait_for(self.courier.deliver_due(), 20)

    async def outbox(self, state: str, text: str) -> list[OutboxMessage]:
        return [m for m in await self.app.store.outbox(platform="discord", state=state)
                if text in m.text]

    async def remind(self) -> None:
        """Move to the reminder of Ben's answer (24 h before the 72 h are up) and fire it."""
        self.clock.advance(hours=48, seconds=1)
        assert await self.app.service.fire_due() >= 1
        assert [m.audience for m in await self.outbox("pending", REMINDER)] == [
            f"user:discord:{self.ben.id}"]


@pytest.fixture
def clock(app: App) -> Clock:
    moved = Clock()
    app.service.clock = moved
    return moved


@pytest.fixture
async def case(fake: FakeDiscord, scene: Scene, app: App, start_bot: Any,
               clock: Clock) -> Case:
    bot = await start_bot(sweep_seconds=3600)  # the test fires deadlines itself
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await Chat(fake, scene, bot, app).open_case(ana, ben)
    return Case(fake, app, bot, clock, ana, ben, case_id, thread)


def pings_only(message: Json, person: Person) -> None:
    assert message["content"].startswith(f"<@{person.id}> ")
    assert message["_body"]["allowed_mentions"] == {"parse": [], "users": [int(person.id)]}


# -- it gets there --------------------------------------------------------------------------------
async def test_the_invitation_and_a_deadline_reminder_reach_the_respondent(case: Case) -> None:
    [invitation] = case.posts(f"opened mediation case {case.id} with you")
    pings_only(invitation, case.ben)
    assert await case.outbox("delivered", "opened mediation case")

    await case.remind()
    assert await case.deliver() == 1

    [reminder] = case.posts(REMINDER)
    pings_only(reminder, case.ben)
    assert "join" in reminder["content"]
    assert [m.audience for m in await case.outbox("delivered", REMINDER)] == [
        f"user:discord:{case.ben.id}"]
    assert await case.deliver() == 0  # nothing is sent twice
    assert len(case.calls(REMINDER)) == 1


async def test_silence_escalates_to_the_mediators_role(case: Case) -> None:
    case.clock.advance(hours=72, seconds=1)
    await case.app.service.fire_due()
    journal = [e.kind for e in await case.app.store.entries(case.id)]
    assert kinds.MEDIATOR_REQUESTED in journal

    await case.deliver()

    role = int(case.fake.mediator_role["id"])
    [escalation] = case.posts(QUEUE)
    assert escalation["content"].startswith(f"<@&{role}> Case {case.id}")
    assert escalation["_body"]["allowed_mentions"] == {"parse": [], "roles": [role]}
    [queued] = case.posts("The case goes to the mediators' queue")
    assert queued["_body"]["allowed_mentions"] == NO_PINGS
    assert not await case.app.store.outbox(platform="discord", state="pending")


async def test_a_process_without_the_server_in_its_cache_still_pings_the_role(
        case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    # With shards split over processes, the courier may deliver for a server whose shard
    # runs elsewhere: the role is looked up over REST.
    monkeypatch.setattr(case.bot.client, "get_guild", lambda guild_id: None)
    case.clock.advance(hours=72, seconds=1)
    await case.app.service.fire_due()
    await case.deliver()

    role = int(case.fake.mediator_role["id"])
    [escalation] = case.posts(QUEUE)
    assert escalation["_body"]["allowed_mentions"] == {"parse": [], "roles": [role]}
    assert any(c.path == f"/guilds/{case.fake.guild_id}/roles" for c in case.fake.calls)


async def test_a_request_for_a_mediator_from_another_process_is_delivered_by_the_timers(
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
    # The timers' round marks it delivered once Discord answered: then nothing is left.
    async def settled() -> None:
        while await app.store.outbox(platform="discord", state="pending"):
            await asyncio.sleep(0.02)
    await asyncio.wait_for(settled(), 10)
    assert await asyncio.wait_for(bot.client.handler.courier.deliver_due(), 20) == 0
    assert len([m for m in fake.sent[thread] if m["content"].startswith(f"<@&{role}>")]) == 1


async def test_the_process_fires_deadlines_by_itself(
        fake: FakeDiscord, scene: Scene, app: App, start_bot: Any, clock: Clock) -> None:
    # `mediator discord` runs the deadline timers: nobody calls `fire_due` here.
    bot = await start_bot(sweep_seconds=0.1, outbox_interval=3600)
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await Chat(fake, scene, bot, app).open_case(ana, ben)

    clock.advance(hours=48, seconds=1)

    [reminder] = await fake.wait_for(lambda: [
        m for m in fake.sent.get(thread, []) if REMINDER in m["content"]])
    pings_only(reminder, ben)
    assert f"case {case_id}" in reminder["content"]


# -- retried --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "created"), [(503, False), (503, True), (DROP, True)],
                         ids=["503", "503-after-taking-it", "connection-lost-after-taking-it"])
async def test_a_server_error_is_retried_with_backoff_and_posted_once(
        case: Case, status: int, created: bool) -> None:
    await case.remind()
    case.fake.fail_posts(status, channel=case.thread, created=created)

    assert await case.deliver() == 0
    [waiting] = await case.outbox("pending", REMINDER)
    assert waiting.attempts == 1 and waiting.last_error
    if status == 503:
        assert waiting.last_error.startswith("503")

    case.clock.advance(seconds=1)  # the first retry comes after 2 s (± 20 %)
    assert await case.deliver() == 0
    assert len(case.calls(REMINDER)) == 1

    case.clock.advance(seconds=2)
    assert await case.deliver() == 1
    assert len(case.calls(REMINDER)) == 2
    # Taken or not the first time, Ben sees it once: the retry carries the same nonce.
    [reminder] = case.posts(REMINDER)
    pings_only(reminder, case.ben)
    assert await case.outbox("delivered", REMINDER)


async def test_a_500_is_retried_by_discord_py_and_posted_once(case: Case) -> None:
    # discord.py tries a 500 again itself (after 1 s); Discord took the message the first
    # time, and the nonce makes the second try return it instead of posting it again.
    await case.remind()
    case.fake.fail_posts(500, channel=case.thread, created=True)

    assert await case.deliver() == 1

    assert len(case.calls(REMINDER)) == 2
    assert len(case.posts(REMINDER)) == 1


async def test_a_long_429_is_honoured_by_the_courier(case: Case) -> None:
    # Longer than discord.py waits by itself (30 s): it raises RateLimited at once.
    await case.remind()
    case.fake.fail_posts(429, channel=case.thread, retry_after=120.0)

    assert await case.deliver() == 0
    [waiting] = await case.outbox("pending", REMINDER)
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at.replace(tzinfo=UTC) == case.clock.now + timedelta(seconds=120)

    case.clock.advance(seconds=119)
    assert await case.deliver() == 0
    assert len(case.calls(REMINDER)) == 1  # not even tried before its time

    case.clock.advance(seconds=2)
    assert await case.deliver() == 1
    assert len(case.calls(REMINDER)) == 2 and len(case.posts(REMINDER)) == 1


async def test_a_short_429_is_waited_out_by_discord_py(case: Case) -> None:
    await case.remind()
    case.fake.fail_posts(429, channel=case.thread, retry_after=0.3)

    assert await case.deliver() == 1

    first, second = case.calls(REMINDER)
    assert second.at - first.at >= 0.29  # tried again only after `retry_after`
    assert len(case.posts(REMINDER)) == 1


async def test_a_429_discord_py_gives_up_on_waits_for_retry_after(case: Case) -> None:
    # A 429 without Discord's `Via` header (Cloudflare's, plain text) is not retried by
    # discord.py: its Retry-After header still says when to try again.
    await case.remind()
    case.fake.fail_posts(429, channel=case.thread, retry_after=65.0, via=False)

    assert await case.deliver() == 0
    case.clock.advance(seconds=64)
    assert await case.deliver() == 0
    assert len(case.calls(REMINDER)) == 1

    case.clock.advance(seconds=2)
    assert await case.deliver() == 1
    assert len(case.posts(REMINDER)) == 1


async def test_a_case_without_its_thread_yet_is_retried(case: Case) -> None:
    # A note for one side goes to that side's caucus thread only, never the case thread;
    # until the caucus thread exists, the message waits.
    async with case.app.store.transaction() as tx:
        await tx.add_outbox([OutboxMessage(case.id, "discord", "side:creator",
                                           "For the creator side only")])
    assert await case.deliver() == 0
    [waiting] = await case.outbox("pending", "For the creator side")
    assert waiting.last_error == f"no Discord caucus:creator for case {case.id} yet"

    caucus = p.snowflake()
    await case.handler.rooms.link(int(caucus), case.id, "caucus:creator")
    case.clock.advance(seconds=3)
    assert await case.deliver() == 1

    [note] = case.posts("For the creator side", caucus)
    assert note["_body"]["allowed_mentions"] == NO_PINGS
    assert not case.posts("For the creator side")


# -- failed for good ------------------------------------------------------------------------------
@pytest.mark.parametrize(("status", "error"), [
    (403, "403 Missing Access (code 50001)"), (404, "404 Unknown Channel (code 10003)"),
    (400, "400 Invalid Form Body (code 50035)")])
async def test_a_refused_delivery_is_kept_as_failed_and_not_retried(
        case: Case, status: int, error: str) -> None:
    await case.remind()
    case.fake.fail_posts(status, channel=case.thread)

    assert await case.deliver() == 0

    [failed] = await case.outbox("failed", REMINDER)
    assert failed.attempts == 1 and failed.failed_at is not None
    assert failed.last_error == error
    case.clock.advance(days=1)
    assert await case.deliver() == 0
    assert len(case.calls(REMINDER)) == 1
    assert not await case.outbox("pending", REMINDER)
