"""Mediators see and change their community's policy; new deadlines follow it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import Refusal
from bot.domain.phases import Phase

from .desk import ANA, MO, Desk


async def test_a_mediator_changes_a_window_and_new_cases_follow_it(desk: Desk) -> None:
    shown = await desk.say(MO, "config")
    [text] = shown.to("actor")
    assert "response_window=3d" in text and "on_silence=escalate" in text
    saved = await desk.say(MO, "config response_window=36h on_silence=close")
    assert "response_window=1d12h" in saved.to("actor")[0]
    case_id = await desk.case_in(Phase.AWAITING_RESPONSE)
    case = await desk.service.case(case_id)
    assert case.deadlines["response"] - case.opened_at == timedelta(hours=36)


@pytest.mark.parametrize("line", ["config response_window=0s", "config response_window=soon",
                                  "config on_silence=maybe", "config colour=blue"])
async def test_bad_settings_are_refused_and_nothing_changes(desk: Desk, line: str) -> None:
    before = await desk.say(MO, "config")
    with pytest.raises(Refusal, match="cannot be used"):
        await desk.say(MO, line)
    assert (await desk.say(MO, "config")).to("actor") == before.to("actor")


async def test_only_mediators_see_the_settings(desk: Desk) -> None:
    with pytest.raises(Refusal, match="Only this community's mediators"):
        await desk.say(ANA, "config response_window=1h")
