"""The guidelines on Discord, through the real discord.py client and the fake Discord: a
report lands in the moderators' channel (pinging the mediators' role, nobody else), a
mediator strikes under a rule with `/guidelines reports`, the member is told by direct message
what happened and how to appeal, the reporter only that it was acted on; a rulebook file set
with `/guidelines rules`; appeals decided by another mediator. User text pings nobody."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.discord.translate import community_id
from adapters.wiring import App
from bot.guidelines import kinds
from bot.guidelines.record import guidelines_id
from tests.adapters.discord.chat import Answer, Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord, Person
from tests.service.test_guidelines import CUSTOM

Json = dict[str, Any]
NO_PINGS = {"parse": []}
HOSTILE = "@everyone <@&1> look"


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def guidelines(chat: Chat, who: Person, sub: str, /, **options: object) -> Answer:
    """`/guidelines <sub> option:value ...` typed by `who` in #disputes."""
    interaction_id = await chat.scene.slash(who, sub, command="guidelines", **options)
    await chat.bot.handled(f"interaction:{interaction_id}")
    return chat.answer(interaction_id)


async def dms(fake: FakeDiscord, chat: Chat, who: Person, count: int) -> list[Json]:
    """The bot's direct messages to `who`, once there are `count` of them."""
    await fake.wait_for(lambda: len(chat.posts(fake.dms.get(who.id, ""))) >= count)
    return chat.posts(fake.dms[who.id])


async def test_a_report_becomes_a_strike_and_each_side_hears_its_part(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    mo = fake.person("Mo", mediator=True)
    made = await guidelines(chat, ana, "report", member=ben,
                            text=f"Ben ghosted us for two weeks {HOSTILE}")
    assert made.ephemeral and "R1" in made.text, made.text
    await fake.wait_for(lambda: chat.posts(fake.moderators["id"]))
    [queued] = chat.posts(fake.moderators["id"])
    role = fake.mediator_role["id"]
    assert queued["content"].startswith(f"<@&{role}> Report R1 from Ana about Ben")
    assert queued["_body"]["allowed_mentions"] == {"parse": [], "roles": [int(role)]}
    queue = await guidelines(chat, mo, "reports")
    assert queue.ephemeral and "R1" in queue.text
    refused = await guidelines(chat, ben, "reports", report=1, triage="dismiss", text="no")
    assert refused.text.startswith("Not done: Only the community's mediators"), refused.text
    struck = await guidelines(chat, mo, "reports", report=1, triage="strike", rule="ghosting",
                              text="Two weeks without a word.")
    assert "R1: a strike applied" in struck.text, struck.text
    [told] = await dms(fake, chat, ben, 1)
    assert "No reply at all" in told["content"] and "/mediate standing appeal I1" in \
        told["content"]
    assert "Ana" not in told["content"]
    assert told["_body"]["allowed_mentions"] == NO_PINGS
    [outcome] = await dms(fake, chat, ana, 1)
    assert "acted on" in outcome["content"] and "suspension" not in outcome["content"]
    standing = await guidelines(chat, ben, "standing")
    assert standing.ephemeral and "Active strikes: 1." in standing.text
    nosy = await guidelines(chat, ana, "standing", member=ben)
    assert "for them and the mediators" in nosy.text
    record = guidelines_id(community_id(int(fake.guild_id)))
    assert [e.kind for e in await chat.journal(record)][-3:] == [
        kinds.REPORT_MADE, kinds.REPORT_TRIAGED, kinds.PENALTY_APPLIED]


async def test_a_rulebook_file_an_appeal_and_another_mediator_s_decision(
        fake: FakeDiscord, chat: Chat) -> None:
    ben = fake.person("Ben")
    mo, nia = fake.person("Mo", mediator=True), fake.person("Nia", mediator=True)
    rulebook = fake.cdn_file("rules.yaml", CUSTOM.encode())
    set_it = await guidelines(chat, mo, "rules", move="set", file=rulebook)
    assert "version 2 is in force" in set_it.text, set_it.text
    read = await guidelines(chat, ben, "rules")
    assert "Missed the mediation call" in read.text
    await guidelines(chat, mo, "penalize", member=ben, rule="no_show", basis="seen",
                     reference="the call of 3 December")
    appealed = await guidelines(chat, ben, "appeal", incident=1, text="I was in hospital.")
    assert "other than the one who applied it" in appealed.text, appealed.text
    mine = await guidelines(chat, mo, "overturn", incident=1, text="fine")
    assert "another mediator" in mine.text
    done = await guidelines(chat, nia, "overturn", incident=1, text="The note from the "
                            "hospital is clear.")
    assert "I1 overturned" in done.text, done.text
    told = await dms(fake, chat, ben, 2)
    assert "succeeded" in told[-1]["content"]
    bad = await guidelines(chat, mo, "rules", move="set")
    assert "Attach the rulebook file" in bad.text


async def test_a_report_with_a_file_is_kept_and_the_mediators_fetch_it(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    mo = fake.person("Mo", mediator=True)
    shot = fake.cdn_file("repost.png", b"\x89PNG\r\n\x1a\n the repost")
    made = await guidelines(chat, ana, "report", member=ben, text="Reposted my photo",
                            file=shot)
    assert "R1" in made.text, made.text
    await fake.wait_for(lambda: chat.posts(fake.moderators["id"]))
    assert "File: repost.png" in chat.posts(fake.moderators["id"])[0]["content"]
    fetched = await guidelines(chat, mo, "reports", report=1, triage="file")
    [sent] = [f for f in fetched.followups if f.get("_files")]
    assert list(sent["_files"].values()) == [b"\x89PNG\r\n\x1a\n the repost"]
    elsewhere = dict(shot, url="https://evil.example/repost.png")
    refused = await guidelines(chat, ana, "report", member=ben, text="again", file=elsewhere)
    assert refused.text.startswith("Not done"), refused.text


async def test_options_stay_apart_and_a_member_s_rulebook_is_never_fetched(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    mo = fake.person("Mo", mediator=True)
    await guidelines(chat, ana, "report", member=ben, text="Ben was rude")
    reminded = await guidelines(chat, mo, "reports", report=1, triage="remind",
                                text="ghosting is not the point: please keep it civil")
    assert "a reminder sent" in reminded.text, reminded.text
    record = guidelines_id(community_id(int(fake.guild_id)))
    [caution] = [e for e in await chat.journal(record) if e.kind == kinds.MEMBER_CAUTIONED]
    assert caution.payload["rule"] == ""  # the note's first word is no rule here
    await guidelines(chat, mo, "penalize", member=ben, rule="abusive_conduct", basis="seen",
                     reference="insults in #general", text="Please read the rules.")
    [applied] = [e for e in await chat.journal(record) if e.kind == kinds.PENALTY_APPLIED]
    assert applied.payload["reference"] == "insults in #general"
    assert applied.payload["note"] == "Please read the rules."
    before = [c for c in fake.calls if c.path.startswith("/cdn/")]
    refused = await guidelines(chat, ben, "rules", move="set",
                               file=fake.cdn_file("rules.yaml", CUSTOM.encode()))
    assert refused.text.startswith("Not done: Only the community's mediators"), refused.text
    assert [c for c in fake.calls if c.path.startswith("/cdn/")] == before
