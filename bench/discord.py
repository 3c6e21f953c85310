"""Gateway messages in a case thread: how many the bot journals per second, next to a bare
discord.py client with a no-op `on_message`, both fed the same MESSAGE_CREATE events by the
same fake Discord (tests/adapters/discord/fake), in the same run.

    .venv/bin/python bench/discord.py [--messages 3000] [--rounds 5]

The bot's figure is end to end: gateway frame → discord.py → handler → service → SQLite
(WAL, synchronous=FULL: each message is on disk before the next is taken). Rounds alternate
bare and bot; the median round counts. Last line:
`discord events: <N>/s = <R>% of bare discord.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

# This file is called discord.py: keep its folder off the path so `import discord` finds
# the library, and put the project root on it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import discord  # noqa: E402
import yarl  # noqa: E402

from adapters.discord.client import intents, make_client  # noqa: E402
from adapters.discord.handlers import Handler  # noqa: E402
from adapters.discord.rooms import CaseRooms  # noqa: E402
from adapters.discord.settings import DiscordSettings  # noqa: E402
from adapters.settings import Settings  # noqa: E402
from adapters.wiring import App, build, settle_heap  # noqa: E402
from bot.domain.identity import Actor  # noqa: E402
from bot.exchange import Context  # noqa: E402
from bot.input.grammar import parse  # noqa: E402
from storage.database_url import normalize  # noqa: E402
from tests.adapters.discord.fake import payloads as p  # noqa: E402
from tests.adapters.discord.fake.server import PRIVATE_THREAD, FakeDiscord  # noqa: E402

TEXT = "The video went live a week late; here is the timeline as I remember it. " * 3


class Counter:
    """Counts handled messages; `finished` is set at the target."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.count = 0
        self.finished = asyncio.Event()

    def tick(self) -> None:
        self.count += 1
        if self.count >= self.target:
            self.finished.set()


class BareClient(discord.Client):
    def __init__(self, counter: Counter) -> None:
        super().__init__(intents=intents(), guild_ready_timeout=0.05)
        self.counter = counter

    async def on_message(self, message: discord.Message) -> None:
        self.counter.tick()


async def open_case(app: App, fake: FakeDiscord) -> str:
    """A case between two people of the fake guild, with a thread linked to it."""
    ana, ben = fake.person("Ana"), fake.person("Ben")
    actor_ben = Actor(f"discord:{ben.id}", "Ben")

    class People:
        async def resolve(self, token: str) -> Actor | None:
            return actor_ben

    ctx = Context(Actor(f"discord:{ana.id}", "Ana"), f"discord:{fake.guild_id}", "discord",
                  People())
    line = ('open @ben Bench case side=brand category=other summary="bench" '
            'desired_outcome="bench"')
    outcome = await app.service.handle(parse(line), ctx)
    assert outcome.case_id
    thread = p.thread(p.snowflake(), fake.guild_id, fake.channel["id"], fake.bot.id,
                      f"{outcome.case_id} Bench case", PRIVATE_THREAD)
    fake.threads[thread["id"]] = thread
    await CaseRooms(app.store).link(int(thread["id"]), outcome.case_id, "thread")
    return str(thread["id"])


async def feed(fake: FakeDiscord, thread: str, messages: int, counter: Counter) -> float:
    """Send `messages` MESSAGE_CREATE events; the rate at which they were handled."""
    ana = next(iter(fake.people.values()))
    events = [p.message(p.snowflake(), thread, fake.guild_id, ana.user, f"{TEXT} ({i})",
                        author_member=ana.member) for i in range(messages)]
    start = time.perf_counter()
    for event in events:
        await fake.dispatch("MESSAGE_CREATE", event)
    await asyncio.wait_for(counter.finished.wait(), timeout=600)
    return messages / (time.perf_counter() - start)


async def run_client(client: discord.Client, work: Callable[[], Awaitable[float]]) -> float:
    task = asyncio.create_task(client.start("bench-token"))
    ready = asyncio.create_task(client.wait_until_ready())  # runs after start() set up
    await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()
    try:
        return await work()
    finally:
        await client.close()
        await asyncio.gather(task, return_exceptions=True)


async def bench(messages: int, rounds: int) -> tuple[float, float]:
    fake = FakeDiscord()
    await fake.start()
    discord.http.Route.BASE = fake.api_url
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    bare_rates: list[float] = []
    bot_rates: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=normalize(f"sqlite:///{folder}/bench.db"),
                            evidence_dir=Path(folder) / "evidence", evidence_max_bytes=1 << 20,
                            console_mediators=(), log_level="WARNING")
        app = await build(settings)
        thread = await open_case(app, fake)
        settle_heap()  # as `mediator discord` does once it has started
        discord_settings = DiscordSettings(
            token="bench-token", api_url=fake.api_url, gateway_url=fake.gateway_url,
            sync_commands=False, outbox_interval=3600, guild_ready_timeout=0.05)
        try:
            for _ in range(rounds):
                bare = Counter(messages)
                bare_rates.append(await run_client(
                    BareClient(bare), lambda c=bare: feed(fake, thread, messages, c)))
                ours = Counter(messages)

                def observe(key: str, c: Counter = ours) -> None:
                    if key.startswith("message:"):
                        c.tick()

                client = make_client(Handler(app, discord_settings, observer=observe),
                                     discord_settings)
                bot_rates.append(await run_client(
                    client, lambda c=ours: feed(fake, thread, messages, c)))
            journaled = len(await app.store.entries(await _case_of(app, thread)))
        finally:
            await app.close()
            await fake.stop()
    assert journaled == 1 + messages * rounds, f"journaled {journaled}"
    bare_rate, bot_rate = statistics.median(bare_rates), statistics.median(bot_rates)
    print(f"bare discord.py: {bare_rate:,.0f}/s (rounds {_listed(bare_rates)})")
    print(f"bot, journaled:  {bot_rate:,.0f}/s (rounds {_listed(bot_rates)})")
    return bot_rate, 100 * bot_rate / bare_rate


def _listed(rates: list[float]) -> str:
    return ", ".join(f"{rate:,.0f}" for rate in rates)


async def _case_of(app: App, thread: str) -> str:
    found = await app.store.room("discord", thread)
    assert found is not None
    return found[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.messages} MESSAGE_CREATE events per round, {args.rounds} rounds, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    rate, ratio = asyncio.run(bench(args.messages, args.rounds))
    print(f"discord events: {rate:,.0f}/s = {ratio:.0f}% of bare discord.py")


if __name__ == "__main__":
    main()
