"""A platform event delivered twice (a Slack retry, a replayed Discord event) is journaled once:
the second delivery gets the earlier entries back as `Outcome.duplicate`."""

from __future__ import annotations

import pytest

from bot.domain.commands import PostMessage
from bot.domain.phases import Phase

from .desk import ANA, CLEO, OPEN_LINE, Desk, chunks_of


async def test_a_message_delivered_twice_is_journaled_once(desk: Desk) -> None:
    case_id = await desk.open_case()
    first = await desk.act(CLEO, case_id, PostMessage("Hello"), source="slack:T1:Ev1")
    before = await desk.footprint(case_id)
    again = await desk.act(CLEO, case_id, PostMessage("Hello"), source="slack:T1:Ev1")
    assert not first.duplicate and again.duplicate
    assert again.entries == first.entries and again.case_id == case_id
    assert await desk.footprint(case_id) == before
    assert [e.source for e in await desk.verified(case_id)] == [None, "slack:T1:Ev1"]


async def test_a_command_of_several_entries_delivered_twice_is_journaled_once(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    await desk.say(ANA, "statement what_happened=x wants=y", case_id)
    line = "statement what_happened=z wants=w position=admit"
    first = await desk.say(CLEO, line, case_id, source="discord:i:7")
    assert len(first.entries) == 2
    again = await desk.act(
        CLEO, case_id, PostMessage("other command, same event"), source="discord:i:7"
    )
    assert again.duplicate and again.entries == first.entries
    assert [e.source for e in (await desk.journal(case_id))[-2:]] == [
        "discord:i:7",
        "discord:i:7#2",
    ]


async def test_an_open_delivered_twice_opens_one_case(desk: Desk) -> None:
    first = await desk.say(ANA, OPEN_LINE, source="slack:T1:Ev2")
    again = await desk.say(ANA, OPEN_LINE, source="slack:T1:Ev2")
    assert again.duplicate and again.case_id == first.case_id
    assert await desk.store.case_ids() == [first.case_id]


async def test_evidence_delivered_twice_is_journaled_once(desk: Desk) -> None:
    case_id = await desk.open_case()
    ctx = desk.context(CLEO, case_id, source="slack:T1:Ev3")
    first = await desk.service.add_evidence(ctx, case_id, chunks_of(b"png?"), "a.png")
    again = await desk.service.add_evidence(ctx, case_id, chunks_of(b"png?"), "a.png")
    assert again.duplicate and again.entries == first.entries
    assert len(await desk.store.evidence(case_id)) == 1


async def test_a_message_with_its_platform_ref_delivered_twice_is_a_duplicate(desk: Desk) -> None:
    case_id = await desk.open_case()
    message = PostMessage("Hello", ref="1700000000.000100")
    await desk.act(CLEO, case_id, message, source="slack:T1:Ev4")
    again = await desk.act(CLEO, case_id, message, source="slack:T1:Ev4")
    assert again.duplicate


@pytest.mark.parametrize(
    ("phase", "who", "line"),
    [
        (Phase.AWAITING_RESPONSE, CLEO, "join"),
        (Phase.NEGOTIATION, CLEO, "accept 1"),
    ],
)
async def test_a_command_delivered_twice_is_a_duplicate_not_a_refusal(
    desk: Desk, phase: Phase, who: object, line: str
) -> None:
    case_id = await desk.case_in(phase)
    first = await desk.say(who, line, case_id, source="slack:T1:Ev5")  # type: ignore[arg-type]
    again = await desk.say(who, line, case_id, source="slack:T1:Ev5")  # type: ignore[arg-type]
    assert again.duplicate and again.entries == first.entries
