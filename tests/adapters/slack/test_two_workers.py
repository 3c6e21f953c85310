"""Two Slack workers on one database, as behind a load balancer: each has its own case cache,
thread lookups, card turns and policy cache, and each request may land on either. What one
worker changed, the other acts on at once: a status, a move decided on a state the other has
moved past, a thread it did not link, the case card when both update it at the same moment,
and a community's settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web

from adapters.slack.app import build_slack_app
from adapters.slack.http import EVENTS_PATH, web_app
from adapters.slack.settings import SlackSettings
from adapters.wiring import App
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.conftest import MakeStore

from .conftest import CaseIds
from .fake_slack import FakeSlack
from .flows import OPEN_FORM
from .slow_slack import SlowSlack
from .workspace import Workspace

RUNS = 30


@pytest.fixture
async def workers(fake: FakeSlack, slack_settings: SlackSettings, make_store: MakeStore,
                  evidence_store: FileEvidenceStore) -> AsyncIterator[tuple[Workspace, Workspace]]:
    """Two workers, each with its own store (own connections), service and Bolt app, served
    on ports of their own; the same people in the same workspace send to one or the other."""
    ids = CaseIds()  # ids drawn by either worker are distinct, as random ids are
    runners: list[web.AppRunner] = []
    served: list[Workspace] = []
    async with aiohttp.ClientSession() as http:
        for _ in range(2):
            store = await make_store()
            app = App(MediationService(store, evidence_store, new_case_id=ids), store,
                      evidence_store)
            slack = await build_slack_app(app, slack_settings)
            runner = web.AppRunner(web_app(slack.bolt))
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            runners.append(runner)
            url = f"http://127.0.0.1:{runner.addresses[0][1]}{EVENTS_PATH}"
            shared = {"_n": served[0]._n} if served else {}  # event ids never repeat
            served.append(Workspace(http, url, fake, slack.slack.in_flight, **shared))
        yield served[0], served[1]
        for worker in served:
            await worker.work.idle()
            assert not worker.work.failures, worker.work.failures
        for runner in runners:
            await runner.cleanup()


async def answer(worker: Workspace, user: str, text: str) -> str:
    """What `user` alone is told after typing `/mediate <text>` to this worker."""
    before = len(worker.fake.private_to(user))
    reply = await worker.command(user, text)
    return " ".join([reply.text, *worker.fake.private_to(user)[before:]])


async def agreement_to_sign_across(a: Workspace, b: Workspace, case_id: str) -> None:
    """Ana opens a case against Cleo and they reach an agreement to sign, each step sent to
    the worker the previous one did not reach."""
    await a.command("UANA", "open")
    await b.submit("UANA", OPEN_FORM)
    await a.click("UCLEO", case_id, "join")
    await b.command("UANA", f'statement {case_id} what_happened="Reel missing" wants="Reel"')
    await a.command(
        "UCLEO", f'statement {case_id} what_happened="Brief changed" wants="Fee" position=dispute')
    await b.command("UANA", f"propose {case_id} amount=1000 currency=EUR")
    await a.click("UCLEO", case_id, "accept", 1)


async def test_each_move_lands_on_the_other_worker_and_sees_the_one_before(
        workers: tuple[Workspace, Workspace], store: SqlCaseStore) -> None:
    a, b = workers
    case_id = "MB-000001"
    await agreement_to_sign_across(a, b, case_id)
    # Worker b linked nothing of this case, and a has it cached at an older version.
    assert "agreement" in (await answer(b, "UANA", f"status {case_id}")).lower()
    assert "agreement" in (await answer(a, "UCLEO", f"status {case_id}")).lower()
    await a.click("UANA", case_id, "sign")
    await b.click("UCLEO", case_id, "sign")
    kinds = [e.kind for e in await store.entries(case_id)]
    assert kinds.count("agreement_signed") == 2 and kinds[-1] == "case_closed", kinds
    assert "settled" in (await answer(a, "UANA", f"status {case_id}")).lower()
    assert "settled" in str(a.card(case_id)[2])


async def test_a_thread_linked_by_one_worker_is_the_case_thread_on_the_other(
        workers: tuple[Workspace, Workspace], store: SqlCaseStore) -> None:
    a, b = workers
    case_id = "MB-000001"
    await agreement_to_sign_across(a, b, case_id)
    thread = a.thread_of(case_id)
    for n, worker in enumerate((b, a, b)):
        await worker.say(("UANA", "UCLEO")[n % 2], f"note {n}", thread)
    said = [e.payload.get("text") for e in await store.entries(case_id)
            if e.kind == "message_posted"]
    assert said == ["note 0", "note 1", "note 2"], said


async def test_both_sides_signing_on_different_workers_leave_the_card_settled(
        workers: tuple[Workspace, Workspace], fake: FakeSlack, store: SqlCaseStore) -> None:
    """Each worker keeps its card updates in turn, but not the other's: the last update to
    reach Slack must still show the case as the journal has it."""
    a, b = workers
    for run in range(1, RUNS + 1):
        case_id = f"MB-{run:06d}"
        fake.latency = None
        await agreement_to_sign_across(a, b, case_id)
        fake.latency = SlowSlack(seed=run, most={"chat.update": 0.05}, others=0.01)
        await asyncio.gather(a.click("UANA", case_id, "sign"), b.click("UCLEO", case_id, "sign"))
        await asyncio.gather(a.work.idle(), b.work.idle())
        entries = await store.entries(case_id)
        assert entries[-1].kind == "case_closed", [e.kind for e in entries]
        _, _, card = a.card(case_id)
        assert "settled" in str(card), f"run {run}: the card went back to {card}"
        assert not [x for x in card if x["type"] == "actions"], f"run {run}: {card}"


async def test_settings_saved_on_one_worker_are_in_force_on_the_other_at_once(
        workers: tuple[Workspace, Workspace], store: SqlCaseStore,
        evidence_store: FileEvidenceStore) -> None:
    a, b = workers
    await a.command("UANA", "open")
    await a.submit("UANA", OPEN_FORM)  # worker a has read the workspace's settings
    assert "response_window=3d" in await answer(a, "UMO", "config")
    assert "1d12h" in await answer(b, "UMO", "config response_window=36h")
    await a.command("UANA", "open")
    await a.submit("UANA", OPEN_FORM)
    assert "response_window=1d12h" in await answer(a, "UMO", "config")
    reader = MediationService(store, evidence_store)
    first, second = [await reader.case(f"MB-{n:06d}") for n in (1, 2)]
    assert first.deadlines["response"] - first.opened_at == timedelta(days=3)
    assert second.deadlines["response"] - second.opened_at == timedelta(hours=36)
