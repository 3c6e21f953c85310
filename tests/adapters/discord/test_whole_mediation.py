"""A whole mediation on Discord: slash commands, buttons, modals and thread messages with an
attachment, from opening to a signed agreement, as the fake Discord saw it and as journaled."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from adapters.wiring import App
from bot.domain import kinds
from bot.service.store_audit import verify_case
from bot.text.witness import MILESTONES, record_fingerprint
from tests.adapters.discord.chat import OPEN_FORM, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene, buttons
from tests.adapters.discord.fake.server import FakeDiscord

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 200  # ~50 KiB: several CDN chunks
NO_PINGS = {"parse": []}


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


def allowed_mentions(fake: FakeDiscord) -> list[tuple[str, Any]]:
    """(content, allowed_mentions) of everything the bot sent with text."""
    sent = [m for messages in fake.sent.values() for m in messages]
    sent += [f for followups in fake.followups.values() for f in followups]
    return [(m["content"], m["_body"].get("allowed_mentions")) for m in sent]


async def test_a_case_goes_from_opening_to_a_signed_agreement(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")

    # Ana opens the case: the slash options are step one, the modal step two.
    form = await chat.slash(ana, "open", counterpart=ben, side="brand",
                            category="late_or_missing_deliverable", title="Late launch video",
                            amount="1500", currency="EUR")
    assert {c["type"] for c in form.modal["components"]} == {18}  # labels
    inputs = [label["component"] for label in form.modal["components"]]
    assert [i["custom_id"] for i in inputs] == ["title", "campaign", "items", "summary",
                                                "desired_outcome"]  # five: Discord's most
    assert inputs[0]["value"] == "Late launch video"  # pre-filled from the slash option
    opened = await chat.fill(ana, form, OPEN_FORM)
    assert opened.ephemeral and "Done: case MB-" in opened.text
    [thread] = fake.threads
    case_id = fake.threads[thread]["name"].split()[0]
    assert fake.threads[thread]["type"] == 12  # private
    assert fake.thread_members[thread] >= {ana.id, ben.id}
    card = chat.with_buttons(thread)
    assert card["embeds"][0]["title"] == f"Case {case_id}: Late launch video"
    assert list(buttons(card)) == ["Join the mediation", "Decline", "Ask for a mediator",
                                   "Status"]
    invitation = next(m for m in chat.posts(thread) if m["content"].startswith(f"<@{ben.id}>"))
    assert invitation["_body"]["allowed_mentions"] == {"parse": [], "users": [int(ben.id)]}

    # Ben joins with the button on the case card; statements through modals.
    joined = await chat.click(ben, "Join the mediation", card)
    assert joined.ephemeral
    assert "Ben agreed to mediate" in chat.posts(thread)[-1]["content"]
    statement_form = await chat.click(ana, "Submit statement", chat.with_buttons(thread))
    assert len(statement_form.modal["components"]) == 5  # Discord's limit per modal
    sealed = await chat.fill(ana, statement_form, {
        "what_happened": "Video 12 days late", "wants": "20% off",
        "amount": "300", "currency": "EUR"}, thread)
    assert "sealed" in sealed.text
    ben_form = await chat.slash(ben, "statement", thread)
    await chat.fill(ben, ben_form, {"what_happened": "The brief changed late",
                                    "wants": "Full fee", "position": "dispute"}, thread)
    assert "Both statements are in" in chat.posts(thread)[-1]["content"]

    # Ana writes in the thread with a screenshot: the message and the file are journaled.
    shot = fake.cdn_file("timeline.png", PNG)
    message = await chat.say(ana, thread, "Here is the timeline <@&1> @everyone", [shot])
    said = await chat.journal(case_id)
    posted = [e for e in said if e.kind == kinds.MESSAGE_POSTED]
    assert [(e.payload["ref"], e.source) for e in posted] == [
        (message["id"], f"discord:msg:{message['id']}")]
    [evidence] = [e for e in said if e.kind == kinds.EVIDENCE_ADDED]
    assert evidence.payload["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert evidence.payload["media_type"] == "image/png"
    assert evidence.source == f"discord:att:{shot['id']}"
    assert (app.evidence.root / evidence.payload["sha256"][:2] /
            evidence.payload["sha256"]).read_bytes() == PNG
    assert f"SHA-256 {hashlib.sha256(PNG).hexdigest()}" in chat.posts(thread)[-1]["content"]

    # Edited and deleted: every version kept.
    edited = await chat.scene.edit(message, "Here is the corrected timeline")
    await chat.bot.handled(f"edit:{message['id']}")
    await chat.scene.delete(edited)
    await chat.bot.handled(f"delete:{message['id']}")
    tail = (await chat.journal(case_id))[-2:]
    assert [(e.kind, e.payload.get("version"), e.payload.get("text")) for e in tail] == [
        (kinds.MESSAGE_EDITED, 2, "Here is the corrected timeline"),
        (kinds.MESSAGE_DELETED, None, None)]

    # Negotiation: a proposal by modal, accepted by button, signed by button and command.
    proposal_form = await chat.click(ana, "Propose terms", chat.with_buttons(thread))
    assert len(proposal_form.modal["components"]) <= 5
    await chat.fill(ana, proposal_form, {"amount+currency": "1200 EUR",
                                         "deliverables": "Video stays up 90 days"}, thread)
    offer = chat.with_buttons(thread)
    assert "Proposal #1" in offer["content"]
    made = (await chat.journal(case_id))[-1]
    assert (made.payload["terms"]["amount"], made.payload["terms"]["currency"]) == (
        "1200.00", "EUR")
    assert {"Accept #1", "Counter #1", "Reject #1"} <= set(buttons(offer))
    await chat.click(ben, "Accept #1", offer)
    agreement = chat.with_buttons(thread)
    assert "Agreement drafted" in "\n".join(m["content"] for m in chat.posts(thread)[-3:])
    await chat.click(ana, "Sign the agreement", agreement)
    signed = await chat.slash(ben, "sign", thread)
    assert signed.ephemeral
    assert "settled" in chat.posts(thread)[-1]["content"]

    entries = await chat.journal(case_id)
    assert [e.kind for e in entries if not e.kind.startswith("message_")] == [
        kinds.CASE_OPENED, kinds.CASE_JOINED, kinds.STATEMENT_SUBMITTED,
        kinds.STATEMENT_SUBMITTED, kinds.STATEMENTS_REVEALED, kinds.EVIDENCE_ADDED,
        kinds.PROPOSAL_MADE, kinds.PROPOSAL_ACCEPTED, kinds.AGREEMENT_DRAFTED,
        kinds.AGREEMENT_SIGNED, kinds.AGREEMENT_SIGNED, kinds.CASE_CLOSED]
    assert entries[0].actor_id == f"discord:{ana.id}"
    assert entries[0].payload["respondent"]["user_id"] == f"discord:{ben.id}"
    assert entries[-1].payload["reason"] == "settled"
    assert await verify_case(app.store, app.evidence, case_id) == []
    said = "\n".join(m["content"] for m in chat.posts(thread))
    for entry in entries:  # each milestone showed the record's fingerprint at that entry
        line = f"Record fingerprint at entry {entry.seq}: {record_fingerprint(entry.hash)}"
        assert (line in said) is (entry.kind in MILESTONES), (entry.kind, line)

    # Nothing the bot sent could ping anyone but the person it was meant for.
    for content, mentions in allowed_mentions(fake):
        if mentions != NO_PINGS:
            assert mentions == {"parse": [], "users": [int(ben.id)]}, content
            assert content.startswith(f"<@{ben.id}>")


async def test_an_outsiders_click_is_refused_privately_and_changes_nothing(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben, cleo = fake.person("Ana"), fake.person("Ben"), fake.person("Cleo")
    case_id, thread = await chat.open_case(ana, ben)
    before = await chat.journal(case_id)
    posts_before = len(chat.posts(thread))
    pending_before = await chat.app.store.pending_outbox("discord")

    refused = await chat.click(cleo, "Join the mediation", chat.with_buttons(thread))

    assert refused.ephemeral
    assert refused.text.startswith("Not done: You are not a party to case")
    assert await chat.journal(case_id) == before
    assert len(chat.posts(thread)) == posts_before
    assert await chat.app.store.pending_outbox("discord") == pending_before


async def test_the_same_message_delivered_twice_is_journaled_once(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    shot = fake.cdn_file("proof.png", PNG)
    first = await chat.say(ana, thread, "The proof", [shot])
    after_first = await chat.journal(case_id)

    # A resumed gateway session replays the event: same message id, same attachment.
    fake.sent.clear()
    chat.bot.keys.discard(f"message:{first['id']}")  # wait for the replay's handling
    await chat.say(ana, thread, "The proof", [shot], message_id=first["id"])

    assert await chat.journal(case_id) == after_first
    assert [e.kind for e in after_first[-2:]] == [kinds.MESSAGE_POSTED, kinds.EVIDENCE_ADDED]
    assert chat.posts(thread) == []  # no second confirmation either
    cdn_gets = [c for c in fake.calls if c.path.startswith("/cdn/")]
    assert len(cdn_gets) == 1  # the replay found the attachment journaled: nothing fetched


async def test_an_evidence_upload_delivered_twice_fetches_the_file_once(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    contract = fake.cdn_file("contract.pdf", b"%PDF-1.4 signed")
    first = await chat.slash(ana, "evidence", thread, file=contract)
    again = await chat.slash(ana, "evidence", thread, file=contract)
    assert first.text.startswith(f"Done: case {case_id}")
    assert again.text == "Already recorded."
    assert len([c for c in fake.calls if c.path.startswith("/cdn/")]) == 1
    evidence = [e for e in await chat.journal(case_id) if e.kind == kinds.EVIDENCE_ADDED]
    assert len(evidence) == 1


async def test_a_replayed_edit_is_journaled_once(fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    message = await chat.say(ana, thread, "Draft")
    for _ in range(2):  # the same MESSAGE_UPDATE, delivered twice
        await chat.scene.edit(message, "Final", edited_at="2026-11-21T10:00:00+00:00")
        await chat.bot.handled(f"edit:{message['id']}")
        chat.bot.keys.discard(f"edit:{message['id']}")
    edits = [e for e in await chat.journal(case_id) if e.kind == kinds.MESSAGE_EDITED]
    assert [(e.payload["version"], e.payload["text"]) for e in edits] == [(2, "Final")]


async def test_a_burst_of_messages_is_journaled_in_the_order_it_arrived(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    before = len(await chat.journal(case_id))
    # Sent back to back without waiting: the bot writes them in batches, never out of order.
    sent = [await chat.scene.say(ana if n % 2 else ben, thread, f"line {n}")
            for n in range(30)]
    for message in sent:
        await chat.bot.handled(f"message:{message['id']}")
    journal = (await chat.journal(case_id))[before:]
    assert [e.payload["text"] for e in journal] == [f"line {n}" for n in range(30)]
    assert [e.payload["ref"] for e in journal] == [m["id"] for m in sent]


async def test_a_deletion_right_behind_its_message_is_journaled_after_it(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    before = len(await chat.journal(case_id))
    # A burst, then a deletion of its last message before the bot has written it.
    sent = [await chat.scene.say(ana, thread, f"line {n}") for n in range(10)]
    await chat.scene.delete(sent[-1])
    for message in sent:
        await chat.bot.handled(f"message:{message['id']}")
    await chat.bot.handled(f"delete:{sent[-1]['id']}")
    journal = (await chat.journal(case_id))[before:]
    assert [(e.kind, e.payload["ref"]) for e in journal] == [
        *[(kinds.MESSAGE_POSTED, m["id"]) for m in sent], (kinds.MESSAGE_DELETED, sent[-1]["id"])]
