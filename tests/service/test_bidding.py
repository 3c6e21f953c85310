"""Blind bidding through the service and the real stores: each party's exports, histories and
status hold its own bids and nothing of the other's; the mediator's hold none; the thread hears
no amount until the settlement."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.identity import Actor
from bot.domain.phases import Phase
from bot.exchange import ACTOR, THREAD

from .desk import ANA, CLEO, MO, Desk

ANAS = ("1480.50", "1210.25")  # Ana's demands
CLEOS = ("905.75", "1160.40")  # Cleo's offers


async def _everything_seen_by(desk: Desk, who: Actor, case_id: str) -> str:
    seen = []
    for line in ("status", "history", "export json", "export html"):
        for reply in (await desk.say(who, line, case_id)).replies:
            seen.append(reply.text)
            if reply.attachment is not None:
                seen.append(reply.attachment.content.decode())
    return "\n".join(seen)


async def test_bids_meet_in_round_two_and_each_side_sees_only_its_own(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    await desk.say(ANA, "bidding propose tolerance=5%", case_id)
    opened = await desk.say(CLEO, "bidding accept", case_id)
    assert "Round 1 until" in " ".join(opened.to(THREAD))
    thread: list[str] = []
    for demand, offer in zip(ANAS, CLEOS, strict=True):
        sealed = await desk.say(ANA, f"bid {demand}", case_id)
        assert f"{demand} EUR" in sealed.to(ACTOR)[0]
        thread += sealed.to(THREAD)
        thread += (await desk.say(CLEO, f"bid {offer}", case_id)).to(THREAD)
    case = await desk.service.case(case_id)
    assert case.phase is Phase.AGREEMENT and case.bidding is not None
    assert any("settles at 1185.33 EUR" in t for t in thread)
    assert not any(amount in t for t in thread for amount in (*ANAS, *CLEOS))

    for who, own, others in ((ANA, ANAS, CLEOS), (CLEO, CLEOS, ANAS), (MO, (), (*ANAS, *CLEOS))):
        seen = await _everything_seen_by(desk, who, case_id)
        assert all(amount in seen for amount in own), who
        assert not any(amount in seen for amount in others), who
    await desk.say(ANA, "sign", case_id)
    await desk.say(CLEO, "sign", case_id)
    entries = await desk.verified(case_id)
    assert entries[-1].kind == kinds.CASE_CLOSED


async def test_bidding_that_fails_leaves_the_mediator_only_the_fact(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    await desk.say(CLEO, "bidding propose rounds=2", case_id)
    await desk.say(ANA, "bidding accept", case_id)
    for demand, offer in (("2400.10", "300.20"), ("2300.30", "400.40")):
        await desk.say(ANA, f"bid {demand}", case_id)
        await desk.say(CLEO, f"bid {offer}", case_id)
    case = await desk.service.case(case_id)
    assert case.bidding is not None and case.bidding.status == "failed"
    assert case.mediation_requested
    await desk.say(MO, "take", case_id)
    seen = await _everything_seen_by(desk, MO, case_id)
    assert "Blind bidding ended without a settlement" in seen
    assert not any(a in seen for a in ("2400.10", "300.20", "2300.30", "400.40"))
    anas = await _everything_seen_by(desk, ANA, case_id)
    assert "2300.30" in anas and "400.40" not in anas
