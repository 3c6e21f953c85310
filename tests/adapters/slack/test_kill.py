"""`mediator slack` (HTTP mode) killed under load: nothing it answered 200 for is lost.

Concurrent clients post signed thread messages to the process; at a random moment it gets
SIGKILL, and is started again. Slack never sends again an event it got a 200 for, so every
such event must already be in the journal, exactly once. Messages posted while the process was
down reach it through the start-up backfill (`conversations.replies`), marked as recovered.

The fake's history holds only the messages posted while the process was down: an event that
was answered 200 but not journaled cannot be recovered by the backfill here, so it shows as lost.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.domain import kinds
from bot.domain.identity import Actor
from bot.exchange import Context
from bot.input.grammar import parse
from bot.ports import Community
from bot.service.mediation import MediationService
from storage.database_url import normalize
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore
from tests.conftest import own_postgres_database

from .fake_slack import TEAM, FakeSlack
from .workspace import SECRET, signature

ROOT = Path(__file__).resolve().parents[3]
CHANNEL, THREAD = "C1", "1700000000.000001"
CLIENTS = 16
BEFORE_KILL = (1000, 2500)  # acknowledged messages before the kill, drawn at random
AFTER_RESTART = 500
WHILE_DOWN = 40


class People:
    async def resolve(self, token: str) -> Actor | None:
        user = token.lstrip("@<>")
        return Actor(f"slack:{TEAM}:{user}", user)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of the process's own: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/m.db"
        return
    async with own_postgres_database("kill") as url:
        yield url


async def open_case(store: SqlCaseStore, tmp_path: Path) -> str:
    """A case between UANA and UCLEO whose thread is `THREAD` in `CHANNEL`."""
    service = MediationService(store, FileEvidenceStore(tmp_path / "evidence", 1 << 20))
    await service.ensure_community(Community(f"slack:{TEAM}", "slack", TEAM))
    ctx = Context(Actor(f"slack:{TEAM}:UANA", "Ana"), f"slack:{TEAM}", "slack", People())
    line = "/mediate open @UCLEO Late reel side=brand category=other summary=s desired_outcome=d"
    case_id = (await service.handle(parse(line), ctx)).case_id
    assert case_id is not None
    await store.link_room("slack", f"{TEAM}:{CHANNEL}:{THREAD}", case_id, "thread")
    return case_id


class Process:
    """`mediator slack` in HTTP mode; its log goes to a file nobody has to read."""

    def __init__(self, fake: FakeSlack, database: str, tmp_path: Path) -> None:
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "POLICY_"))}
        self.env.update({"SLACK_BOT_TOKEN": "xoxb-kill", "SLACK_SIGNING_SECRET": SECRET,
                         "SLACK_API_URL": fake.api_url, "DATABASE_URL": database,
                         "EVIDENCE_DIR": str(tmp_path / "evidence"), "LOG_LEVEL": "WARNING",
                         "PYTHONPATH": str(ROOT)})
        self.tmp_path = tmp_path
        self.runs = 0
        self.child: asyncio.subprocess.Process | None = None
        self.url = ""

    async def start(self) -> None:
        self.runs += 1
        log = (self.tmp_path / f"slack{self.runs}.log").open("wb")
        self.child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "slack", "--", "--host", "127.0.0.1",
            "--port", "0", cwd=self.tmp_path, env=self.env, stdout=asyncio.subprocess.PIPE,
            stderr=log)
        log.close()
        assert self.child.stdout is not None
        line = (await asyncio.wait_for(self.child.stdout.readline(), 60)).decode()
        assert "listening on http://127.0.0.1:" in line, line + self.log()
        self.url = line.split()[-1]

    def log(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(
            self.tmp_path.glob("slack*.log")))

    def kill(self) -> None:
        assert self.child is not None
        self.child.send_signal(signal.SIGKILL)

    async def stop(self) -> None:
        if self.child is not None and self.child.returncode is None:
            self.child.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.child.wait(), 60)


def message(n: int) -> dict[str, object]:
    user = ("UANA", "UCLEO")[n % 2]
    return {"type": "message", "channel": CHANNEL, "user": user, "text": f"message {n}",
            "ts": f"1800000000.{n:06d}", "thread_ts": THREAD, "channel_type": "channel"}


async def deliver(http: aiohttp.ClientSession, url: str, n: int) -> int | None:
    """Post message `n`'s event as Slack does; the HTTP status, or None if nothing answered."""
    body = json.dumps({
        "token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
        "event_id": f"Ev{n:08d}", "event_time": int(time.time()), "event": message(n),
        "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
    }).encode()
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature(SECRET, stamp, body)}
    try:
        async with http.post(url, data=body, headers=headers) as response:
            await response.read()
            return response.status
    except (TimeoutError, aiohttp.ClientError):
        return None


async def journaled(store: SqlCaseStore, case_id: str) -> list[dict[str, object]]:
    return [e.payload for e in await store.entries(case_id)
            if e.kind == kinds.MESSAGE_POSTED]


async def test_nothing_answered_200_is_lost_when_the_process_is_killed(
        database: str, tmp_path: Path) -> None:
    fake = FakeSlack(users={"UANA": "Ana", "UCLEO": "Cleo"})
    await fake.start()
    engine = create_engine(normalize(database))
    await upgrade(engine)
    store = SqlCaseStore(engine)
    process = Process(fake, database, tmp_path)
    numbers = itertools.count(1)
    acked: set[int] = set()
    try:
        case_id = await open_case(store, tmp_path)
        await process.start()
        kill_at = random.randint(*BEFORE_KILL)
        killed = asyncio.Event()

        async def client(http: aiohttp.ClientSession) -> None:
            while not killed.is_set():
                n = next(numbers)
                status = await deliver(http, process.url, n)
                if status == 200:
                    acked.add(n)
                    if len(acked) >= kill_at and not killed.is_set():
                        process.kill()
                        killed.set()

        async with aiohttp.ClientSession() as http:
            await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(CLIENTS))),
                                   120)
        assert process.child is not None
        await process.child.wait()

        # Posted while the process was down: only the history has them.
        down = [next(numbers) for _ in range(WHILE_DOWN)]
        for n in down:
            fake.said(CHANNEL, message(n))

        await process.start()
        async with aiohttp.ClientSession() as http:
            after = [next(numbers) for _ in range(AFTER_RESTART)]
            statuses = await asyncio.gather(*(deliver(http, process.url, n) for n in after))
        assert set(statuses) == {200}, f"{Counter(statuses)}\n{process.log()}"
        acked.update(after)

        expected = {f"{CHANNEL}:{message(n)['ts']}" for n in acked | set(down)}
        for _ in range(600):  # the backfill runs beside live traffic
            refs = Counter(str(p["ref"]) for p in await journaled(store, case_id))
            if expected <= set(refs):
                break
            await asyncio.sleep(0.1)
        lost = sorted({f"{CHANNEL}:{message(n)['ts']}" for n in acked} - set(refs))
        duplicated = sorted(ref for ref, count in refs.items() if count > 1)
        assert not lost, (f"{len(lost)} of {len(acked)} answered 200 are lost, e.g. {lost[:5]}"
                          f"\n{process.log()}")
        unrecovered = sorted(expected - set(refs))
        assert not unrecovered, f"not recovered: {unrecovered[:5]}\n{process.log()}"
        assert not duplicated, f"journaled twice: {duplicated[:5]}"
        recovered = {str(p["ref"]) for p in await journaled(store, case_id)
                     if p.get("recovered")}
        assert {f"{CHANNEL}:{message(n)['ts']}" for n in down} <= recovered
        assert "Traceback" not in process.log(), process.log()
    finally:
        await process.stop()
        await store.close()
        await fake.stop()
