"""A campaign on Discord, end to end over the real discord.py client and the fake Discord:
proposed from an attached agreement, accepted by hash by both, drafts in its thread, a review
window passing in silence and a payment falling overdue as the clock moves, a post gone live
late; then a case opened on the campaign in its thread, its brief, and a settlement on the
outcome the agreement computes."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.wiring import App
from bot.campaign.record import kinds as campaign_kinds
from bot.domain import kinds
from bot.service.store_audit import verify_case
from tests.adapters.discord.campaign_chat import (
    Clock,
    agreed,
    example,
    propose,
    thread_text,
    time_passes,
)
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord

NO_PINGS = {"parse": []}


@pytest.fixture
def clock(app: App) -> Clock:
    moved = Clock()
    app.service.clock = moved
    return moved


@pytest.fixture
async def chat(fake: FakeDiscord, scene: Scene, app: App, start_bot: Any,
               clock: Clock) -> Chat:
    bot: RunningBot = await start_bot(sweep_seconds=3600)  # the test fires deadlines itself
    return Chat(fake, scene, bot, app)


async def test_a_campaign_goes_from_proposal_to_a_settled_case_on_it(
        fake: FakeDiscord, chat: Chat, app: App, clock: Clock) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")

    # Ana proposes from the attached agreement, the console's example as it is: its parties
    # `@Ana` and `@Ben` are the members going by those names. The campaign gets its thread.
    campaign = await propose(fake, chat, ana, ben, example())
    cid, thread = campaign.id, campaign.thread
    assert campaign.proposed.ephemeral
    assert campaign.proposed.text == f"Done: campaign {cid} in <#{thread}>."
    assert fake.threads[thread]["name"] == f"{cid} Spring Glow launch"
    assert fake.threads[thread]["parent_id"] == fake.channel["id"]
    assert fake.thread_members[thread] >= {ana.id, ben.id}
    card = chat.posts(thread)[0]
    embed = card["embeds"][0]
    assert embed["title"] == f"Campaign {cid}: Spring Glow launch"
    assert {f["name"]: f["value"] for f in embed["fields"]}["Hash"] == f"`{campaign.hash}`"
    assert f"proposed version 1, hash {campaign.hash[:12]}" in thread_text(chat, thread)
    invitation = next(m for m in chat.posts(thread) if m["content"].startswith(f"<@{ben.id}>"))
    assert "naming you as a party" in invitation["content"]
    assert invitation["_body"]["allowed_mentions"] == {"parse": [], "users": [int(ben.id)]}
    [proposed] = await chat.journal(cid)
    assert proposed.source == f"discord:ix:{campaign.proposed.id}"
    terms = proposed.payload["terms"]  # the canonical text the hash covers
    assert f'"discord:{ana.id}"' in terms and f'"discord:{ben.id}"' in terms
    assert '"@Ana"' not in terms

    # Both accept by hash: Ana in the thread (no `campaign` option), Ben from #disputes.
    await chat.campaign(ana, "accept", thread, hash=campaign.hash[:12])
    accepted = await chat.campaign(ben, "accept", hash=campaign.hash[:12], campaign=cid)
    assert accepted.ephemeral
    assert "version 1 is agreed and in force" in thread_text(chat, thread)

    # What Ben writes in the thread is journaled in the campaign's own chain.
    said = await chat.say(ben, thread, "Drafts coming today @everyone")
    message = (await chat.journal(cid))[-1]
    assert (message.kind, message.case_id, message.payload["ref"]) == (
        kinds.MESSAGE_POSTED, cid, said["id"])

    # Drafts; Ana approves d1 and leaves d2's review window to pass in silence.
    for item in ("d1", "d2"):
        await chat.campaign(ben, "deliverable", thread, move="draft", item=item,
                            details=f"https://drive.example.com/glow/{item}-draft.mp4")
    await chat.campaign(ana, "deliverable", thread, move="approve", item="d1")
    await time_passes(chat, clock, days=3)
    shown = thread_text(chat, thread)
    assert "Deliverable d2 (tt_video): draft approved by silence" in shown
    assert "the payment of milestone m1 (EUR 1,000.00), from Ana (Glow Skincare)" in shown
    live = await chat.campaign(ben, "deliverable", thread, move="live", item="d1",
                               details="https://www.instagram.com/reel/GLOW1/",
                               caption="Week one with the Glow serum #ad @glowskincare")
    assert live.ephemeral
    await time_passes(chat, clock, days=5)
    await chat.campaign(ben, "deliverable", thread, move="live", item="d2",
                        details="https://www.tiktok.com/@ben/video/7001",
                        caption="Glow serum, honest review #ad #GlowPartner")
    status = await chat.campaign(ben, "status", thread)
    assert "m1: EUR 1,000.00, due, not invoiced yet" in status.text and "(overdue)" in status.text
    life = [e.kind for e in await chat.journal(cid)]
    assert life.count(campaign_kinds.AGREEMENT_ACCEPTED) == 2

    # Ben opens a case on the campaign, in its thread, on d2 and m1.
    before = set(fake.threads)
    form = await chat.slash(ben, "open", thread, counterpart=ana, side="creator",
                            category="non_payment", title="Late TikTok and unpaid deposit",
                            items="d2,m1")
    inputs = {row["component"]["custom_id"]: row["component"].get("value")
              for row in form.modal["components"]}
    assert len(inputs) == 5 and inputs["items"] == "d2,m1"
    opened = await chat.fill(ben, form, {
        "title": "Late TikTok and unpaid deposit", "items": "d2,m1",
        "summary": "The deposit due on signing was never paid.",
        "desired_outcome": "The fee as the agreement computes it."}, thread)
    assert opened.text.startswith("Done: case MB-"), opened.text
    [case_thread] = [t for t in fake.threads if t not in before]
    case_id = fake.threads[case_thread]["name"].split()[0]
    assert fake.threads[case_thread]["parent_id"] == fake.channel["id"]
    brief = thread_text(chat, case_thread)
    assert f"Campaign {cid} (Spring Glow launch), version 1 (hash {campaign.hash})" in brief
    assert "In dispute: d2, m1." in brief
    assert "2 days late" in brief and "5 days overdue" in brief
    assert "Computed outcome:" in brief and "200.00 EUR" in brief

    # Statements, the computed proposal, acceptance, signatures.
    await chat.slash(ana, "join", case_thread)
    mine = await chat.slash(ana, "statement", case_thread)
    await chat.fill(ana, mine, {
        "what_happened": "The TikTok went live two days after its window closed.",
        "wants": "The fee less the late-delivery reduction.", "position": "partly_admit"},
        case_thread)
    theirs = await chat.slash(ben, "statement", case_thread)
    await chat.fill(ben, theirs, {
        "what_happened": "Both posts are live with the agreed captions; no deposit came.",
        "wants": "The fee as the agreement computes it."}, case_thread)
    computed = await chat.slash(ben, "propose", case_thread, terms="computed")
    assert computed.ephemeral  # answered at once: no modal to fill in
    offer = (await chat.journal(case_id))[-1]
    assert offer.kind == kinds.PROPOSAL_MADE
    assert offer.payload["terms"]["amount"] == "1800.00"
    assert f"Computed from campaign {cid}" in offer.payload["terms"]["terms"]
    await chat.slash(ana, "accept", case_thread, number=1)
    await chat.slash(ana, "sign", case_thread)
    await chat.slash(ben, "sign", case_thread)
    assert "settled" in chat.posts(case_thread)[-1]["content"]

    entries = await chat.journal(case_id)
    assert [e.kind for e in entries] == [
        kinds.CASE_OPENED, kinds.CASE_JOINED, kinds.STATEMENT_SUBMITTED,
        kinds.STATEMENT_SUBMITTED, kinds.STATEMENTS_REVEALED, kinds.PROPOSAL_MADE,
        kinds.PROPOSAL_ACCEPTED, kinds.AGREEMENT_DRAFTED, kinds.AGREEMENT_SIGNED,
        kinds.AGREEMENT_SIGNED, kinds.CASE_CLOSED]
    assert entries[0].payload["campaign"]["campaign"] == cid
    assert entries[0].payload["campaign"]["disputed"] == ["d2", "m1"]
    assert entries[-1].payload["reason"] == "settled"
    assert await verify_case(app.store, app.evidence, case_id) == []
    assert await verify_case(app.store, app.evidence, cid) == []

    # Nothing the bot sent could ping anyone but the person it was meant for.
    sent = [m for posts in fake.sent.values() for m in posts]
    sent += [f for followups in fake.followups.values() for f in followups]
    for m in sent:
        mentions = m["_body"].get("allowed_mentions")
        if mentions != NO_PINGS:
            [user] = mentions["users"]
            assert mentions == {"parse": [], "users": [user]} and m["content"].startswith(
                f"<@{user}>"), m["content"]


async def test_the_campaign_thread_keeps_every_version_of_a_message_and_its_deletion(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await agreed(fake, chat, ana, ben)
    said = await chat.say(ana, campaign.thread, "The brief says 3 posts")
    edited = await chat.scene.edit(said, "The brief says 2 posts")
    await chat.bot.handled(f"edit:{said['id']}")
    await chat.scene.delete(edited)
    await chat.bot.handled(f"delete:{said['id']}")
    tail = (await chat.journal(campaign.id))[-3:]
    assert [(e.kind, e.case_id, e.payload.get("text")) for e in tail] == [
        (kinds.MESSAGE_POSTED, campaign.id, "The brief says 3 posts"),
        (kinds.MESSAGE_EDITED, campaign.id, "The brief says 2 posts"),
        (kinds.MESSAGE_DELETED, campaign.id, None)]
    status = await chat.campaign(ana, "status", campaign.thread)
    assert status.text.startswith(f"Campaign {campaign.id}: Spring Glow launch")
