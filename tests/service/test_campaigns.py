"""Campaigns through the real service and storage (SQLite and PostgreSQL): an agreement file
proposed and accepted, retried events, hostile files, who may read, timers that fire after a
restart, and the refusals of a case opened on a campaign."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.campaign.record import kinds
from bot.domain.errors import Refusal
from bot.exchange import Context
from bot.input.grammar import parse
from bot.ports import CAMPAIGN
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .desk import ANA, CLEO, OTTO, Desk

AGREEMENT = (Path(__file__).resolve().parents[2] / "examples" / "console" / "files"
             / "campaign.yaml").read_text().replace("@Ana", "@ana").replace("@Ben", "@cleo")


async def propose(desk: Desk, content: str = AGREEMENT, *, source: str | None = None) -> str:
    outcome = await desk.service.campaigns.with_file(
        parse("campaign propose agreement.yaml"), desk.context(ANA, source=source),
        content.encode(), "agreement.yaml")
    assert outcome.campaign is not None
    return outcome.campaign.id


async def agreed(desk: Desk) -> str:
    campaign_id = await propose(desk)
    version = (await desk.service.campaigns.campaign(campaign_id, "console:demo")).versions[0]
    for who in (ANA, CLEO):
        await desk.say(who, f"campaign accept {version.hash}", campaign_id)
    return campaign_id


async def campaigns(desk: Desk) -> list[str]:
    return [s.id for s in await desk.store.cases(kind=CAMPAIGN, open_only=False)]


async def test_an_acceptance_retried_by_the_platform_is_recorded_once(desk: Desk) -> None:
    campaign_id = await propose(desk)
    state = await desk.service.campaigns.campaign(campaign_id, "console:demo")
    line = f"campaign accept {state.versions[0].hash[:12]}"
    first = await desk.say(ANA, line, campaign_id, source="slack:Ev1")
    again = await desk.say(ANA, line, campaign_id, source="slack:Ev1")
    assert again.duplicate and again.entries == first.entries
    journal = await desk.verified(campaign_id)
    assert [e.kind for e in journal].count(kinds.AGREEMENT_ACCEPTED) == 1
    # The parties are the case store's participants of the campaign row, cases list none.
    [row] = await desk.store.cases(user_id=CLEO.user_id, kind=CAMPAIGN)
    assert row.id == campaign_id and row.phase == "proposed"
    assert await desk.store.cases(user_id=CLEO.user_id) == []


@pytest.mark.parametrize(("content", "said"), [
    ("title: [unclosed", "cannot be used"),
    (AGREEMENT.replace('total: "2000.00"', 'total: "lots"'), "payment.total"),
    (AGREEMENT.replace("@cleo", "@no one!"), "parties[1].user_id"),
    (AGREEMENT.replace("@cleo", "@ana"), "listed twice"),
    ("x" * (300 * 1024), "larger than"),
    ("\udcff".encode("utf-8", "surrogatepass").decode("latin-1"), "cannot be used"),
])
async def test_a_bad_agreement_file_is_refused_clearly_and_records_nothing(
        desk: Desk, content: str, said: str) -> None:
    with pytest.raises(Refusal) as refused:
        await propose(desk, content)
    assert said in refused.value.message
    assert await campaigns(desk) == []


async def test_only_parties_and_mediators_read_a_campaign_and_only_in_its_community(
        desk: Desk) -> None:
    campaign_id = await propose(desk)
    assert "Only the parties" in await desk.refused(OTTO, "campaign status", campaign_id)
    status = await desk.say(CLEO, "campaign status", campaign_id)
    assert "Spring Glow launch" in status.replies[0].text
    elsewhere = desk.context(ANA, campaign_id)
    with pytest.raises(Refusal, match=f"There is no campaign {campaign_id}"):
        await desk.service.handle(parse("campaign status"),
                                  elsewhere.__class__(**{**elsewhere.__dict__,
                                                         "community_id": "console:other"}))


async def test_two_acceptances_at_once_agree_the_campaign_once(desk: Desk) -> None:
    campaign_id = await propose(desk)
    state = await desk.service.campaigns.campaign(campaign_id, "console:demo")
    line = f"campaign accept {state.versions[0].hash}"
    await asyncio.gather(desk.say(ANA, line, campaign_id), desk.say(CLEO, line, campaign_id))
    journal = await desk.verified(campaign_id)
    assert [e.kind for e in journal].count(kinds.AGREEMENT_AGREED) == 1


async def test_a_campaign_s_deadline_fires_after_a_restart(
        desk: Desk, store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    campaign_id = await agreed(desk)
    await desk.deliver_outbox()
    desk.clock.advance(days=3, minutes=1)  # the deposit (m1, net 3 days) is overdue
    restarted = await Desk.over(store, evidence_store, desk.clock)
    assert await restarted.service.fire_due() >= 1
    journal = await restarted.verified(campaign_id)
    overdue = {e.payload["key"]: e for e in journal if e.kind == kinds.CAMPAIGN_OVERDUE}
    assert set(overdue) == {"payment:m1", "draft:d1", "draft:d2"}  # drafts were due in 2 days
    assert overdue["payment:m1"].actor_id == "system"
    notices = await store.pending_outbox("console", limit=100)
    assert any(n.audience == f"user:{ANA.user_id}" and "overdue" in n.text for n in notices)
    assert await restarted.service.fire_due() == 0  # fired once


async def test_a_case_on_a_campaign_is_between_its_parties_on_its_items(desk: Desk) -> None:
    campaign_id = await propose(desk)
    base = ('open @cleo title="Late TikTok" category=non_payment summary="s" '
            'desired_outcome="d"')
    assert "no agreement in force" in await desk.refused(ANA, f"{base} items=d2", campaign_id)
    version = (await desk.service.campaigns.campaign(campaign_id, "console:demo")).versions[0]
    for who in (ANA, CLEO):
        await desk.say(who, f"campaign accept {version.hash}", campaign_id)
    assert "d7 is not an item" in await desk.refused(ANA, f"{base} items=d7", campaign_id)
    otto = base.replace("@cleo", "@otto")
    assert "not a party" in await desk.refused(ANA, f"{otto} items=d2", campaign_id)
    assert "campaign's thread" in await desk.refused(ANA, f"{base} items=d2")
    opened = await desk.say(ANA, f"{base} items=d2,m1", campaign_id)
    assert opened.case is not None and opened.case.campaign is not None
    assert opened.case.campaign["version"]["hash"] == version.hash
    assert opened.case.claimant.kind.value == "brand"  # from Ana's role in the agreement


async def test_a_campaign_proposed_where_nothing_happened_before_makes_its_community(
        desk: Desk) -> None:
    ctx = Context(ANA, "console:fresh", "console", desk.people)
    outcome = await desk.service.campaigns.with_file(
        parse("campaign propose agreement.yaml"), ctx, AGREEMENT.encode(), "agreement.yaml")
    assert outcome.campaign is not None and outcome.campaign.community_id == "console:fresh"
    assert await desk.store.community("console:fresh") is not None


async def test_a_file_in_a_campaign_s_thread_is_refused_as_evidence_with_the_way_to_go(
        desk: Desk) -> None:
    campaign_id = await propose(desk)
    before = await desk.footprint(campaign_id)
    with pytest.raises(Refusal, match="kept only as figures from an analytics export"):
        await desk.attach(CLEO, campaign_id)
    assert await desk.footprint(campaign_id) == before
