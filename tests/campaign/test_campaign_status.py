"""`/mediate campaign status` and a campaign's line in a list, read from real folded journals:
the version in force and its acceptances or the one under discussion, the parties, each
deliverable's and milestone's phase and dates, and what the campaign waits for, earliest first."""

from __future__ import annotations

from bot.campaign.life.deliverable_commands import ConfirmProductReceived, MarkLive, SubmitDraft
from bot.campaign.record.commands import (
    AcceptAgreement,
    EndCampaign,
    FireTimer,
    MoveDeliverable,
    ProposeAgreement,
)
from bot.domain.identity import SYSTEM
from bot.text.campaign_status import campaign_list_line, campaign_status
from tests.campaign.record_session import CAMPAIGN_ID, CampaignSession
from tests.campaign.test_record_walk import ANNA, BRIGHTSIDE, MIA, TERMS, agreed_session, at


def test_before_agreement_the_status_shows_the_version_discussed_and_who_must_accept() -> None:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS), at("2026-03-02T14:00"))
    v1 = session.now_state.versions[0].hash
    session.do(BRIGHTSIDE, AcceptAgreement(v1), at("2026-03-02T15:00"))
    status = campaign_status(session.now_state, at("2026-03-02T16:00")).splitlines()
    assert status[:3] == [
        "Campaign CP-GLOW26: Glow Serum spring launch",
        "Phase: proposed (times in America/New_York)",
        f"Under discussion: version 1, hash {v1}; still to accept: Anna Berg (Glow Skincare) "
        f"and Mia Rivera. To accept it: /mediate campaign accept {v1}"]
    assert status[3:7] == ["Parties:", "  Anna Berg (Glow Skincare): brand (approver)",
                           "  Brightside Agency: agency (payer)", "  Mia Rivera: creator (payee)"]
    assert "  d1 (ig_reel): starts once the agreement is agreed" in status
    assert ("  m2: USD 1,500.00, due when deliverable d2 goes live, net 30 days; starts once "
            "the agreement is agreed") in status
    assert status[-1] == "Waiting for: nothing timed"
    assert campaign_list_line(session.now_state) == (
        "CP-GLOW26 Glow Serum spring launch — proposed, 2 open items")


def test_once_agreed_the_status_shows_acceptances_dates_amounts_and_what_waits() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    state = session.now_state
    v2 = state.versions[1].hash
    status = campaign_status(state, at("2026-03-06T15:00")).splitlines()
    assert status[1] == "Phase: agreed (times in America/New_York)"
    assert status[2] == (
        f"In force: version 2, hash {v2}; accepted by Anna Berg (Glow Skincare) (2026-03-02 "
        "12:00 EST), Brightside Agency (2026-03-02 13:00 EST) and Mia Rivera (2026-03-02 14:00 "
        "EST)")
    assert ("  d1 (ig_reel): in production; draft due 2026-03-12 10:00 EDT; live between "
            "2026-03-15 10:00 EDT and 2026-03-19 10:00 EDT") in status
    assert ("  d2 (tt_video): waiting for the product; its dates count from when the product "
            "arrives") in status
    assert "Milestones (total USD 3,000.00):" in status
    assert ("  m1: USD 1,500.00, due, not invoiced yet; to be paid by 2026-03-02 14:00 EST "
            "(overdue)") in status
    waiting = status[status.index("Waiting for:") + 1:]
    assert waiting == [
        "  the payment of milestone m1 (USD 1,500.00), from Brightside Agency, by 2026-03-02 "
        "14:00 EST (overdue)",
        "  the draft of deliverable d1 (ig_reel), from Mia Rivera, by 2026-03-12 10:00 EDT",
        "  deliverable d1 (ig_reel) to go live (and be marked live), from Mia Rivera, by "
        "2026-03-19 10:00 EDT"]
    assert not any("remind" in line for line in status)
    assert campaign_list_line(state) == "CP-GLOW26 Glow Serum spring launch — agreed, 3 open items"


def test_a_review_waits_for_the_approver_and_a_live_post_shows_its_keep_live_end() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
               at("2026-03-06T17:00"))
    status = campaign_status(session.now_state, at("2026-03-07T15:00"))
    assert ("the review of the draft of deliverable d1 (ig_reel), from Anna Berg (Glow Skincare), "
            "by 2026-03-11 12:00 EDT") in status
    assert "draft due 2026-03-12 10:00 EDT (drafts in: 1)" in status
    session.do(SYSTEM, FireTimer("review:d1"), at("2026-03-11T16:00"))
    session.do(MIA, MoveDeliverable("d1", MarkLive("https://instagram.com/reel/1",
                                                   at("2026-03-16T13:00"), "#ad")),
               at("2026-03-16T14:00"))
    status = campaign_status(session.now_state, at("2026-03-17T15:00"))
    assert ("  d1 (ig_reel): live; draft due 2026-03-12 10:00 EDT (drafts in: 1); live between "
            "2026-03-15 10:00 EDT and 2026-03-19 10:00 EDT; live since 2026-03-16 09:00 EDT, to "
            "stay live until 2026-06-14 09:00 EDT") in status.splitlines()
    assert "deliverable d1 (ig_reel) to stay live, by 2026-06-14 09:00 EDT" in status


def test_an_overdue_post_stays_marked_once_its_notice_went_out_and_the_end_shows() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    session.do(SYSTEM, FireTimer("publish:d1"), at("2026-03-19T14:00"))
    status = campaign_status(session.now_state, at("2026-03-19T15:00"))
    assert "and 2026-03-19 10:00 EDT (overdue)" in status
    session.do(ANNA, EndCampaign("launch cancelled"), at("2026-03-20T15:00"))
    state = session.now_state
    lines = campaign_status(state, at("2026-03-20T16:00")).splitlines()
    assert lines[1] == "Phase: ended (times in America/New_York)"
    (d1,) = [line for line in lines if line.startswith("  d1 ")]
    assert not d1.endswith("(overdue)")  # the work is over: nothing is awaited of it
    assert lines[-1].startswith("  the payment of milestone m1")  # payments go on
    assert campaign_list_line(state) == "CP-GLOW26 Glow Serum spring launch — ended, 1 open item"
