"""Analytics exports on Discord, end to end over the real discord.py client and the fake
Discord: a creator's Meta export posted in the thread of a case on a campaign is answered in
that thread with the KPI table and its chart attached to the same message; the brand's
counter-report shows the dispute; a replayed event records nothing twice; a campaign's thread
keeps an export as figures and refuses any other file, keeping nothing."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from PIL import Image

from adapters.discord import render
from adapters.wiring import App
from bot.domain import kinds
from bot.exchange import ACTOR, THREAD, Attachment, Reply
from bot.service.store_audit import verify_case
from tests.adapters.discord.campaign_chat import (
    Campaign,
    Clock,
    agreement,
    propose,
    time_passes,
)
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord, Person
from tests.kpi_campaign import KPIS, REEL, export

Json = dict[str, Any]
T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # the export below is of a reel of 25 November
NO_PINGS: Json = {"parse": []}
CREATOR_LINE = ("1. views · d1 (guaranteed, organic only, 7 days from publication): 84,200 of "
                "100,000 — provisional")


@pytest.fixture
def clock(app: App) -> Clock:
    moved = Clock()
    moved.now = T0
    app.service.clock = moved
    return moved


@pytest.fixture
async def chat(fake: FakeDiscord, scene: Scene, app: App, start_bot: Any,
               clock: Clock) -> Chat:
    bot: RunningBot = await start_bot(sweep_seconds=3600)  # the test moves time itself
    return Chat(fake, scene, bot, app)


async def live_reel(fake: FakeDiscord, chat: Chat, clock: Clock, ana: Person,
                    ben: Person) -> Campaign:
    """The campaign with its views KPI agreed by both; d1 drafted, approved, live."""
    campaign = await propose(fake, chat, ana, ben, agreement(ana, ben) + KPIS.encode())
    for person in (ana, ben):
        await chat.campaign(person, "accept", campaign.thread, hash=campaign.hash[:12])
    await chat.campaign(ben, "deliverable", campaign.thread, move="draft", item="d1",
                        details="https://drive.example.com/glow/d1-draft.mp4")
    await chat.campaign(ana, "deliverable", campaign.thread, move="approve", item="d1")
    clock.advance(days=4)
    live = await chat.campaign(ben, "deliverable", campaign.thread, move="live", item="d1",
                               details=REEL, caption="Week one #ad @glowskincare")
    assert not live.text.startswith("Not done"), live.text
    return campaign


async def case_on(fake: FakeDiscord, chat: Chat, campaign: Campaign, ana: Person,
                  ben: Person) -> tuple[str, str]:
    """Ana (the brand) opens a case on d1 in the campaign's thread; Ben joins it."""
    before = set(fake.threads)
    form = await chat.slash(ana, "open", campaign.thread, counterpart=ben, side="brand",
                            category="other", title="Reel under target", items="d1")
    opened = await chat.fill(ana, form, {
        "title": "Reel under target", "items": "d1", "summary": "The reel missed its views.",
        "desired_outcome": "The remedy the agreement states."}, campaign.thread)
    assert opened.text.startswith("Done: case MB-"), opened.text
    [thread] = [t for t in fake.threads if t not in before]
    case_id = fake.threads[thread]["name"].split()[0]
    await chat.slash(ben, "join", thread)
    return case_id, thread


def with_files(chat: Chat, thread: str) -> list[Json]:
    return [m for m in chat.posts(thread) if m["_files"]]


def png_named(message: Json) -> str:
    """The one file of a message: a PNG (as Pillow reads it); its name."""
    [(name, content)] = message["_files"].items()
    image = Image.open(io.BytesIO(content))
    assert image.format == "PNG" and image.width > 1000
    return str(name)


def evidence_files(app: App) -> list[str]:
    root = app.evidence.root
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def test_exports_in_a_case_thread_answer_there_with_the_kpi_table_and_its_chart(
        fake: FakeDiscord, chat: Chat, app: App, clock: Clock) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await live_reel(fake, chat, clock, ana, ben)
    case_id, thread = await case_on(fake, chat, campaign, ana, ben)
    # The 7-day window ended a day ago: within the 48-hour data lag.
    await time_passes(chat, clock, days=8)

    # Ben (the creator) posts Meta's export; its name would ping everyone if let through.
    content = export("84,200")
    upload = fake.cdn_file("posts-@everyone.csv", content)
    before = len(chat.posts(thread))
    said = await chat.say(ben, thread, "Our numbers", [upload])
    journal = await chat.journal(case_id)
    assert [e.kind for e in journal[-3:]] == [
        kinds.MESSAGE_POSTED, kinds.EVIDENCE_ADDED, kinds.METRICS_REPORTED]
    figures = journal[-1].payload
    assert (figures["side"], figures["format"], figures["sha256"]) == (
        "creator", "meta_posts", hashlib.sha256(content).hexdigest())
    assert {str(e.source).split("#")[0] for e in journal[-2:]} == {
        f"discord:att:{upload['id']}"}

    # In the case's thread: the KPI table, with the chart attached to that very message.
    [table] = with_files(chat, thread)
    assert CREATOR_LINE in table["content"]
    assert png_named(table) == f"{case_id}-kpis.png"
    assert table["_body"]["allowed_mentions"] == NO_PINGS
    named = [m for m in chat.posts(thread)[before:] if "posts-@everyone.csv" in m["content"]]
    assert named and all(m["_body"]["allowed_mentions"] == NO_PINGS for m in named)
    assert not with_files(chat, campaign.thread)  # not in the campaign's thread

    # Ana (the brand) posts her own export of the same reel, the same day: disputed.
    clock.advance(hours=1)
    await chat.say(ana, thread, "", [fake.cdn_file("brand-posts.csv", export("61,000"))])
    first, counter = with_files(chat, thread)
    assert first is table
    assert ("Disputed: views of instagram:GLOW1abcd: the brand reports 61,000 (native "
            "export), the creator 84,200 (native export), 27.6% apart: neither counts until a "
            "better source comes.") in counter["content"]
    assert "no figure yet of 100,000" in counter["content"]
    assert png_named(counter) == f"{case_id}-kpis.png"
    assert counter["_body"]["allowed_mentions"] == NO_PINGS

    # The journal verifies, files and all.
    assert await verify_case(app.store, app.evidence, case_id) == []
    assert await verify_case(app.store, app.evidence, campaign.id) == []
    reports = [e for e in await chat.journal(case_id) if e.kind == kinds.METRICS_REPORTED]
    assert [e.payload["side"] for e in reports] == ["creator", "brand"]

    # A resumed gateway session replays Ben's message: nothing is fetched, written or said.
    after = await chat.journal(case_id)
    posts = len(chat.posts(thread))
    cdn_gets = len([c for c in fake.calls if c.path.startswith("/cdn/")])
    chat.bot.keys.discard(f"message:{said['id']}")
    await chat.say(ben, thread, "Our numbers", [upload], message_id=said["id"])
    assert await chat.journal(case_id) == after
    assert len(chat.posts(thread)) == posts
    assert len([c for c in fake.calls if c.path.startswith("/cdn/")]) == cdn_gets


async def test_a_campaign_thread_keeps_an_export_as_figures_and_refuses_other_files(
        fake: FakeDiscord, chat: Chat, app: App, clock: Clock) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await live_reel(fake, chat, clock, ana, ben)
    await time_passes(chat, clock, days=8)  # the deadlines due fire now, not during the test

    # A PDF: refused in the thread, saying what is kept there; nothing journaled or stored.
    journal, stored = await chat.journal(campaign.id), evidence_files(app)
    posts = len(chat.posts(campaign.thread))
    await chat.say(ben, campaign.thread, "", [fake.cdn_file("invoice.pdf",
                                                            b"%PDF-1.4 an invoice")])
    [refusal] = [m for m in chat.posts(campaign.thread)[posts:]
                 if m["content"].startswith("Not kept")]
    assert refusal["content"].startswith(
        "Not kept: Files in a campaign's thread are kept only as figures from an analytics "
        "export."), refusal["content"]
    assert "as evidence in a case opened on the campaign" in refusal["content"]
    assert refusal["_body"]["allowed_mentions"] == NO_PINGS
    assert await chat.journal(campaign.id) == journal
    assert evidence_files(app) == stored

    # An export: its figures recorded in the campaign's record, the table and chart shown.
    content = export("90,500")
    await chat.say(ben, campaign.thread, "", [fake.cdn_file("posts.csv", content)])
    [reported] = (await chat.journal(campaign.id))[len(journal):]
    assert reported.kind == kinds.METRICS_REPORTED
    assert reported.payload["sha256"] == hashlib.sha256(content).hexdigest()
    [table] = with_files(chat, campaign.thread)
    assert "90,500 of 100,000 — provisional" in table["content"]
    assert png_named(table) == f"{campaign.id}-kpis.png"
    assert table["_body"]["allowed_mentions"] == NO_PINGS
    assert await verify_case(app.store, app.evidence, campaign.id) == []


async def test_an_export_given_with_the_evidence_command_charts_in_the_thread_not_the_answer(
        fake: FakeDiscord, chat: Chat, clock: Clock) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await live_reel(fake, chat, clock, ana, ben)
    case_id, thread = await case_on(fake, chat, campaign, ana, ben)
    clock.advance(days=8)
    answer = await chat.slash(ben, "evidence", thread,
                              file=fake.cdn_file("posts.csv", export("84,200")))
    assert answer.ephemeral and not any(f["_files"] for f in answer.followups)
    [table] = with_files(chat, thread)
    assert CREATOR_LINE in table["content"]
    assert png_named(table) == f"{case_id}-kpis.png"


def test_a_long_reply_carries_its_chart_on_its_own_last_message() -> None:
    chart = Attachment("MB-000001-kpis.png", b"\x89PNG", "image/png")
    table = "\n".join(f"{n}. views · d{n}: 1 of 100,000 — provisional." for n in range(90))
    posts = render.replies([Reply(THREAD, "Evidence #1 kept.", "MB-000001"),
                            Reply(THREAD, table, "MB-000001", attachment=chart),
                            Reply(THREAD, "Next: the statements.", "MB-000001")])
    assert len(posts) > 3 and all(len(p.content) <= render.MESSAGE_LIMIT for p in posts)
    with_chart = [n for n, p in enumerate(posts) if p.attachment is not None]
    assert with_chart == [len(posts) - 2]  # the table's last piece, not the message after
    assert posts[with_chart[0]].content.endswith("89. views · d89: 1 of 100,000 — provisional.")
    assert render.replies([Reply(ACTOR, "", "x")])[0].content == "…"
