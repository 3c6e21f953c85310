"""The `/mediate` group as Discord sees it: published to guilds or globally, options with
descriptions, the user's cases autocompleted; and sharding when configured."""

from __future__ import annotations

from typing import Any

from adapters.wiring import App
from bot.domain.rules import SUBCOMMANDS
from bot.input.campaign_requests import CAPTION_LIMIT, LINK_LIMIT, TEXT_LIMIT
from bot.input.guidelines_requests import GUIDELINES_SUBCOMMANDS
from bot.input.review_requests import REVIEW_SUBCOMMANDS
from tests.adapters.discord.chat import Chat
from tests.adapters.discord.fake.scene import Scene
from tests.adapters.discord.fake.server import FakeDiscord


def published(fake: FakeDiscord) -> list[tuple[str, Any]]:
    return [(c.path, c.body) for c in fake.calls if c.method == "PUT" and "commands" in c.path]


async def test_commands_are_synced_to_the_configured_guilds(
        fake: FakeDiscord, start_bot: Any) -> None:
    other = "123456789012345678"
    await start_bot(sync_commands=True, guild_ids=(int(fake.guild_id), int(other)))
    paths = [path for path, _ in published(fake)]
    assert paths == [f"/applications/{fake.app_id}/guilds/{fake.guild_id}/commands",
                     f"/applications/{fake.app_id}/guilds/{other}/commands"]
    groups = {g["name"]: g for g in published(fake)[0][1]}
    assert published(fake)[0][1] == published(fake)[1][1]  # the same to every guild
    assert set(groups) == {"mediate", "campaign", "bidding", "review", "guidelines"}
    mediate, campaign = groups["mediate"], groups["campaign"]
    subcommands = {o["name"]: o for o in mediate["options"]}
    # Discord allows 25 subcommands in a group: campaigns, blind bidding and the review road
    # have groups of their own.
    # The guidelines have a group of their own too (`/guidelines`).
    assert set(subcommands) == set(SUBCOMMANDS) - {"campaign", "bidding", "bid"} - set(
        REVIEW_SUBCOMMANDS) - GUIDELINES_SUBCOMMANDS
    assert {o["name"] for o in groups["bidding"]["options"]} == {"propose", "accept",
                                                                 "decline", "bid"}
    review = {o["name"]: o for o in groups["review"]["options"]}
    assert set(review) == {"open", "position", "recommend", "answer", "decide", "appeal",
                           "uphold", "reopen", "handoff", "observer"}
    observer = {o["name"]: o for o in review["observer"]["options"]}
    assert (observer["person"]["type"], observer["act"]["type"]) == (6, 5)  # user, boolean
    assert [c["value"] for c in {o["name"]: o for o in review["decide"]["options"]}["terms"][
        "choices"]] == ["form", "recommended", "computed"]
    assert len(subcommands) <= 25
    moves = {o["name"]: o for o in campaign["options"]}
    assert set(moves) == {"propose", "counter", "amend", "accept", "status", "list", "history",
                          "end", "deliverable", "payment", "mapping"}
    guidelines = {o["name"]: o for o in groups["guidelines"]["options"]}
    assert set(guidelines) == {"rules", "report", "reports", "penalize", "standing", "appeal",
                               "uphold", "overturn"}
    assert {o["name"]: o for o in guidelines["rules"]["options"]}["file"]["type"] == 11
    for group in (mediate, campaign, groups["bidding"], groups["review"],
                  groups["guidelines"]):
        assert group["contexts"] == [0]  # guild only
        for sub in group["options"]:
            for option in sub.get("options", []):
                assert option["description"] and option["description"] != "…", (sub, option)
                assert option.get("autocomplete", False) is (option["name"] == "case")
    assert {c["value"] for c in {o["name"]: o for o in subcommands["open"]["options"]}[
        "category"]["choices"]} >= {"non_payment", "usage_rights"}
    options = {o["name"]: o for o in moves["deliverable"]["options"]}
    assert [c["value"] for c in options["move"]["choices"]] == [
        "product", "draft", "approve", "changes", "reject", "live", "down", "cancel"]
    assert options["caption"]["max_length"] == CAPTION_LIMIT
    assert options["details"]["max_length"] == max(TEXT_LIMIT, LINK_LIMIT)
    assert {o["name"]: o for o in moves["propose"]["options"]}["agreement"]["type"] == 11
    payment = {o["name"]: o for o in moves["payment"]["options"]}
    assert [c["value"] for c in payment["move"]["choices"]] == [
        "invoice", "paid", "received", "dispute"]
    mapping = {o["name"]: o for o in moves["mapping"]["options"]}
    assert [o for o in mapping if mapping[o].get("required")] == ["metrics"]
    assert (mapping["metrics"]["max_length"], mapping["post"]["max_length"]) == (1000, 200)
    assert [c["value"] for c in mapping["day_order"]["choices"]] == ["ymd", "mdy", "dmy"]
    assert [c["value"] for c in mapping["scope"]["choices"]] == [
        "organic", "organic_plus_paid", "unknown"]


async def test_without_guilds_the_commands_are_synced_globally(
        fake: FakeDiscord, start_bot: Any) -> None:
    await start_bot(sync_commands=True)
    assert [path for path, _ in published(fake)] == [f"/applications/{fake.app_id}/commands"]


async def test_the_case_option_autocompletes_the_users_own_cases(
        fake: FakeDiscord, scene: Scene, bot: Any, app: App) -> None:
    ana, ben, cleo = fake.person("Ana"), fake.person("Ben"), fake.person("Cleo")
    chat = Chat(fake, scene, bot, app)
    first, _ = await chat.open_case(ana, ben)
    second, _ = await chat.open_case(ana, cleo)

    asked = await scene.autocomplete(ben, "status", "")
    [answer] = await fake.wait_for(lambda: fake.callbacks.get(asked))
    assert answer["type"] == 8
    assert [c["value"] for c in answer["data"]["choices"]] == [first]
    assert answer["data"]["choices"][0]["name"] == f"{first}: Late launch video"

    typed = await scene.autocomplete(ana, "status", second[-3:].lower())
    [narrowed] = await fake.wait_for(lambda: fake.callbacks.get(typed))
    assert [c["value"] for c in narrowed["data"]["choices"]] == [second]

    status = await chat.slash(ana, "status", case=first)
    assert status.text.startswith(f"Case {first}: Late launch video")


async def test_sharded_client_identifies_each_shard_and_serves_the_guild(
        fake: FakeDiscord, scene: Scene, start_bot: Any, app: App) -> None:
    bot = await start_bot(sharded=True)  # shard count from /gateway/bot: 2
    assert sorted(tuple(i["shard"]) for i in fake.identify) == [(0, 2), (1, 2)]
    assert type(bot.client).__name__ == "ShardedMediationClient"
    answer = await Chat(fake, scene, bot, app).slash(fake.person("Ana"), "help")
    assert "/mediate <subcommand>" in answer.text
