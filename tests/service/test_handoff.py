"""A hand-off through the service and the real stores: the next mediator's briefing waits in
the outbox as a briefing (so each platform shows it as one screen), for them alone."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.phases import Phase
from bot.exchange import THREAD, to_user

from .desk import MAX, MO, PLATFORM, Desk


async def test_the_next_mediator_s_briefing_is_queued_as_a_briefing_for_them(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION, taken=True)
    outcome = await desk.say(MO, "handoff @max A conflict of interest with the brand.", case_id)
    assert [e.kind for e in outcome.entries] == [kinds.MEDIATOR_HANDED_OFF,
                                                 kinds.BRIEFING_GIVEN]
    assert "handed case" in " ".join(outcome.to(THREAD))
    queued = await desk.store.pending_outbox(PLATFORM, limit=100)
    briefings = [m for m in queued if m.kind == "briefing"]
    assert [m.audience for m in briefings] == [to_user(MAX.user_id)]
    assert briefings[0].text.startswith(f"Briefing on case {case_id}")
    assert all(m.kind == "notice" for m in queued if m not in briefings)
    assert "stepped aside" in await desk.refused(MO, "note still here", case_id)
