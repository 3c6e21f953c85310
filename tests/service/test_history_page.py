"""`/mediate history` shows the latest entries the viewer may see, as many as a chat message
can carry; `export` has the rest. Only the end of the journal is read, widened for a viewer
who may see few of the latest entries."""

from __future__ import annotations

from bot.domain.commands import PostMessage
from bot.domain.phases import Phase
from bot.exchange import ACTOR
from bot.service.history_page import PAGE, WINDOW

from .desk import ANA, MO, Desk


async def history(desk: Desk, actor: object, case_id: str) -> list[str]:
    [text] = (await desk.say(actor, "history", case_id)).to(ACTOR)  # type: ignore[arg-type]
    return text.splitlines()


async def test_a_short_history_is_shown_whole(desk: Desk) -> None:
    case_id = await desk.open_case()
    lines = await history(desk, ANA, case_id)
    assert [line.split()[0] for line in lines] == [
        f"#{e.seq}" for e in await desk.journal(case_id)]


async def test_a_long_history_shows_the_latest_entries_and_points_to_the_export(
        desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS, taken=True)
    for n in range(2 * PAGE + 20):
        await desk.act(ANA, case_id, PostMessage(f"line {n}"))
    version = await desk.version(case_id)
    for viewer in (ANA, MO):
        first, *lines = await history(desk, viewer, case_id)
        assert "`export` gives the whole history" in first
        assert [line.split()[0] for line in lines] == [
            f"#{seq}" for seq in range(version - PAGE + 1, version + 1)]
        assert lines[-1].endswith(f"line {2 * PAGE + 19}")


async def test_a_viewer_who_may_see_few_of_the_latest_entries_still_gets_a_full_page(
        desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS, taken=True)
    for n in range(PAGE + 10):
        await desk.act(ANA, case_id, PostMessage(f"line {n}"))
    for n in range(2 * WINDOW):  # the mediator's own notes: the parties never see them
        await desk.say(MO, f"note thought {n}", case_id)
    first, *lines = await history(desk, ANA, case_id)
    assert "`export` gives the whole history" in first and len(lines) == PAGE
    assert lines[-1].endswith(f"line {PAGE + 9}") and lines[0].endswith("line 10")
    assert not [line for line in lines if "thought" in line]
    mediator = await history(desk, MO, case_id)
    assert mediator[-1].endswith(f"thought {2 * WINDOW - 1}")
