"""The briefing's embeds stay within Discord's limits however long the case is, and lose
nothing: every line of every section is in some field, in order."""

from __future__ import annotations

import pytest

from adapters.discord import briefing
from bot.exchange import ACTOR, Reply


def _size(embed: dict) -> int:
    return len(embed.get("title", "")) + len(embed.get("description", "")) + sum(
        len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))


@pytest.mark.parametrize(("sections", "line"), [
    (3, 80), (40, 30), (5, 3000), (2, 5000)])
def test_embeds_fit_discord_and_keep_every_line(sections: int, line: int) -> None:
    made = [(f"Section {n}", [f"{n}:{i} " + "x" * line for i in range(30)])
            for n in range(sections)]
    posts = briefing.posts("Briefing: case MB-7K2Q9X: " + "T" * 300, "head", made)
    embeds = [p.embed.to_dict() for p in posts if p.embed is not None]
    assert len(embeds) == len(posts)  # one embed a message: 6,000 characters a message
    for embed in embeds:
        assert len(embed["title"]) <= 256
        assert len(embed.get("description", "")) <= 4096
        assert len(embed.get("fields", [])) <= 25
        assert all(len(f["name"]) <= 256 and len(f["value"].strip()) > 0 and
                   len(f["value"]) <= 1024 for f in embed.get("fields", []))
        assert _size(embed) <= 6000
    shown = "\n".join(f["value"] for e in embeds for f in e.get("fields", []))
    assert shown.replace("\n", "") == "".join(line for _, lines in made for line in lines)
    assert all(p.allowed_mentions.to_dict() == {"parse": []} for p in posts)


def test_a_briefing_known_by_its_text_only_is_shown_as_written() -> None:
    text = "Briefing on case MB-7K2Q9X: Late reel\nPhase: negotiation\n\n" + "\n".join(
        f"line {n} " + "y" * 200 for n in range(60))
    posts = briefing.reply_posts(Reply(ACTOR, text, "MB-7K2Q9X", kind="briefing"), None,
                                 None)  # type: ignore[arg-type]
    embeds = [p.embed.to_dict() for p in posts if p.embed is not None]
    assert embeds[0]["title"] == "Briefing on case MB-7K2Q9X: Late reel"
    assert all(_size(e) <= 6000 and len(e["description"]) <= 4096 for e in embeds)
    assert "".join(e["description"] for e in embeds).count("line ") == 60


def test_only_briefings_are_taken_for_briefings() -> None:
    assert briefing.is_briefing("briefing")
    assert not briefing.is_briefing("notice")
