"""A whole mediation through the service: open to a signed agreement, as the parties see it."""

from __future__ import annotations

import hashlib

from bot.domain import kinds
from bot.domain.identity import Actor
from bot.domain.phases import ClosedReason, Phase
from bot.exchange import ACTOR, THREAD
from bot.service.store_audit import verify_case
from storage.evidence_store import FileEvidenceStore

from .desk import ANA, CLEO, MO, OPEN_LINE, OTTO, STATEMENT_LINES, Desk


async def exported(desk: Desk, actor: Actor, case_id: str) -> bytes:
    [reply] = (await desk.say(actor, "export", case_id)).replies
    assert reply.attachment is not None
    return reply.attachment.content


async def test_open_to_signed_agreement(desk: Desk, evidence_store: FileEvidenceStore) -> None:
    opened = await desk.say(ANA, OPEN_LINE)
    case_id = opened.case_id
    assert case_id == "MB-000001"
    assert [e.kind for e in opened.entries] == [kinds.CASE_OPENED]
    [card] = opened.to(THREAD)
    assert case_id in card and "cleo: please `join` or `decline`" in card

    # The respondent's invitation waits in the outbox for the platform to deliver.
    [invite] = [
        m for m in await desk.store.pending_outbox("console") if m.audience == "user:console:cleo"
    ]
    assert invite.case_id == case_id
    assert f"/mediate join {case_id}" in invite.text and "ana opened" in invite.text

    desk.clock.advance(hours=5)
    await desk.say(CLEO, f"join {case_id}")  # the case id typed out, outside the thread
    await desk.say(OTTO, "help", case_id)
    sealed = await desk.say(ANA, STATEMENT_LINES["ana"], case_id)
    assert sealed.entries[0].visibility == "side:brand"
    assert "Advance paid" not in (await desk.say(CLEO, "history", case_id)).to(ACTOR)[0]
    assert b"Advance paid" not in await exported(desk, CLEO, case_id)
    assert b"Advance paid" in await exported(desk, MO, case_id)
    revealed = await desk.say(CLEO, STATEMENT_LINES["cleo"], case_id)
    assert [e.kind for e in revealed.entries] == [
        kinds.STATEMENT_SUBMITTED,
        kinds.STATEMENTS_REVEALED,
    ]
    [announcement] = [t for t in revealed.to(THREAD) if "revealed" in t]
    assert "Advance paid" in announcement and "The brief changed twice" in announcement
    assert b"Advance paid" in await exported(desk, CLEO, case_id)

    content = b"%PDF-1.7 brief v2"
    evidence = await desk.attach(CLEO, case_id, content, "../../brief v2.pdf", "Second brief")
    [added] = evidence.entries
    assert added.payload["sha256"] == hashlib.sha256(content).hexdigest()
    assert (added.payload["filename"], added.payload["media_type"]) == (
        "brief v2.pdf",
        "application/pdf",
    )
    assert await evidence_store.read(added.payload["sha256"]) == content

    await desk.say(ANA, 'propose amount=900 currency=EUR deliverables="One reel"', case_id)
    await desk.say(CLEO, "mediator We are far apart", case_id)
    await desk.say(MO, "take", case_id)
    caucus = await desk.say(MO, "caucus @cleo", case_id)
    assert caucus.entries[0].visibility == "side:creator"
    assert caucus.to("side:creator")
    await desk.say(CLEO, 'counter 1 amount=1100 currency=EUR deliverables="One reel"', case_id)
    desk.clock.advance(hours=1)
    accepted = await desk.say(ANA, "accept 2", case_id)
    assert [e.kind for e in accepted.entries] == [kinds.PROPOSAL_ACCEPTED, kinds.AGREEMENT_DRAFTED]
    drafted = accepted.entries[1].payload
    assert "- Amount: 1100.00 EUR" in drafted["text"]
    await desk.say(CLEO, "sign", case_id)
    closing = await desk.say(ANA, "sign", case_id)
    assert [e.kind for e in closing.entries] == [kinds.AGREEMENT_SIGNED, kinds.CASE_CLOSED]
    assert closing.entries[0].payload["text_hash"] == drafted["text_hash"]

    case = await desk.service.case(case_id)
    assert case.phase is Phase.CLOSED and case.closed_reason is ClosedReason.SETTLED
    entries = await desk.verified(case_id)
    assert [e.kind for e in entries].count(kinds.AGREEMENT_SIGNED) == 2
    assert await verify_case(desk.store, evidence_store, case_id) == []
    summary = await desk.store.case(case_id)
    assert summary is not None and summary.phase == "closed" and summary.version == len(entries)
    assert {p.role for p in summary.participants} == {"claimant", "respondent", "mediator"}
    assert await desk.store.cases(user_id=CLEO.user_id) == []  # no open cases left


async def test_the_new_proposal_is_announced_to_the_other_side(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    await desk.say(ANA, STATEMENT_LINES["ana"], case_id)
    await desk.say(CLEO, STATEMENT_LINES["cleo"], case_id)
    await desk.say(ANA, "propose amount=900 currency=EUR", case_id)
    notices = [
        m
        for m in await desk.store.pending_outbox("console")
        if m.audience == "user:console:cleo" and "Proposal #1" in m.text
    ]
    assert len(notices) == 1 and case_id in notices[0].text


async def test_a_mediator_request_reaches_the_mediators_queue(desk: Desk) -> None:
    case_id = await desk.open_case()
    await desk.say(CLEO, "mediator", case_id)
    queued = [m for m in await desk.store.pending_outbox("console") if m.audience == "mediators"]
    assert len(queued) == 1 and f"/mediate take {case_id}" in queued[0].text
    [line] = (await desk.say(MO, "cases")).to(ACTOR)
    assert f"{case_id}: Reel not delivered asks for a mediator" in line


async def test_deadlines_follow_the_services_clock(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    desk.clock.advance(hours=72)  # proposals #1 and #2 expire now
    message = await desk.refused(CLEO, "accept 1", case_id)
    assert "expired at 2026-11-24T09:00:00.000000Z" in message
    [status] = (await desk.say(ANA, "status", case_id)).to(ACTOR)
    assert "[expired]" in status and "either side to `propose` terms" in status
    await desk.say(CLEO, "propose amount=1200 currency=EUR", case_id)
    accepted = await desk.say(ANA, "accept 3", case_id)
    assert accepted.case is not None and accepted.case.phase is Phase.AGREEMENT
