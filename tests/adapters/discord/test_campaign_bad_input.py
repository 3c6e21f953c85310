"""Bad campaign input on Discord: refused with a clear, private message, nothing recorded,
no traceback; and an interaction delivered twice recorded once."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.wiring import App
from bot.campaign.record import kinds as campaign_kinds
from bot.campaign.terms.agreement_file import LARGEST_FILE
from bot.ports import CAMPAIGN
from tests.adapters.discord.campaign_chat import agreed, agreement, example, propose
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.conftest import RunningBot
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord

BROKEN = b"""title: Spring Glow launch
relationship: paid
parties:
  - {user_id: "discord:1", name: Ana, role: brand, duties: [approver, payer]}
deliverables:
  - {key: d1, format: ig_reel, quantity: 0}
payment: {currency: EURO, total: "-5", milestones: []}
"""


@pytest.fixture
def chat(fake: FakeDiscord, scene: Scene, bot: RunningBot, app: App) -> Chat:
    return Chat(fake, scene, bot, app)


async def campaigns(app: App, fake: FakeDiscord) -> list[Any]:
    return list(await app.store.cases(community_id=f"discord:{fake.guild_id}",
                                      open_only=False, kind=CAMPAIGN))


async def test_a_malformed_agreement_is_refused_field_by_field_and_nothing_is_recorded(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana = fake.person("Ana")
    file = fake.cdn_file("campaign.yaml", BROKEN)
    refused = await chat.campaign(ana, "propose", agreement=file)
    assert refused.ephemeral
    assert refused.text.startswith("Not done: The agreement in campaign.yaml cannot be used; "
                                   "nothing was recorded:")
    problems = [line for line in refused.text.splitlines() if line.startswith("- ")]
    assert len(problems) >= 3, refused.text
    for field in ("approval", "disclosure_regime", "deliverables[0].schedule", "payment.total"):
        assert any(field in line for line in problems), (field, refused.text)
    assert "Traceback" not in refused.text
    assert fake.threads == {} and await campaigns(app, fake) == []

    not_yaml = fake.cdn_file("campaign.yaml", b"\xff\xfe{[: not yaml")
    also = await chat.campaign(ana, "propose", agreement=not_yaml)
    assert also.text.startswith("Not done: The agreement in campaign.yaml cannot be used")
    assert fake.threads == {} and await campaigns(app, fake) == []


async def test_an_oversized_agreement_is_refused_before_it_is_fetched(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    big = fake.cdn_file("campaign.yaml", agreement(ana, ben) + b"#" * LARGEST_FILE)
    refused = await chat.campaign(ana, "propose", agreement=big)
    assert refused.text == "Not done: campaign.yaml is larger than the 256 KiB limit."
    assert not [c for c in fake.calls if c.path.startswith("/cdn/")]  # never fetched
    # A file that claims to be small but is not: the download stops at the cap.
    lying = big | {"size": 100}
    refused = await chat.campaign(ana, "propose", agreement=lying)
    assert "larger than the 256 KiB limit" in refused.text
    assert fake.threads == {} and await campaigns(app, fake) == []


async def test_an_attachment_from_elsewhere_and_a_missing_one_are_refused(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana = fake.person("Ana")
    elsewhere = fake.cdn_file("campaign.yaml", b"title: x") | {
        "url": "http://169.254.169.254/latest/meta-data"}
    refused = await chat.campaign(ana, "propose", agreement=elsewhere)
    assert refused.text == ("Not done: Files are only taken from Discord's CDN; "
                            "this link is not.")
    missing = await chat.campaign(ana, "propose")
    assert missing.text.startswith("Not done: Attach the agreement file (YAML or JSON)")
    bad_id = await chat.campaign(ana, "status", campaign="MB-123456")
    assert bad_id.text.startswith("Not done: 'MB-123456' is not a campaign id")
    assert fake.threads == {} and await campaigns(app, fake) == []


async def test_an_outsider_cannot_accept_read_or_move_the_campaign(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben, cleo = fake.person("Ana"), fake.person("Ben"), fake.person("Cleo")
    campaign = await propose(fake, chat, ana, ben)
    before = await chat.journal(campaign.id)
    posts = len(chat.posts(campaign.thread))

    accepted = await chat.campaign(cleo, "accept", hash=campaign.hash[:12],
                                   campaign=campaign.id)
    assert accepted.ephemeral and accepted.text.startswith("Not done:"), accepted.text
    status = await chat.campaign(cleo, "status", campaign=campaign.id)
    assert status.text.startswith(f"Not done: Only the parties to campaign {campaign.id}")
    moved = await chat.campaign(cleo, "deliverable", campaign.thread, move="draft", item="d1",
                                details="https://example.com/x")
    assert moved.text.startswith("Not done:"), moved.text
    assert await chat.journal(campaign.id) == before
    assert len(chat.posts(campaign.thread)) == posts


async def test_bad_moves_say_what_is_expected_and_change_nothing(
        fake: FakeDiscord, chat: Chat) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await agreed(fake, chat, ana, ben)
    before = await chat.journal(campaign.id)
    unknown = await chat.campaign(ben, "deliverable", campaign.thread, move="draft",
                                  item="d9", details="https://example.com/x")
    assert unknown.text == (f"Not done: 'd9' is not one of the deliverables of campaign "
                            f"{campaign.id}: d1, d2.")
    no_link = await chat.campaign(ben, "deliverable", campaign.thread, move="draft", item="d1")
    assert no_link.text == "Not done: Give the draft's link."
    wrong_hash = await chat.campaign(ben, "accept", campaign.thread, hash="0123456789ab")
    assert wrong_hash.text.startswith("Not done: No version of campaign")
    bad_move = await chat.campaign(ben, "payment", campaign.thread, move="steal", item="m1")
    assert bad_move.text == "Not done: `/campaign payment` moves: invoice, paid, received, " \
                            "dispute."
    assert await chat.journal(campaign.id) == before


async def test_a_replayed_interaction_is_recorded_once(
        fake: FakeDiscord, chat: Chat, scene: Scene) -> None:
    ana, ben = fake.person("Ana"), fake.person("Ben")
    campaign = await propose(fake, chat, ana, ben)
    accepted = await chat.campaign(ana, "accept", campaign.thread, hash=campaign.hash[:12])
    await scene.replay(accepted.id)
    await scene.replay(campaign.proposed.id)
    await fake.wait_for(lambda: len(fake.callbacks.get(accepted.id, [])) == 2
                        and len(fake.callbacks.get(campaign.proposed.id, [])) == 2)
    await chat.bot.client.handler.in_flight.drain(5)  # type: ignore[union-attr]
    chat.bot.raise_failures()
    entries = await chat.journal(campaign.id)
    assert [e.kind for e in entries] == [campaign_kinds.AGREEMENT_PROPOSED,
                                         campaign_kinds.AGREEMENT_ACCEPTED]
    assert len(fake.threads) == 1
    assert len(fake.followups[accepted.id]) == 1  # answered once


async def test_a_party_named_by_nobody_or_by_two_members_is_refused(
        fake: FakeDiscord, chat: Chat, app: App) -> None:
    ana = fake.person("Ana")
    for _ in range(2):
        fake.person("Ben")  # two members go by Ben
    file = fake.cdn_file("campaign.yaml", example().replace(b'"@Ana"', b'"@Nobody"'))
    refused = await chat.campaign(ana, "propose", agreement=file)
    assert refused.text == (
        "Not done: The agreement names people who are not members here; nothing was "
        "recorded:\n- parties[0].user_id: I don't know who @Nobody is here\n"
        "- parties[1].user_id: I don't know who @Ben is here")
    assert fake.threads == {} and await campaigns(app, fake) == []
