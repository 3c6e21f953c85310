"""`/campaign` payloads → the requests the text grammar makes. Pure: payloads shaped like
Discord's, no client."""

from __future__ import annotations

from typing import Any

from adapters.discord.campaign_translate import AgreementFile, campaign_command
from adapters.discord.translate import Ask, Problem
from bot.input.campaign_requests import campaign_request
from bot.input.grammar import parse

Json = dict[str, Any]


def payload(sub: str, resolved: Json | None = None, **options: Any) -> Json:
    data: Json = {"id": "1", "name": "campaign", "type": 1, "options": [
        {"type": 1, "name": sub,
         "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}]}
    if resolved:
        data["resolved"] = resolved
    return data


def typed(line: str, thread: str | None = None) -> Any:
    """What the core makes of the same move typed at the console."""
    return campaign_request(parse(line), thread)


def asked(data: Json, thread: str | None = None) -> Any:
    meaning = campaign_command(data)
    assert isinstance(meaning, Ask), meaning
    return campaign_request(meaning.request, thread)


def test_each_move_is_the_request_the_text_grammar_makes() -> None:
    assert asked(payload("accept", hash="f92d0fdf627a", campaign="cp-abc123")) == typed(
        "campaign accept CP-ABC123 f92d0fdf627a")
    assert asked(payload("status"), "CP-ABC123") == typed("campaign status", "CP-ABC123")
    assert asked(payload("end", reason="Brand went quiet")) == typed(
        "campaign end Brand went quiet")
    assert asked(payload("deliverable", move="draft", item="d1",
                         details="https://drive.example.com/d1.mp4")) == typed(
        "campaign draft d1 https://drive.example.com/d1.mp4")
    assert asked(payload("deliverable", move="reject", item="d2",
                         details="r1 no #ad anywhere")) == typed(
        "campaign reject d2 r1 no #ad anywhere")
    live = asked(payload("deliverable", move="live", item="d1",
                         details="https://x.example/p/1", caption='Say "hi" #ad',
                         published="2026-05-19T14:30"))
    assert live.words == ("d1", "https://x.example/p/1")
    assert live.fields == {"caption": 'Say "hi" #ad', "published": "2026-05-19T14:30"}
    assert asked(payload("payment", move="dispute", item="m1", details="Paid late")) == typed(
        "campaign dispute m1 Paid late")


def test_file_moves_carry_the_attachment() -> None:
    attachment = {"id": "123456789", "url": "https://cdn.discordapp.com/a/campaign.yaml",
                  "filename": "campaign.yaml", "size": 2000}
    data = payload("counter", {"attachments": {"123456789": attachment}},
                   agreement="123456789", campaign="CP-ABC123")
    meaning = campaign_command(data)
    assert isinstance(meaning, AgreementFile)
    assert meaning.file.filename == "campaign.yaml" and meaning.file.size == 2000
    assert campaign_request(meaning.request, None) == typed("campaign counter CP-ABC123")


def test_a_mapping_gives_the_fields_the_text_grammar_reads() -> None:
    mapping = asked(payload("mapping", post="Link", metrics="Plays = views; Hearts = likes",
                            decimal_comma="yes", scope="organic"), "CP-ABC123")
    same = typed('campaign mapping post=Link metrics="Plays = views; Hearts = likes" '
                 "decimal_comma=yes scope=organic", "CP-ABC123")
    assert (mapping.move, mapping.campaign_id, mapping.words, mapping.fields) == (
        same.move, same.campaign_id, same.words, same.fields)
    every = asked(payload("mapping", metrics="Views = views", day="Date", day_order="dmy",
                          platform="tiktok", campaign="cp-abc123"))
    assert (every.move, every.campaign_id, every.words) == ("mapping", "CP-ABC123", ())
    assert every.fields == {"metrics": "Views = views", "day": "Date", "day_order": "dmy",
                            "platform": "tiktok"}


def test_malformed_options_are_problems() -> None:
    for data in (payload("propose"),
                 payload("accept", campaign="MB-ABC123", hash="f92d0fdf627a"),
                 payload("accept"),
                 payload("deliverable", move="steal", item="d1"),
                 payload("deliverable", move="draft", item="d1 d2"),
                 payload("payment", move="paid", item="m1", details="x" * 4000),
                 payload("status", campaign=["CP-ABC123"]),
                 payload("mapping", post="Link"),
                 payload("mapping", metrics="Plays = views", post="L" * 201),
                 payload("mapping", metrics="Plays = views; " * 100),
                 payload("mapping", metrics="Plays = views", decimal_comma=True),
                 payload("mapping", metrics="Plays = views", scope="x" * 100),
                 payload("mapping", metrics="Plays = views", campaign="CP-ABC"),
                 payload("nonsense")):
        assert isinstance(campaign_command(data), Problem), data
