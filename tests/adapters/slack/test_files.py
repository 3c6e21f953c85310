"""Files shared in a case thread become evidence: downloaded at once with the bot token (only
from allowed hosts), hashed, stored, journaled once and confirmed in the thread."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from adapters.slack.app import SlackApp
from adapters.slack.settings import SlackSettings
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack, ServedFile
from .flows import CASE, open_case
from .workspace import Workspace

CONTRACT = b"%PDF-1.7 the signed contract " + bytes(range(256)) * 64


@pytest.fixture
def slack_settings(slack_settings: SlackSettings) -> SlackSettings:
    """A file_shared event with no message to wait for goes ahead at once here."""
    return replace(slack_settings, file_wait_seconds=0)


async def until(condition: Callable[[], object]) -> None:
    """Let the app run until `condition` holds (bounded, so a bug fails instead of hanging)."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never got there")


def share(ws: Workspace, user: str, thread: tuple[str, str], file_id: str, url: str,
          text: str = "") -> dict:
    files = [{"id": file_id, "name": "contract <!channel>.pdf", "mimetype": "application/pdf",
              "url_private": url, "url_private_download": url, "size": len(CONTRACT)}]
    return ws.message(user, text, thread, subtype="file_share", files=files)


def stored_files(evidence: FileEvidenceStore) -> list[Path]:
    return [p for p in Path(evidence.root).rglob("*") if p.is_file()]


async def evidence_entries(store: SqlCaseStore) -> list[dict]:
    return [e.payload for e in await store.entries(CASE) if e.kind == "evidence_added"]


async def test_a_shared_file_is_downloaded_hashed_stored_and_confirmed_once(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
        evidence_store: FileEvidenceStore) -> None:
    thread = await open_case(ws)
    fake.files["T1/F1/contract.pdf"] = ServedFile(CONTRACT, "application/pdf")
    url = f"{fake.origin}/files/T1/F1/contract.pdf"
    await ws.event(share(ws, "UANA", thread, "F1", url, "the contract"), "EvFile")
    digest = hashlib.sha256(CONTRACT).hexdigest()
    [payload] = await evidence_entries(store)
    assert (payload["sha256"], payload["size"], payload["media_type"]) == (
        digest, len(CONTRACT), "application/pdf")
    assert payload["description"] == "the contract"
    assert await evidence_store.read(digest) == CONTRACT
    assert [(d.path, d.authorization) for d in fake.downloads] == [
        ("T1/F1/contract.pdf", "Bearer xoxb-test")]
    assert any(f"SHA-256 {digest}" in text for text in fake.thread(*thread))
    # The retry, Slack's file_shared event and a copy under another event_id: nothing new.
    fake.file_info["F1"] = {"id": "F1", "name": "contract.pdf", "url_private_download": url,
                            "shares": {"public": {"C1": [{"ts": "1", "thread_ts": thread[1]}]}}}
    await ws.event(share(ws, "UANA", thread, "F1", url, "the contract"), "EvFile", retry=1)
    await ws.event({"type": "file_shared", "file_id": "F1", "user_id": "UANA",
                    "channel_id": "C1", "event_ts": "1"})
    assert len(await evidence_entries(store)) == 1
    assert len(fake.downloads) == 1
    kinds = [e.kind for e in await store.entries(CASE)]
    assert kinds.count("message_posted") == 1


async def test_a_file_shared_event_alone_is_enough(ws: Workspace, fake: FakeSlack,
                                                   store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    fake.files["T1/F2/brief.txt"] = ServedFile(b"the brief", "text/plain")
    fake.file_info["F2"] = {"id": "F2", "name": "brief.txt",
                            "url_private_download": f"{fake.origin}/files/T1/F2/brief.txt",
                            "shares": {"public": {"C1": [{"ts": "2", "thread_ts": thread[1]}]}}}
    await ws.event({"type": "file_shared", "file_id": "F2", "user_id": "UCLEO",
                    "channel_id": "C1", "event_ts": "1"})
    [payload] = await evidence_entries(store)
    assert payload["filename"] == "brief.txt" and payload["size"] == 9


async def test_a_file_shared_event_before_its_message_keeps_the_comment_and_fetches_once(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, slack_app: SlackApp,
        caplog: pytest.LogCaptureFixture) -> None:
    thread = await open_case(ws)
    slack_app.slack.file_turns.wait_seconds = 60  # long enough for the message to arrive
    url = f"{fake.origin}/files/T1/F3/brief.pdf"
    fake.files["T1/F3/brief.pdf"] = ServedFile(CONTRACT, "application/pdf")
    fake.file_info["F3"] = {"id": "F3", "name": "brief.pdf", "url_private_download": url,
                            "shares": {"public": {"C1": [{"ts": "1700001000.000100",
                                                          "thread_ts": thread[1]}]}}}
    caplog.set_level(logging.INFO)
    await ws.event({"type": "file_shared", "file_id": "F3", "user_id": "UANA",
                    "channel_id": "C1", "event_ts": "1"}, settle=False)
    # The file_shared event has been handled as far as it goes without the message.
    await until(lambda: fake.downloads or "waits for its message" in caplog.text)
    await ws.event(share(ws, "UANA", thread, "F3", url, "the brief, signed"))
    [payload] = await evidence_entries(store)
    assert payload["description"] == "the brief, signed"
    assert len(fake.downloads) == 1


async def test_a_file_shared_event_alone_takes_the_comment_files_info_gives(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    url = f"{fake.origin}/files/T1/F8/terms.txt"
    fake.files["T1/F8/terms.txt"] = ServedFile(b"the terms", "text/plain")
    fake.file_info["F8"] = {"id": "F8", "name": "terms.txt", "url_private_download": url,
                            "initial_comment": {"comment": "the agreed terms"},
                            "shares": {"public": {"C1": [{"ts": "1700001000.000101",
                                                          "thread_ts": thread[1]}]}}}
    await ws.event({"type": "file_shared", "file_id": "F8", "user_id": "UANA",
                    "channel_id": "C1", "event_ts": "1"})
    [payload] = await evidence_entries(store)
    assert payload["description"] == "the agreed terms"


async def test_a_file_on_a_host_that_is_not_allowed_is_never_fetched(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
        evidence_store: FileEvidenceStore) -> None:
    thread = await open_case(ws)
    fake.files["evil"] = ServedFile(CONTRACT)
    for url in (f"http://localhost:{fake.port}/files/evil",  # same server, other host name
                f"http://127.0.0.1:{fake.port}@localhost:{fake.port}/files/evil",
                "file:///etc/passwd"):
        await ws.event(share(ws, "UANA", thread, "F9", url))
    assert fake.downloads == []
    assert await evidence_entries(store) == [] and stored_files(evidence_store) == []
    refusals = fake.private_to("UANA")
    assert len(refusals) == 3 and all("not accepted" in r for r in refusals)


async def test_a_redirect_to_another_host_is_not_followed(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    fake.files["T1/F4/x.pdf"] = ServedFile(redirect=f"http://localhost:{fake.port}/files/evil")
    await ws.event(share(ws, "UANA", thread, "F4", f"{fake.origin}/files/T1/F4/x.pdf"))
    assert [d.path for d in fake.downloads] == ["T1/F4/x.pdf"]
    assert await evidence_entries(store) == []
    assert "redirected" in fake.private_to("UANA")[-1]


async def test_an_html_sign_in_page_instead_of_the_file_is_refused(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
        evidence_store: FileEvidenceStore) -> None:
    thread = await open_case(ws)
    fake.files["T1/F5/x.pdf"] = ServedFile(b"<!DOCTYPE html><title>Sign in</title>",
                                           "text/html; charset=utf-8")
    await ws.event(share(ws, "UANA", thread, "F5", f"{fake.origin}/files/T1/F5/x.pdf"))
    assert await evidence_entries(store) == [] and stored_files(evidence_store) == []
    assert "sign-in page" in fake.private_to("UANA")[-1]


async def test_a_file_over_the_cap_is_refused_and_nothing_stays(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
        evidence_store: FileEvidenceStore) -> None:
    thread = await open_case(ws)
    fake.files["T1/F6/big.bin"] = ServedFile(b"x" * (evidence_store.max_bytes + 1))
    await ws.event(share(ws, "UANA", thread, "F6", f"{fake.origin}/files/T1/F6/big.bin"))
    assert await evidence_entries(store) == [] and stored_files(evidence_store) == []
    assert "larger than" in fake.private_to("UANA")[-1]


async def test_an_outsiders_file_is_refused_before_it_is_fetched(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    fake.files["T1/F7/x.pdf"] = ServedFile(CONTRACT)
    await ws.event(share(ws, "UOTTO", thread, "F7", f"{fake.origin}/files/T1/F7/x.pdf"))
    assert fake.downloads == [] and await evidence_entries(store) == []
    assert "not a party" in fake.private_to("UOTTO")[-1]
