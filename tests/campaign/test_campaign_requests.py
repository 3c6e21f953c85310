"""`/mediate campaign …` lines → campaign commands: each move's form, and a clear refusal for
what does not fit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.campaign.life.deliverable_commands import MarkLive, Reject, SubmitDraft
from bot.campaign.life.milestone_commands import Invoice
from bot.campaign.record.commands import AcceptAgreement, MoveDeliverable, MoveMilestone
from bot.domain.errors import Refusal
from bot.input.campaign_requests import campaign_command, campaign_request
from bot.input.grammar import parse
from tests.campaign.test_record_walk import agreed_session

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def command(line: str, thread: str | None = "CP-GLOW26"):  # type: ignore[no-untyped-def]
    state = agreed_session().now_state
    return campaign_command(campaign_request(parse(line), thread), state, NOW)


def refusal(line: str) -> str:
    with pytest.raises(Refusal) as refused:
        command(line)
    return refused.value.message


def test_a_live_post_keeps_its_permalink_whole_its_caption_and_its_publish_time() -> None:
    moved = command('/mediate campaign live d1 https://www.youtube.com/watch?v=Glow7&t=3 '
                    'caption="Week one #ad @glowskincare" published=2026-03-19T18:30+01:00')
    assert moved == MoveDeliverable("d1", MarkLive(
        "https://www.youtube.com/watch?v=Glow7&t=3",
        datetime(2026, 3, 19, 17, 30, tzinfo=UTC), "Week one #ad @glowskincare"))
    assert command("/mediate campaign live d2 https://t.co/x").command.published_at == NOW


def test_a_publish_time_in_the_future_or_not_a_time_is_refused() -> None:
    assert "future" in refusal("/mediate campaign live d1 https://x.example published="
                               "2026-03-21T10:00")
    assert "not a time" in refusal("/mediate campaign live d1 https://x.example "
                                   "published=yesterday")


def test_moves_name_their_item_and_take_the_rest_as_typed() -> None:
    assert command("/mediate campaign draft d2 https://drive.example/d2.mp4") == \
        MoveDeliverable("d2", SubmitDraft("https://drive.example/d2.mp4"))
    assert command("/mediate campaign reject d1 r2 The tag is missing") == \
        MoveDeliverable("d1", Reject("r2", "The tag is missing"))
    assert command("/mediate campaign invoice m1 INV-2026-014") == \
        MoveMilestone("m1", Invoice("INV-2026-014"))
    assert "not one of the deliverables" in refusal("/mediate campaign approve d9")
    assert "Name one of the milestones" in refusal("/mediate campaign paid")
    assert "objective requirement" in refusal("/mediate campaign reject d1")
    assert "There is no campaign move 'bribe'" in refusal("/mediate campaign bribe d1")


def test_a_version_is_accepted_by_its_hash_or_an_unambiguous_start_of_it() -> None:
    state = agreed_session().now_state
    full = state.versions[-1].hash
    assert command(f"/mediate campaign accept {full[:10]}") == AcceptAgreement(full)
    assert command(f"/mediate campaign accept {full.upper()}") == AcceptAgreement(full)
    assert "at least its first 8" in refusal("/mediate campaign accept abc")
    assert "No version" in refusal("/mediate campaign accept 0123456789abcdef")


def test_the_campaign_is_the_one_named_anywhere_or_else_the_thread_s() -> None:
    named = campaign_request(parse("/mediate campaign status cp-abc123"), "CP-ZZZZZZ")
    assert named.campaign_id == "CP-ABC123"
    assert campaign_request(parse("/mediate campaign status"), "CP-ZZZZZZ").campaign_id == \
        "CP-ZZZZZZ"
    assert campaign_request(parse("/mediate campaign status"), "MB-ZZZZZZ").campaign_id is None
    with pytest.raises(Refusal):
        campaign_request(parse("/mediate campaign"), None)
