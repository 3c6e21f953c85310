"""The review road on Discord, through the real discord.py client and the fake Discord: the
briefing as an ephemeral embed on `take` (a direct message on a hand-off), `/review handoff`
moving the caucus's members, and a recommendation made in its modal and accepted by both
sides with `/review answer`. No message the bot sends may ping anyone it was not meant to."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.wiring import App
from bot.domain import kinds
from tests.adapters.discord.chat import Answer, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene, buttons
from tests.adapters.discord.fake.server import FakeDiscord, Person

Json = dict[str, Any]
NO_PINGS = {"parse": []}


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def review(chat: Chat, who: Person, sub: str, thread: str, /, **options: object
                 ) -> Answer:
    """`/review <sub> option:value ...` typed by `who` in the case thread."""
    interaction_id = await chat.scene.slash(who, sub, thread, command="review", **options)
    await chat.bot.handled(f"interaction:{interaction_id}")
    return chat.answer(interaction_id)


async def stalled(fake: FakeDiscord, chat: Chat) -> tuple[Person, Person, str, str]:
    """Ana's case against Ben: statements in (Ben's sealed answer to the claim), evidence, a
    proposal, and a mediator asked for."""
    ana, ben = fake.person("Ana"), fake.person("Ben")
    case_id, thread = await chat.open_case(ana, ben)
    await chat.slash(ben, "join", thread)
    for person, values in (
            (ana, {"what_happened": "Posted on time", "wants": "The fee"}),
            (ben, {"what_happened": "Posted twelve days late", "wants": "Half the fee",
                   "position": "dispute"})):
        await chat.fill(person, await chat.slash(person, "statement", thread), values, thread)
    brief = fake.cdn_file("brief.txt", b"the signed campaign brief")
    await chat.slash(ana, "evidence", thread, file=brief, description="The signed brief")
    proposed = await chat.fill(ana, await chat.slash(ana, "propose", thread),
                               {"amount+currency": "1500 EUR", "terms": "The fee in full"},
                               thread)
    assert proposed.ephemeral, proposed.text
    await chat.slash(ana, "mediator", thread, reason="We are stuck on the amount.")
    return ana, ben, case_id, thread


def briefing_embeds(answer: Answer | list[Json]) -> list[Json]:
    messages = answer.followups if isinstance(answer, Answer) else answer
    return [e for m in messages for e in m.get("embeds") or []
            if str(e.get("title", "")).startswith("Briefing")]


def fields(embeds: list[Json]) -> dict[str, str]:
    found: dict[str, str] = {}
    for embed in embeds:
        for field in embed.get("fields", []):
            found[field["name"]] = found.get(field["name"], "") + field["value"]
    return found


def everything_sent(fake: FakeDiscord) -> list[Json]:
    """Every message the bot posted (threads, DMs) and every interaction follow-up."""
    return [m for messages in (*fake.sent.values(), *fake.followups.values()) for m in messages]


def assert_no_pings_but_notices(fake: FakeDiscord) -> None:
    """Every message pings nobody, except an outbox notice that pings exactly its addressee."""
    for message in everything_sent(fake):
        mentions = message["_body"].get("allowed_mentions")
        assert mentions is not None, message
        assert mentions["parse"] == [], message
        pinged = set(mentions.get("users", [])) | set(mentions.get("roles", []))
        if pinged:
            assert message["content"].startswith("<@"), message
            assert len(pinged) == 1, message


async def test_take_briefs_the_mediator_alone_in_an_ephemeral_embed(
        fake: FakeDiscord, chat: Chat) -> None:
    _, ben, case_id, thread = await stalled(fake, chat)
    mo = fake.person("Mo", mediator=True)
    before = len(chat.posts(thread))
    taken = await chat.slash(mo, "take", thread)
    assert taken.ephemeral
    embeds = briefing_embeds(taken)
    assert embeds and embeds[0]["title"].startswith(f"Briefing: case {case_id}")
    shown = fields(embeds)
    assert set(shown) >= {"Each side", "Evidence", "Offers so far", "Deadlines"}
    assert "Posted twelve days late" in shown["Each side"]  # Ben's statement
    assert "brief.txt" in shown["Evidence"]
    assert "P1 by Ana" in shown["Offers so far"]
    assert all(m["_body"]["allowed_mentions"] == NO_PINGS for m in taken.followups)
    for embed in embeds:  # Discord's limits
        assert len(embed.get("fields", [])) <= 25
        assert all(len(f["value"]) <= 1024 and f["value"].strip() for f in embed["fields"])
    # Nothing of it in the case thread (nor anywhere else); the journal records it was shown.
    posted = json.dumps(chat.posts(thread)[before:] + [m for t, ms in fake.sent.items()
                                                       if t != thread for m in ms])
    assert "Posted twelve days late" not in posted and "Briefing" not in posted
    assert any("now mediating" in m["content"] for m in chat.posts(thread)[before:])
    journal = await chat.journal(case_id)
    assert journal[-1].kind == kinds.BRIEFING_GIVEN
    # A party asking for the briefing's words gets no such screen.
    assert briefing_embeds(await chat.slash(ben, "status", thread)) == []
    assert_no_pings_but_notices(fake)


async def test_a_hand_off_briefs_the_new_mediator_by_dm_and_moves_the_caucus(
        fake: FakeDiscord, chat: Chat) -> None:
    _, ben, case_id, thread = await stalled(fake, chat)
    mo, nia = fake.person("Mo", mediator=True), fake.person("Nia", mediator=True)
    await chat.slash(mo, "take", thread)
    await chat.slash(mo, "caucus", thread, party=ben)
    [caucus] = [t for t, data in fake.threads.items() if "caucus" in data["name"]]
    assert mo.id in fake.thread_members[caucus]

    handed = await review(chat, mo, "handoff", thread, mediator=nia,
                          reason="I know the brand's agency.")
    assert handed.ephemeral, handed.text
    assert not handed.text.startswith("Not done"), handed.text
    said = chat.posts(thread)[-1]["content"]
    assert "Mo handed case" in said and "to Nia" in said and "I know the brand's agency." in said
    # Nia is briefed by direct message, never in the thread.
    dm = fake.dms[nia.id]
    shown = fields(briefing_embeds(chat.posts(dm)))
    assert "Posted twelve days late" in shown["Each side"]
    assert "brief.txt" in shown["Evidence"]
    assert not any("Briefing" in json.dumps(m) for m in chat.posts(thread))
    assert all(m["_body"]["allowed_mentions"] == NO_PINGS for m in chat.posts(dm))
    # The caucus follows the mediator: Mo out, Nia in (and Nia in the case thread).
    assert nia.id in fake.thread_members[caucus] and mo.id not in fake.thread_members[caucus]
    assert ben.id in fake.thread_members[caucus]
    assert nia.id in fake.thread_members[thread]
    # Mo stepped aside: refused from now on; Nia mediates.
    refused = await chat.slash(mo, "note", thread, text="still here?")
    assert refused.text.startswith("Not done: You have stepped aside"), refused.text
    noted = await chat.slash(nia, "note", thread, text="Taking over.")
    assert not noted.text.startswith("Not done"), noted.text
    journal = await chat.journal(case_id)
    assert [e.kind for e in journal[-3:-1]] == [kinds.MEDIATOR_HANDED_OFF, kinds.BRIEFING_GIVEN]
    assert_no_pings_but_notices(fake)


async def test_a_recommendation_made_in_its_modal_and_accepted_by_both_is_drafted(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben, case_id, thread = await stalled(fake, chat)
    mo = fake.person("Mo", mediator=True)
    await chat.slash(mo, "take", thread)
    opened = await review(chat, mo, "open", thread)
    assert opened.ephemeral and not opened.text.startswith("Not done"), opened.text
    for person, position in ((ana, "The fee in full: 3000 EUR"), (ben, "Half: 1500 EUR")):
        form = await review(chat, person, "position", thread)
        assert form.modal["custom_id"] == "mbf:position:-:-"
        done = await chat.fill(person, form, {"position": position}, thread)
        assert not done.text.startswith("Not done"), done.text

    form = await review(chat, mo, "recommend", thread)
    assert form.modal["custom_id"] == "mbf:recommend:-:-"
    # Citing what the case does not hold is refused; the typed answers are kept.
    refused = await chat.fill(mo, form, {"amount+currency": "2500 EUR",
                                         "reasons+cites": "Because.\nCiting: E9"}, thread)
    assert refused.ephemeral and refused.text.startswith("Not done:"), refused.text
    assert "E9" in refused.text
    assert buttons(refused.followups[-1]) == {"Fill in again": "mba:recommend:-:-"}
    assert not any(e.kind == kinds.RECOMMENDATION_MADE for e in await chat.journal(case_id))
    inputs = [c["component"]["custom_id"] for c in form.modal["components"]]
    assert len(inputs) == 5 and "reasons+cites" in inputs and "deliverables+dates" in inputs
    made = await chat.fill(mo, form, {
        "amount+currency": "2500 EUR",
        "deliverables+dates": "The reel stays live\nDates: live until 2027-03-01",
        "followup+followup_due": "Payment of the fee; 2027-01-15",
        "reasons+cites": "The brief (E1) sets no approval date.\nCiting: E1, P1"}, thread)
    assert made.ephemeral and not made.text.startswith("Not done"), made.text
    recommended = await chat.journal(case_id)
    [entry] = [e for e in recommended if e.kind == kinds.RECOMMENDATION_MADE]
    assert entry.payload["cites"] == ["E1", "P1"] or tuple(entry.payload["cites"]) == (
        "E1", "P1")
    assert "live until 2027-03-01" in json.dumps(entry.payload)
    assert any("2500" in m["content"] and "ecommend" in m["content"]
               for m in chat.posts(thread))

    for person in (ben, ana):
        answered = await review(chat, person, "answer", thread, move="accept")
        assert not answered.text.startswith("Not done"), answered.text
    assert any(m["content"].startswith("Agreement drafted") for m in chat.posts(thread))
    kinds_now = [e.kind for e in await chat.journal(case_id)]
    assert kinds.AGREEMENT_DRAFTED in kinds_now
    assert_no_pings_but_notices(fake)


async def test_a_malformed_review_option_is_refused_and_changes_nothing(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, _, case_id, thread = await stalled(fake, chat)
    length = len(await chat.journal(case_id))
    wrong = await review(chat, ana, "answer", thread, move="maybe")
    assert wrong.text == "Not done: move: one of accept, reject."
    assert len(await chat.journal(case_id)) == length


async def test_an_appeal_moves_the_caucus_from_the_deciding_mediator_to_the_next(
        fake: FakeDiscord, chat: Chat) -> None:
    mo, nia = fake.person("Mo", mediator=True), fake.person("Nia", mediator=True)
    configured = await chat.slash(mo, "config", settings="decisions=binding")
    assert not configured.text.startswith("Not done"), configured.text
    ana, ben, case_id, thread = await stalled(fake, chat)
    await chat.slash(mo, "take", thread)
    await chat.slash(mo, "caucus", thread, party=ana)
    [caucus] = [t for t, data in fake.threads.items() if "caucus" in data["name"]]
    await review(chat, mo, "open", thread)
    for person, position in ((ana, "The fee in full"), (ben, "Half")):
        await chat.fill(person, await review(chat, person, "position", thread),
                        {"position": position}, thread)
    form = await review(chat, mo, "decide", thread)
    assert form.modal["custom_id"] == "mbf:decide:-:-"
    decided = await chat.fill(mo, form, {
        "amount+currency": "2000 EUR",
        "reasons+cites": "The reel was late, but it performed.\nCiting: P1"}, thread)
    assert not decided.text.startswith("Not done"), decided.text
    assert mo.id in fake.thread_members[caucus]

    appealed = await review(chat, ben, "appeal", thread, text="The delay was Ana's own ask.")
    assert not appealed.text.startswith("Not done"), appealed.text
    assert mo.id not in fake.thread_members[caucus]  # the deciding mediator steps aside
    assert ana.id in fake.thread_members[caucus]
    taken = await chat.slash(nia, "take", thread)
    assert briefing_embeds(taken) and taken.ephemeral
    assert nia.id in fake.thread_members[caucus]
    upheld = await review(chat, nia, "uphold", thread, text="Nothing new changes it.")
    assert not upheld.text.startswith("Not done"), upheld.text
    assert kinds.DECISION_UPHELD in [e.kind for e in await chat.journal(case_id)]
    assert_no_pings_but_notices(fake)


async def test_a_side_makes_an_observer_its_delegate(fake: FakeDiscord, chat: Chat) -> None:
    ana, _, case_id, thread = await stalled(fake, chat)
    lee = fake.person("Lee")
    added = await review(chat, ana, "observer", thread, move="add", person=lee, act=True)
    assert not added.text.startswith("Not done"), added.text
    [entry] = [e for e in await chat.journal(case_id) if e.kind == kinds.OBSERVER_ADDED]
    assert (entry.payload["user_id"], entry.payload["side"], entry.payload["acts"]) == (
        f"discord:{lee.id}", "brand", True)
    assert "Lee now reads along with the brand side and may act for it." in [
        m["content"] for m in chat.posts(thread)]
    removed = await review(chat, ana, "observer", thread, move="remove", person=lee)
    assert not removed.text.startswith("Not done"), removed.text
    assert_no_pings_but_notices(fake)
