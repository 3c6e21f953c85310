"""`mediator slack` as a user runs it: a subprocess in HTTP mode, pointed at the fake Slack
with SLACK_API_URL, answering signed requests and journaling into its SQLite file."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from .fake_slack import FakeSlack
from .workspace import SECRET, Workspace

ROOT = Path(__file__).resolve().parents[3]


@asynccontextmanager
async def running(fake: FakeSlack, tmp_path: Path, **settings: str) -> AsyncIterator[Workspace]:
    """`mediator slack` in HTTP mode on a free port, with `settings` added to its environment."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "POLICY_"))}
    env.update({"SLACK_BOT_TOKEN": "xoxb-process", "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake.api_url, "DATABASE_URL": f"sqlite:///{tmp_path}/m.db",
                "EVIDENCE_DIR": str(tmp_path / "evidence"), "PYTHONPATH": str(ROOT)})
    env.update(settings)
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "slack", "--", "--host", "127.0.0.1", "--port", "0",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        assert child.stdout is not None
        line = (await asyncio.wait_for(child.stdout.readline(), 60)).decode()
        assert "listening on http://127.0.0.1:" in line, line + str(await child.stderr.read())
        url = line.split()[-1]
        async with aiohttp.ClientSession() as http:
            yield Workspace(http, url, fake, work=_NoWork())  # type: ignore[arg-type]
    finally:
        child.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(child.communicate(), 60)
        assert child.returncode == 0, err.decode()
        assert b"Traceback" not in err, err.decode()
        assert b"xoxb-process" not in err  # the token never reaches the logs


@pytest.fixture
async def process_ws(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[Workspace]:
    async with running(fake, tmp_path) as ws:
        yield ws


class _NoWork:
    """The process's work is not ours to watch: tests wait for what the fake receives."""

    async def idle(self) -> None:
        return None


async def until(condition: object, what: str, rounds: int = 500) -> None:
    """Wait (bounded) for the child process to have done something."""
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the process never {what}")


async def test_the_process_answers_help_and_journals_a_thread_message(
        process_ws: Workspace, fake: FakeSlack, tmp_path: Path) -> None:
    ws = process_ws
    assert (await ws.command("UANA", "help")).status == 200
    await until(lambda: fake.private_to("UANA"), "answered /mediate help")
    assert "/mediate &lt;subcommand&gt;" in fake.private_to("UANA")[0]
    assert all(c.token == "xoxb-process" for c in fake.calls if c.method != "auth.test")

    line = ("open <@UCLEO> side=brand title=Late category=other summary=s "
            "desired_outcome=d")
    assert (await ws.command("UANA", line)).status == 200
    await until(lambda: fake.thread("C1", "1700000000.000001"), "posted the case card")
    thread = ("C1", "1700000000.000001")
    assert (await ws.event(ws.message("UCLEO", "journal me", thread))).status == 200

    def journaled() -> list[tuple[str, str]]:
        db = sqlite3.connect(tmp_path / "m.db")
        try:
            return db.execute("SELECT kind, actor_id FROM journal_entries ORDER BY seq").fetchall()
        finally:
            db.close()

    await until(lambda: len(journaled()) == 2, "journaled the thread message")
    assert journaled() == [("case_opened", "slack:T1:UANA"),
                           ("message_posted", "slack:T1:UCLEO")]


async def test_the_process_fires_deadlines_and_its_reminders_and_escalations_reach_slack(
        fake: FakeSlack, tmp_path: Path) -> None:
    """Deadline timers run in `mediator slack`: with a three-second response window the
    respondent is reminded, then the mediators are told, with nobody else running. (The
    periodic outbox round is made rare: what the timers fire is delivered by the timers.)"""
    short = {"POLICY_RESPONSE_WINDOW": "3s", "POLICY_REMINDER_LEAD": "2s",
             "SLACK_MEDIATORS": "UMO", "SLACK_OUTBOX_SECONDS": "600"}

    def outbox() -> list[tuple[str, bool]]:
        db = sqlite3.connect(tmp_path / "m.db")
        try:
            return [(audience, delivered is not None) for audience, delivered in db.execute(
                "SELECT audience, delivered_at FROM outbox ORDER BY id")]
        finally:
            db.close()

    async with running(fake, tmp_path, **short) as ws:
        line = ("open <@UCLEO> side=brand title=Late category=other summary=s "
                "desired_outcome=d")
        assert (await ws.command("UANA", line)).status == 200
        await until(lambda: any("Reminder: case" in t for t in fake.direct_to("UCLEO")),
                    "reminded the respondent", rounds=1500)
        await until(lambda: any("asks for a mediator" in t for t in fake.direct_to("UMO")),
                    "told the mediators", rounds=1500)
        # Stop only once the timers' round has marked everything delivered.
        await until(lambda: "mediators" in dict(outbox()) and all(d for _, d in outbox()),
                    "marked the outbox delivered")
    assert len([t for t in fake.direct_to("UCLEO") if "Reminder: case" in t]) == 1
    assert not [t for t in fake.direct_to("UANA") if "Reminder: case" in t]
    assert len([t for t in fake.direct_to("UMO") if "asks for a mediator" in t]) == 1


def test_a_missing_signing_secret_is_a_clear_configuration_error(tmp_path: Path) -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update({"SLACK_BOT_TOKEN": "xoxb-x", "PYTHONPATH": str(ROOT)})
    run = subprocess.run([sys.executable, "-m", "adapters.cli", "slack"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "SLACK_SIGNING_SECRET" in run.stderr and "Traceback" not in run.stderr
