"""Three `mediator slack` workers (HTTP mode) on one PostgreSQL, behind a small round-robin load
balancer, one of them SIGKILLed under load and started again: every event a worker answered
200 is journaled exactly once, and every event that got no 200 is journaled once after Slack
sends it again (through the balancer, to another worker). The chains verify.

Concurrent clients post signed thread messages to six case threads. An event answered with
anything but 200 (the killed worker's connection dropped, the balancer's 502 while it is down,
a 500) is sent again with Slack's retry headers, as Slack does, until some worker answers 200.
The test prints its figures: acknowledged, journaled, lost and duplicated.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.domain import kinds
from bot.domain.journal import verify_chain
from storage.database_url import normalize
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.repository import SqlCaseStore
from tests.conftest import own_postgres_database

from .fake_slack import TEAM, FakeSlack
from .test_kill import CHANNEL, Process, open_case
from .workspace import SECRET, signature

WORKERS = 3
THREADS = 6
CLIENTS = 24
TOTAL = 3000  # events, each answered 200 in the end
KILL_AFTER = (600, 1500)  # acknowledged events before one worker is killed
DOWN_FOR = 1.0  # seconds before the killed worker is started again
RETRIES = 20


def thread_ts(k: int) -> str:
    return f"1700000000.{k + 10:06d}"  # not test_kill's thread


def event(n: int, retry: int) -> tuple[bytes, dict[str, str]]:
    """Event `n` (a message in thread `n % THREADS`) as Slack posts it, and its headers."""
    user = ("UANA", "UCLEO")[n % 2]
    message = {"type": "message", "channel": CHANNEL, "user": user, "text": f"message {n}",
               "ts": f"1800000000.{n:06d}", "thread_ts": thread_ts(n % THREADS),
               "channel_type": "channel"}
    body = json.dumps({
        "token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
        "event_id": f"Ev{n:08d}", "event_time": int(time.time()), "event": message,
        "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
    }).encode()
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature(SECRET, stamp, body)}
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"})
    return body, headers


class Balancer:
    """Round robin over the workers, as a load balancer in front of them does: a worker that
    is down or drops the connection makes a 502, which Slack then retries."""

    PASSED = ("Content-Type", "X-Slack-Request-Timestamp", "X-Slack-Signature",
              "X-Slack-Retry-Num", "X-Slack-Retry-Reason")

    def __init__(self, workers: list[Process]) -> None:
        self.workers = workers
        self.turn = itertools.count()
        self.http: aiohttp.ClientSession | None = None
        self.runner: web.AppRunner | None = None
        self.url = ""
        self.routed: Counter[int] = Counter()

    async def start(self) -> None:
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application()
        app.router.add_post("/slack/events", self.forward)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = self.runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/slack/events"

    async def forward(self, request: web.Request) -> web.Response:
        assert self.http is not None
        body = await request.read()
        headers = {k: request.headers[k] for k in self.PASSED if k in request.headers}
        index = next(self.turn) % len(self.workers)
        self.routed[index] += 1
        try:
            async with self.http.post(self.workers[index].url, data=body,
                                      headers=headers) as answer:
                return web.Response(status=answer.status, body=await answer.read())
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return web.Response(status=502)

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.runner is not None:
            await self.runner.cleanup()


@pytest.mark.postgres
async def test_three_workers_lose_nothing_when_one_is_killed(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    async with own_postgres_database("workers") as database:
        fake = FakeSlack(users={"UANA": "Ana", "UCLEO": "Cleo"})
        await fake.start()
        engine = create_engine(normalize(database))
        await upgrade(engine)
        store = SqlCaseStore(engine)
        workers = [Process(fake, database, tmp_path / f"w{i}") for i in range(WORKERS)]
        balancer = Balancer(workers)
        try:
            said = await run(store, workers, balancer, fake, tmp_path)
            # In the test run's own output (not captured): the figures, for every run.
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print("\n" + "\n".join(said))
        finally:
            await balancer.stop()
            for worker in workers:
                await worker.stop()
            await store.close()
            await fake.stop()


async def run(store: SqlCaseStore, workers: list[Process], balancer: Balancer,
              fake: FakeSlack, tmp_path: Path) -> list[str]:
    """Run the load and the kill; the figures, once every check holds."""
    cases = []
    for k in range(THREADS):
        case_id = await open_case(store, tmp_path)
        await store.link_room("slack", f"{TEAM}:{CHANNEL}:{thread_ts(k)}", case_id, "thread")
        cases.append(case_id)
    for worker in workers:
        worker.tmp_path.mkdir()
        await worker.start()
    await balancer.start()
    numbers = iter(range(1, TOTAL + 1))
    acked: set[int] = set()
    first_tries: Counter[str] = Counter()
    kill_after = random.randint(*KILL_AFTER)
    victim = random.randrange(WORKERS)
    killed = asyncio.Event()

    async def kill_and_restart() -> None:
        await killed.wait()
        workers[victim].kill()
        assert workers[victim].child is not None
        await workers[victim].child.wait()
        await asyncio.sleep(DOWN_FOR)
        await workers[victim].start()

    async def client(http: aiohttp.ClientSession) -> None:
        for n in numbers:
            for retry in range(RETRIES):
                body, headers = event(n, retry)
                try:
                    async with http.post(balancer.url, data=body, headers=headers) as answer:
                        await answer.read()
                        status = answer.status
                except (aiohttp.ClientError, TimeoutError):
                    status = 0
                if retry == 0:
                    first_tries[str(status)] += 1
                if status == 200:
                    acked.add(n)
                    break
                await asyncio.sleep(0.05 * (retry + 1))
            if len(acked) >= kill_after:
                killed.set()

    restarting = asyncio.create_task(kill_and_restart())
    async with aiohttp.ClientSession() as http:
        await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(CLIENTS))), 600)
    killed.set()
    await asyncio.wait_for(restarting, 120)

    refs: Counter[str] = Counter()
    for case_id in cases:
        entries = await store.entries(case_id)
        assert verify_chain(case_id, entries) is None
        refs.update(str(e.payload["ref"]) for e in entries if e.kind == kinds.MESSAGE_POSTED)
    wanted = {f"{CHANNEL}:1800000000.{n:06d}" for n in acked}
    lost = sorted(wanted - set(refs))
    duplicated = sorted(ref for ref, count in refs.items() if count > 1)
    logs = "".join(w.log() for w in workers)
    said = [f"kill test: {WORKERS} workers on PostgreSQL, worker {victim} killed after "
            f"{kill_after} acknowledged; first tries {dict(first_tries)}; routed "
            f"{dict(balancer.routed)}",
            f"kill test: acked {len(acked)}, journaled {sum(refs.values())}, lost {len(lost)}, "
            f"duplicated {len(duplicated)}"]
    assert len(acked) == TOTAL, f"some events never got a 200\n{logs[-3000:]}"
    assert not lost, f"{len(lost)} answered 200 are lost, e.g. {lost[:5]}\n{logs[-3000:]}"
    assert not duplicated, f"journaled twice: {duplicated[:5]}"
    assert sum(refs.values()) == TOTAL
    assert "Traceback" not in logs, logs[-5000:]
    return said
