"""Analytics exports through the real service and storage: a creator's export in a case's
thread carries its figures next to the evidence and the answer ends with the KPI table and its
chart; the brand's counter-report is flagged where the two differ; a campaign's thread keeps
only files that read as exports; a broken export stays plain evidence with the reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot.domain import kinds
from bot.domain.errors import Refusal
from bot.input.grammar import parse
from storage.evidence_store import FileEvidenceStore
from tests.kpi_campaign import HEADER, KPIS, REEL, export

from .desk import ANA, CLEO, OTTO, Desk
from .test_campaigns import AGREEMENT


async def campaign_with_a_live_reel(desk: Desk) -> str:
    outcome = await desk.service.campaigns.with_file(
        parse("campaign propose agreement.yaml"), desk.context(ANA),
        (AGREEMENT + KPIS).encode(), "agreement.yaml")
    assert outcome.campaign is not None
    campaign_id = outcome.campaign.id
    version = outcome.campaign.versions[0].hash
    for who in (ANA, CLEO):
        await desk.say(who, f"campaign accept {version}", campaign_id)
    await desk.say(CLEO, "campaign draft d1 https://drive.example/draft1", campaign_id)
    await desk.say(ANA, "campaign approve d1", campaign_id)
    desk.clock.advance(days=4)
    await desk.say(CLEO, f'campaign live d1 {REEL} caption="Week one #ad @glowskincare"',
                   campaign_id)
    return campaign_id


async def case_on(desk: Desk, campaign_id: str) -> str:
    opened = await desk.say(ANA, 'open @cleo title="Reel under target" category=other '
                            'summary="s" desired_outcome="d" items=d1', campaign_id)
    assert opened.case is not None
    await desk.say(CLEO, "join", opened.case.id)
    return opened.case.id


async def test_an_export_in_a_case_thread_answers_with_the_kpi_table_and_chart(
        desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    case_id = await case_on(desk, campaign_id)
    desk.clock.advance(days=8)  # the 7-day window ended a day ago: within the data lag
    outcome = await desk.attach(CLEO, case_id, export("84,200"), "posts.csv")
    kinds_written = [e.kind for e in outcome.entries]
    assert kinds_written == [kinds.EVIDENCE_ADDED, kinds.METRICS_REPORTED]
    [table] = [r for r in outcome.replies if r.attachment is not None]
    assert table.audience == "thread"
    assert ("1. views · d1 (guaranteed, organic only, 7 days from publication): 84,200 of "
            "100,000 — provisional") in table.text
    image = Image.open(io.BytesIO(table.attachment.content))  # type: ignore[union-attr]
    assert image.format == "PNG" and image.width > 1000
    figures = (await desk.journal(case_id))[-1].payload
    assert (figures["side"], figures["format"], figures["rank"]) == (
        "creator", "meta_posts", "native_export")
    [judged] = figures["judged"]["kpis"]
    assert (judged["figure"], judged["target"], judged["verdict"]) == (
        "84200", "100000", "provisional")
    assert judged["lines"][0] in table.text  # the journal keeps what the thread was told

    desk.clock.advance(hours=1)
    counter = await desk.attach(ANA, case_id, export("61,000"), "brand-posts.csv")
    [answer] = [r.text for r in counter.replies if r.attachment is not None]
    assert ("Disputed: views of instagram:GLOW1abcd: the brand reports 61,000 (native "
            "export), the creator 84,200 (native export), 27.6% apart: neither counts until a "
            "better source comes.") in answer
    assert "no figure yet of 100,000" in answer
    [status] = (await desk.say(ANA, "status", case_id)).to("actor")
    assert "KPIs as judged at 2026-12-03 10:00 UTC, on the figures reported:" in status
    assert "Disputed: views of instagram:GLOW1abcd" in status
    await desk.verified(case_id)


async def test_after_the_data_lag_the_campaign_status_judges_the_kpi_and_prices_it(
        desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    desk.clock.advance(days=8)
    await desk.attach(CLEO, campaign_id, export("84,200"), "posts.csv")
    desk.clock.advance(days=2)
    [status] = (await desk.say(ANA, "campaign status", campaign_id)).to("actor")
    assert "84,200 of 100,000 — missed, short by 15,800 (15.80% of the target)" \
        in status
    assert ("Remedy (kpis[0].remedy): Guaranteed views: at most 84,200 of 100,000, 15.8 "
            "percentage points short of the target. 1% of the fee for each point: 15.8 × 1% "
            "= 15.8%, capped at 10%. 10% of 2,000.00 EUR = 200.00 EUR.") in status


async def test_a_campaign_thread_keeps_an_export_as_figures_and_refuses_other_files(
        desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    before = await desk.footprint(campaign_id)
    with pytest.raises(Refusal, match="kept only as figures from an analytics export"):
        await desk.attach(CLEO, campaign_id)
    assert await desk.footprint(campaign_id) == before
    desk.clock.advance(days=2)
    outcome = await desk.attach(CLEO, campaign_id, export("120,400"), "posts.csv")
    assert [e.kind for e in outcome.entries] == [kinds.METRICS_REPORTED]
    [table] = [r.text for r in outcome.replies if r.attachment is not None]
    assert "at least 120,400 of 100,000 — provisional" in table


async def test_an_export_that_cannot_be_read_stays_evidence_and_says_why(desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    case_id = await case_on(desk, campaign_id)
    broken = HEADER.encode() + b'1790,1784,cleo,Cleo,"open quote\n'
    outcome = await desk.attach(CLEO, case_id, broken, "posts.csv")
    assert [e.kind for e in outcome.entries] == [kinds.EVIDENCE_ADDED]
    assert any("its figures were not read" in t for t in outcome.to("actor"))


async def test_figures_from_someone_outside_the_case_are_never_recorded(desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    desk.clock.advance(days=1)
    with pytest.raises(Refusal):
        await desk.attach(OTTO, campaign_id, export("500,000"), "posts.csv")
    assert (await desk.service.campaigns.campaign(campaign_id, "console:demo")).reports == ()


async def test_a_case_opened_after_the_judging_point_prices_the_missed_kpi_in_its_brief(
        desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    desk.clock.advance(days=8)
    await desk.attach(CLEO, campaign_id, export("84,200"), "posts.csv")
    desk.clock.advance(days=2)
    case_id = await case_on(desk, campaign_id)
    case = await desk.service.case(case_id, "console:demo")
    assert case.campaign is not None
    [kpi] = [f for f in case.campaign["findings"] if f["kind"] == "kpi_shortfall"]
    assert (kpi["verdict"], kpi["citation"]["path"]) == ("breach", "kpis[0]")
    outcome = case.campaign["outcome"]
    assert outcome["reduction"] == "200.00" and "kpis[0].remedy" in outcome["clauses"]
    assert "KPI shortfall, kpis[0]:" in outcome["proposal"]


async def test_figures_before_any_agreement_are_refused_before_the_file_is_stored(
        desk: Desk) -> None:
    outcome = await desk.service.campaigns.with_file(
        parse("campaign propose agreement.yaml"), desk.context(ANA),
        (AGREEMENT + KPIS).encode(), "agreement.yaml")
    assert outcome.campaign is not None
    store = desk.service.evidence
    assert isinstance(store, FileEvidenceStore)
    before = sorted(p for p in store.root.rglob("*") if p.is_file())
    with pytest.raises(Refusal, match="no agreement in force yet"):
        await desk.attach(CLEO, outcome.campaign.id, export("84,200"), "posts.csv")
    assert sorted(p for p in store.root.rglob("*") if p.is_file()) == before


async def test_a_mapping_set_once_reads_the_campaign_s_own_csv_exports(desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    sheet = f"Link,Plays,Hearts\n{REEL},\"120,400\",5100\n".encode()
    with pytest.raises(Refusal, match="not an analytics export"):
        await desk.attach(CLEO, campaign_id, sheet, "agency-sheet.csv")
    bad = await desk.refused(ANA, 'campaign mapping post=Link metrics="Plays = plays"',
                             campaign_id)
    assert "is not a metric this bot knows" in bad
    set_once = await desk.say(ANA, 'campaign mapping post=Link metrics="Plays = views; '
                              'Hearts = likes" scope=organic', campaign_id)
    [said] = set_once.to("thread")
    assert "post column: Link" in said and "metrics: Plays = views; Hearts = likes" in said
    desk.clock.advance(days=2)
    outcome = await desk.attach(CLEO, campaign_id, sheet, "agency-sheet.csv")
    [entry] = outcome.entries
    assert (entry.payload["format"], len(entry.payload["figures"])) == ("mapped_csv", 2)
    [table] = [r.text for r in outcome.replies if r.attachment is not None]
    assert "at least 120,400 of 100,000 — provisional" in table


async def test_the_period_written_beside_a_tiktok_export_places_its_days(desk: Desk) -> None:
    campaign_id = await campaign_with_a_live_reel(desk)
    overview = (Path(__file__).parents[1] / "performance" / "fixtures"
                / "tiktok_overview_wrap.csv").read_bytes()
    with pytest.raises(Refusal, match="not a period of real days"):
        await desk.attach(CLEO, campaign_id, overview, "Overview.csv", "2025-12-29 to 2026-02-30")
    outcome = await desk.attach(CLEO, campaign_id, overview, "Overview.csv",
                                "TikTok, 2025-12-29 to 2026-01-02")
    [entry] = outcome.entries
    days = {row[5] for row in entry.payload["figures"]}
    assert days == {"2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"}
    assert "placed in the period you gave (2025-12-29 to 2026-01-02)" in entry.payload[
        "warnings"][0]
