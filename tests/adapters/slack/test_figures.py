"""Analytics exports shared in Slack threads, end to end over the real Bolt app and the fake
Slack: in the thread of a case opened on a campaign, a party's export is evidence that carries
its figures, and the bot answers in the thread with the KPI table and uploads its chart there;
the other side's counter-report is flagged as disputed; a retried event records nothing twice;
in the campaign's thread only an export is kept (as figures), any other file is refused."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from adapters.slack.settings import SlackSettings
from adapters.wiring import App
from bot.service.store_audit import verify_case
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.kpi_campaign import KPIS, REEL, export

from . import campaign_flow
from .campaign_flow import CP, Clock, campaign_card, version_hash
from .conftest import kinds
from .fake_slack import FakeSlack, ServedFile, Upload
from .workspace import Workspace

CASE = "MB-000001"
app, clock, timed = campaign_flow.app, campaign_flow.clock, campaign_flow.timed



@pytest.fixture
def slack_settings(slack_settings: SlackSettings) -> SlackSettings:
    return replace(slack_settings, file_wait_seconds=0)


def share(ws: Workspace, fake: FakeSlack, user: str, thread: tuple[str, str], file_id: str,
          name: str, content: bytes, media_type: str = "text/csv",
          text: str = "") -> dict[str, Any]:
    """`user` uploads a file in a thread: served by the fake, announced by its message."""
    path = f"T1/{file_id}/{file_id.lower()}"
    fake.files[path] = ServedFile(content, media_type)
    url = f"{fake.origin}/files/{path}"
    files = [{"id": file_id, "name": name, "mimetype": media_type, "url_private": url,
              "url_private_download": url, "size": len(content)}]
    return ws.message(user, text, thread, subtype="file_share", files=files)


async def live_campaign(ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
                        timed: Clock) -> tuple[str, str]:
    """The campaign with a KPI on d1 agreed, d1 drafted, approved and live; its thread."""
    reply = await campaign_flow.propose(ws, fake, content=campaign_flow.AGREEMENT + KPIS.encode())
    assert reply.status == 200 and not reply.text, reply.text
    short = (await version_hash(store))[:12]
    for user in ("UANA", "UCLEO"):
        await ws.command(user, f"campaign accept {short} {CP}")
    await ws.command("UCLEO", f"campaign draft d1 https://drive.example.com/d1.mp4 {CP}")
    await ws.command("UANA", f"campaign approve d1 {CP}")
    timed.advance(days=4)
    await ws.command("UCLEO", f'campaign live d1 {REEL} {CP} caption="Week one #ad '
                              '@glowskincare"')
    channel, ts, _ = campaign_card(ws)
    assert "d1 (ig_reel): live since 2026-05-08 09:00 UTC" in fake.thread(channel, ts)[-1]
    return channel, ts


async def case_on_the_campaign(ws: Workspace) -> tuple[str, str]:
    """Ana (the brand) opens a case on d1 against Cleo, who joins; the case's thread."""
    await ws.command("UANA", "open")
    reply = await ws.submit("UANA", {
        "counterpart": "UCLEO", "side": "brand", "title": "Reel under target",
        "campaign": CP, "items": "d1", "category": "other", "summary": "Views are short.",
        "desired_outcome": "The remedy the agreement sets."})
    assert reply.status == 200 and not reply.text, reply.text
    await ws.click("UCLEO", CASE, "join")
    thread = ws.thread_of(CASE)
    assert "Cleo agreed to mediate" in ws.fake.thread(*thread)[-1]
    return thread


def stored(evidence: FileEvidenceStore) -> set[Path]:
    """The files the evidence store holds."""
    return {p for p in Path(evidence.root).rglob("*") if p.is_file()}


def chart(upload: Upload) -> Image.Image:
    """An uploaded file, all of it, read as the PNG image it must be."""
    assert upload.content is not None and len(upload.content) == upload.length
    image = Image.open(io.BytesIO(upload.content))
    assert image.format == "PNG"
    return image


async def test_an_export_in_a_case_thread_answers_there_with_the_kpi_table_and_its_chart(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, app: App, timed: Clock) -> None:
    await live_campaign(ws, fake, store, timed)
    thread = await case_on_the_campaign(ws)
    timed.advance(days=8)  # the 7-day window ended a day ago: within its 48-hour data lag

    # The creator shares Meta's per-post export, its name as people may type one.
    shared = share(ws, fake, "UCLEO", thread, "F10", "posts <&> week1.csv", export("84,200"),
                   text="Week one figures")
    await ws.event(shared, "EvExport")
    assert (await kinds(store, CASE))[-3:] == [
        "message_posted", "evidence_added", "metrics_reported"]
    [figures] = [e.payload for e in await store.entries(CASE) if e.kind == "metrics_reported"]
    assert (figures["side"], figures["format"]) == ("creator", "meta_posts")
    said = "\n".join(fake.thread(*thread))
    assert ("1. views · d1 (guaranteed, organic only, 7 days from publication): 84,200 of "
            "100,000 — provisional") in said
    # The file's name is the uploader's text: escaped for mrkdwn once, never twice.
    assert "from posts &lt;&amp;&gt; week1.csv, read as Meta Business Suite" in said
    assert "&amp;lt;" not in said and "&amp;amp;" not in said
    assert "<&>" not in fake.everything_sent()
    # The chart goes into the same thread, after the table's text, for everyone there.
    [upload] = fake.shared_in(thread[0])
    assert (upload.thread_ts, upload.filename) == (thread[1], f"{CASE}-kpis.png")
    assert chart(upload).width > 1000
    methods = [(c.method, str(c.params.get("text", ""))) for c in fake.calls]
    table = next(i for i, (m, text) in enumerate(methods) if text.startswith("KPI targets"))
    assert methods.index(("files.completeUploadExternal", "")) > table
    assert "goes only to the person who asked" not in said

    # Slack delivers the same event again, and announces the file with file_shared too:
    # nothing is recorded, said or uploaded twice.
    entries = len(await store.entries(CASE))
    posts = len(fake.thread(*thread))
    fake.file_info["F10"] = {"id": "F10", "name": "posts <&> week1.csv",
                             "url_private_download": shared["files"][0]["url_private"],
                             "shares": {"public": {thread[0]: [{"ts": shared["ts"],
                                                                "thread_ts": thread[1]}]}}}
    await ws.event(shared, "EvExport", retry=1)
    await ws.event({"type": "file_shared", "file_id": "F10", "user_id": "UCLEO",
                    "channel_id": thread[0], "event_ts": "1"})
    assert len(await store.entries(CASE)) == entries
    assert len(fake.thread(*thread)) == posts and len(fake.shared_in(thread[0])) == 1
    assert len(fake.downloads) == 2  # the agreement file, and the export once

    # The brand's counter-report, the same day: where the two differ is flagged.
    timed.advance(hours=1)
    await ws.event(share(ws, fake, "UANA", thread, "F11", "brand-posts.csv",
                         export("61,000")))
    [_, counter] = [t for t in fake.thread(*thread) if t.startswith("KPI targets")]
    assert ("Disputed: views of instagram:GLOW1abcd: the brand reports 61,000 (native "
            "export), the creator 84,200 (native export), 27.6% apart: neither counts until a "
            "better source comes.") in counter
    assert "no figure yet of 100,000" in counter
    uploads = fake.shared_in(thread[0])
    assert [(u.thread_ts, u.filename) for u in uploads] == [(thread[1], f"{CASE}-kpis.png")] * 2
    chart(uploads[1])
    [brand] = [e.payload for e in await store.entries(CASE)
               if e.kind == "metrics_reported" and e.payload["side"] == "brand"]
    assert brand["filename"] == "brand-posts.csv"

    assert await verify_case(app.store, app.evidence, CASE) == []
    assert await verify_case(app.store, app.evidence, CP) == []


async def test_a_campaign_thread_refuses_other_files_and_keeps_an_export_as_figures(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, app: App,
        evidence_store: FileEvidenceStore, timed: Clock) -> None:
    thread = await live_campaign(ws, fake, store, timed)
    before, files_before = await kinds(store, CP), stored(evidence_store)

    await ws.event(share(ws, fake, "UCLEO", thread, "F20", "deck.pdf", b"%PDF-1.7 the deck",
                         "application/pdf"))
    refusal = fake.private_to("UCLEO")[-1]
    assert refusal.startswith("Not done: Files in a campaign's thread are kept only as "
                              "figures from an analytics export. That file is not an "
                              "analytics export this bot reads.")
    assert await kinds(store, CP) == before and stored(evidence_store) == files_before
    assert fake.uploads == {}

    # Someone who is no party to it is refused before the file is fetched.
    downloads = len(fake.downloads)
    await ws.event(share(ws, fake, "UOTTO", thread, "F21", "posts.csv", export("500,000")))
    assert "Only the parties to campaign CP-000001 report its figures" in \
        fake.private_to("UOTTO")[-1]
    assert len(fake.downloads) == downloads and await kinds(store, CP) == before

    timed.advance(days=2)
    await ws.event(share(ws, fake, "UCLEO", thread, "F22", "posts.csv", export("120,400")))
    assert (await kinds(store, CP))[len(before):] == ["metrics_reported"]
    said = "\n".join(fake.thread(*thread))
    assert "at least 120,400 of 100,000 — provisional" in said
    [upload] = fake.shared_in(thread[0])
    assert (upload.thread_ts, upload.filename) == (thread[1], f"{CP}-kpis.png")
    chart(upload)
    assert await verify_case(app.store, app.evidence, CP) == []


async def test_a_chart_slack_will_not_take_is_explained_in_the_thread(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore, timed: Clock) -> None:
    thread = await live_campaign(ws, fake, store, timed)
    fake.fail("files.getUploadURLExternal", status=200, error="missing_scope")
    await ws.event(share(ws, fake, "UCLEO", thread, "F30", "posts.csv", export("99,000")))
    said = fake.thread(*thread)
    assert "99,000 of 100,000" in said[-2]
    assert said[-1] == (f"(I could not attach {CP}-kpis.png: this app may not upload files "
                        "(the `files:write` scope): an admin can reinstall it to allow it.)")
    assert (await kinds(store, CP))[-1] == "metrics_reported"
