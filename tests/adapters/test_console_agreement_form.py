"""`/mediate campaign new` at the keyboard: the cover page and each deliverable asked field by
field, proposed through the same importer as a file; a wrong answer records nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

from adapters.console.session import ConsoleSession
from adapters.wiring import App
from bot.campaign.record import kinds
from bot.ports import CAMPAIGN
from tests.adapters.test_console_session import Screen, answers, app  # noqa: F401

COVER = ["Spring Glow launch", "@ben", "brand", "", "", "us_ftc", "Europe/Paris", "2000",
         "EUR", "50", "14", "48", "5", "25", "2"]
D1 = ["ig_reel", "3", "5", "2", "30", "#ad @glowskincare"]
D2 = ["tt_video", "4", "6", "", "", "#ad #GlowPartner CODE15"]


async def session_with(app: App, typed: Iterator[str | None]) -> tuple[ConsoleSession, Screen]:  # noqa: F811
    async def ask(prompt: str) -> str | None:
        return next(typed)

    screen = Screen()
    session = ConsoleSession(app, (), screen, ask)
    await session.start()
    await session.feed("/as Ana")
    return session, screen


async def test_the_guided_form_proposes_the_agreement_it_states(app: App) -> None:  # noqa: F811
    session, screen = await session_with(app, answers(*COVER, *D1, *D2))
    await session.feed("/mediate campaign new")
    assert session.case_id is not None and session.case_id.startswith("CP-"), screen.text
    [entry] = await app.store.entries(session.case_id)
    assert entry.kind == kinds.AGREEMENT_PROPOSED
    terms = json.loads(entry.payload["terms"])
    assert [p["user_id"] for p in terms["parties"]] == ["console:ana", "console:ben"]
    assert [p["role"] for p in terms["parties"]] == ["brand", "creator"]
    assert terms["time_zone"] == "Europe/Paris"
    assert [(m["key"], m["trigger"]) for m in terms["payment"]["milestones"]] == [
        ("m1", "agreement_accepted"), ("m2", "deliverable_live:d2")]
    d2 = terms["deliverables"][1]
    assert [(r["kind"], r["value"]) for r in d2["requirements"]] == [
        ("disclosure", "#ad"), ("hashtag", "#GlowPartner"), ("promo_code", "CODE15")]
    assert "draft_due" not in d2["schedule"]
    assert terms["clauses"][0]["percent_per_period"] == "5"
    assert terms["approval"]["review_window"] == "48 hours"
    assert "proposed version 1" in screen.text


async def test_a_wrong_answer_is_refused_and_records_nothing(app: App) -> None:  # noqa: F811
    window_backwards = ["ig_reel", "9", "3", "", "", "#ad"]
    session, screen = await session_with(app, answers(*COVER[:-1], "1", *window_backwards))
    await session.feed("/mediate campaign new")
    assert session.refusals == 1 and "publish_window" in screen.text, screen.text
    assert await app.store.cases(kind=CAMPAIGN, open_only=False) == []
    session, screen = await session_with(app, answers(*COVER[:-1], "99"))
    await session.feed("/mediate campaign new")
    assert "1 to 10 deliverables" in screen.text


async def test_ending_the_input_mid_form_saves_nothing(app: App) -> None:  # noqa: F811
    session, screen = await session_with(app, answers(*COVER, *D1, None))
    await session.feed("/mediate campaign new")
    assert "Form cancelled" in screen.text
    assert await app.store.cases(kind=CAMPAIGN, open_only=False) == []
