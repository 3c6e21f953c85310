"""What the bot says about each new entry of a campaign's record: every kind has its words,
and they name the version and its hash, who is awaited, the amounts of the terms and the dates
on the agreement's clock (New York here), to the right audience."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_commands import (
    Approve,
    Cancel,
    ConfirmProductReceived,
    MarkLive,
    Reject,
    RequestChanges,
    SubmitDraft,
)
from bot.campaign.life.milestone_commands import ConfirmPayment, Dispute, Invoice, MarkPaid
from bot.campaign.record import kinds
from bot.campaign.record.commands import (
    AcceptAgreement,
    AmendAgreement,
    CampaignCommand,
    EndCampaign,
    FireTimer,
    MoveDeliverable,
    MoveMilestone,
    ProposeAgreement,
)
from bot.domain import kinds as case_kinds
from bot.domain.identity import SYSTEM, Actor
from bot.exchange import THREAD, Reply, to_user
from bot.exports.document import entry_json
from bot.exports.words import describe
from bot.text.campaign import CAMPAIGN_FAMILIES, CAMPAIGN_WORDS, campaign_replies_for
from bot.text.table import words_for
from tests.campaign.record_session import CAMPAIGN_ID, CampaignSession
from tests.campaign.test_record_amendments import with_story
from tests.campaign.test_record_walk import ANNA, BRIGHTSIDE, MIA, TERMS, agreed_session, at

CASE_KINDS = {value for name, value in vars(case_kinds).items() if name.isupper()}


def said(session: CampaignSession, actor: Actor, command: CampaignCommand, now: datetime
         ) -> list[Reply]:
    """What the bot says about one decision's entries, given the state after all of them (as
    the service folds a decision before it announces it)."""
    entries = session.do(actor, command, now)
    return [reply for entry in entries
            for reply in campaign_replies_for(session.now_state, entry)]


def to(replies: list[Reply], audience: str) -> list[str]:
    return [reply.text for reply in replies if reply.audience == audience]


def test_every_kind_of_a_campaigns_record_has_its_words_in_one_family() -> None:
    assert CAMPAIGN_WORDS.keys() == kinds.ALL
    assert sum(len(family) for family in CAMPAIGN_FAMILIES) == len(CAMPAIGN_WORDS)
    assert kinds.ALL.isdisjoint(CASE_KINDS)  # one table can serve histories of both
    for kind in kinds.ALL:
        assert words_for(kind) is CAMPAIGN_WORDS[kind]


def test_a_proposal_names_its_version_its_hash_and_what_to_type_to_accept_it() -> None:
    session = CampaignSession()
    replies = said(session, ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS),
                   at("2026-03-02T14:00"))
    v1 = session.now_state.versions[0].hash
    (announced,) = to(replies, THREAD)
    assert announced.startswith(
        f"Campaign CP-GLOW26 (Glow Serum spring launch): Anna Berg (Glow Skincare) proposed "
        f"version 1, hash {v1[:12]}.")
    assert ("once each of Anna Berg (Glow Skincare), Brightside Agency and Mia Rivera accepts "
            "it") in announced
    assert announced.endswith(f"/mediate campaign accept {v1}")
    # The other parties are told; the proposer is not told of their own proposal.
    assert {r.audience for r in replies if r.audience != THREAD} == {
        to_user(BRIGHTSIDE.user_id), to_user(MIA.user_id)}
    assert all(v1 in r.text for r in replies)


def test_each_acceptance_says_who_accepted_and_who_is_still_awaited() -> None:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS), at("2026-03-02T14:00"))
    v1 = session.now_state.versions[0].hash
    assert to(said(session, MIA, AcceptAgreement(v1), at("2026-03-02T15:00")), THREAD) == [
        f"Mia Rivera accepted version 1 of campaign CP-GLOW26 (hash {v1[:12]}). Still "
        "awaited: Anna Berg (Glow Skincare) and Brightside Agency."]
    assert to(said(session, ANNA, AcceptAgreement(v1), at("2026-03-02T16:00")), THREAD) == [
        f"Anna Berg (Glow Skincare) accepted version 1 of campaign CP-GLOW26 (hash {v1[:12]}). "
        "Still awaited: Brightside Agency."]
    said_last = to(said(session, BRIGHTSIDE, AcceptAgreement(v1), at("2026-03-02T17:00")), THREAD)
    assert said_last[0].endswith("Every party has accepted it.")
    assert said_last[1] == (
        "Campaign CP-GLOW26 (Glow Serum spring launch): version 1 is agreed and in force, every "
        f"party having accepted it. Its hash: {v1}.")
    assert "Deliverable d1 (ig_reel): starts, waiting for the product." in said_last
    # m1 is half of USD 3,000.00, due at once (net 0): 17:00 UTC is noon in New York.
    assert ("Milestone m1 is due: USD 1,500.00 by 2026-03-02 12:00 EST. Mia Rivera to invoice "
            "it; Brightside Agency to pay it.") in said_last


def test_an_amendment_says_the_agreed_version_stays_in_force_until_it_is_agreed() -> None:
    session = agreed_session()
    terms = session.now_state.agreed_terms
    assert terms is not None
    replies = said(session, ANNA, AmendAgreement(with_story(terms)), at("2026-03-06T15:00"))
    v3 = session.now_state.versions[2].hash
    (announced,) = to(replies, THREAD)
    assert f"proposed an amendment: version 3, hash {v3[:12]}." in announced
    assert "Version 2 stays in force until it is agreed." in announced
    assert announced.endswith(f"/mediate campaign accept {v3}")


def test_a_draft_its_review_and_approval_by_silence_in_new_york_time() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    replies = said(session, MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
                   at("2026-03-06T17:00"))
    assert to(replies, THREAD) == [
        "Deliverable d1 (ig_reel): draft 1 submitted by Mia Rivera: https://drive/reel. Anna "
        "Berg (Glow Skincare) to approve it, ask for changes or reject it by 2026-03-11 12:00 "
        "EDT. Silence approves it then."]
    assert len(to(replies, to_user(ANNA.user_id))) == 1  # the approver is told
    reminder = said(session, SYSTEM, FireTimer("remind:review:d1"), at("2026-03-10T16:00"))
    assert [r.audience for r in reminder] == [to_user(ANNA.user_id)]
    assert reminder[0].text == (
        "Reminder: campaign CP-GLOW26 (Glow Serum spring launch) waits for the review of the "
        "draft of deliverable d1 (ig_reel) from you by 2026-03-11 12:00 EDT.")
    assert to(said(session, SYSTEM, FireTimer("review:d1"), at("2026-03-11T16:00")), THREAD) == [
        "Deliverable d1 (ig_reel): draft approved by silence — the review window ended on "
        "2026-03-11 12:00 EDT with no answer."]


def test_a_reminder_goes_to_the_creator_and_an_overdue_post_is_said_in_the_thread_too() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    reminder = said(session, SYSTEM, FireTimer("remind:publish:d1"), at("2026-03-18T14:00"))
    assert [(r.audience, r.case_id) for r in reminder] == [(to_user(MIA.user_id), CAMPAIGN_ID)]
    assert "deliverable d1 (ig_reel) to go live" in reminder[0].text
    assert reminder[0].text.endswith("by 2026-03-19 10:00 EDT.")
    overdue = said(session, SYSTEM, FireTimer("publish:d1"), at("2026-03-19T14:00"))
    assert to(overdue, THREAD) == [
        "Overdue in campaign CP-GLOW26 (Glow Serum spring launch): deliverable d1 (ig_reel) to "
        "go live (and be marked live), from Mia Rivera, due 2026-03-19 10:00 EDT."]
    assert len(to(overdue, to_user(MIA.user_id))) == 1
    assert to(overdue, to_user(ANNA.user_id)) == []


def test_a_payment_reminder_goes_to_the_payer_and_its_overdue_notice_to_the_thread() -> None:
    session = agreed_session()
    overdue = said(session, SYSTEM, FireTimer("payment:m1"), at("2026-03-02T19:00"))
    assert [r.audience for r in overdue] == [THREAD, to_user(BRIGHTSIDE.user_id)]
    assert overdue[0].text == (
        "Overdue in campaign CP-GLOW26 (Glow Serum spring launch): the payment of milestone m1 "
        "(USD 1,500.00), from Brightside Agency, due 2026-03-02 14:00 EST.")
    session.do(MIA, MoveDeliverable("d2", ConfirmProductReceived()), at("2026-03-05T15:00"))
    session.do(MIA, MoveDeliverable("d2", SubmitDraft("https://drive/tt")), at("2026-03-18T14:00"))
    session.do(ANNA, MoveDeliverable("d2", Approve()), at("2026-03-19T14:00"))
    session.do(MIA, MoveDeliverable("d2", MarkLive("https://tiktok.com/@mia/video/1",
                                                   at("2026-03-20T13:00"), "#ad")),
               at("2026-03-20T14:00"))
    reminder = said(session, SYSTEM, FireTimer("remind:payment:m2"), at("2026-04-18T13:00"))
    assert [r.audience for r in reminder] == [to_user(BRIGHTSIDE.user_id)]
    assert reminder[0].text == (
        "Reminder: campaign CP-GLOW26 (Glow Serum spring launch) waits for the payment of "
        "milestone m2 (USD 1,500.00) from you by 2026-04-19 09:00 EDT.")


def test_the_rest_of_a_deliverables_and_a_milestones_life_in_plain_words() -> None:
    session = agreed_session()
    for key in ("d1", "d2"):
        session.do(MIA, MoveDeliverable(key, ConfirmProductReceived()), at("2026-03-05T15:00"))
    session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
               at("2026-03-06T17:00"))
    assert to(said(session, ANNA, MoveDeliverable("d1", RequestChanges("Brighter light")),
                   at("2026-03-07T15:00")), THREAD) == [
        "Deliverable d1 (ig_reel): Anna Berg (Glow Skincare) asked for changes (round 1 of 1): "
        "Brighter light\nA changed draft is awaited."]
    session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel-2")),
               at("2026-03-08T15:00"))
    assert to(said(session, ANNA, MoveDeliverable("d1", Reject("r3", "no promo code")),
                   at("2026-03-09T15:00")), THREAD) == [
        "Deliverable d1 (ig_reel): Anna Berg (Glow Skincare) rejected the draft for breaking "
        "objective requirement r3: no promo code. A reshoot is awaited."]
    (cancelled,) = to(said(session, ANNA, MoveDeliverable("d1", Cancel("budget cut")),
                           at("2026-03-09T16:00")), THREAD)
    assert cancelled == ("Deliverable d1 (ig_reel): cancelled by Anna Berg (Glow Skincare) (the "
                         "brand side) while rejected, waiting for a reshoot. Reason: budget cut")
    session.do(MIA, MoveDeliverable("d2", SubmitDraft("https://drive/tt")), at("2026-03-18T14:00"))
    session.do(ANNA, MoveDeliverable("d2", Approve()), at("2026-03-19T14:00"))
    live = at("2026-03-20T13:00")
    replies = said(session, MIA, MoveDeliverable("d2", MarkLive(
        "https://tiktok.com/@mia/video/1", live, "#ad #GlowPartner")), at("2026-03-20T14:00"))
    assert to(replies, THREAD) == [
        "Deliverable d2 (tt_video): live since 2026-03-20 09:00 EDT, reported by Mia Rivera: "
        "https://tiktok.com/@mia/video/1",
        "Milestone m2 is due: USD 1,500.00 by 2026-04-19 09:00 EDT. Mia Rivera to invoice it; "
        "Brightside Agency to pay it."]
    assert to(said(session, MIA, MoveMilestone("m2", Invoice("GLOW-002")),
                   at("2026-03-21T14:00")), THREAD) == [
        "Milestone m2 (USD 1,500.00) invoiced by Mia Rivera: GLOW-002."]
    (paid,) = said(session, BRIGHTSIDE, MoveMilestone("m2", MarkPaid("ACH 7")),
                   at("2026-03-22T14:00"))
    assert paid.text.startswith("Milestone m2 (USD 1,500.00) marked paid by Brightside Agency, "
                                "reference ACH 7.")
    (disputed,) = said(session, MIA, MoveMilestone("m2", Dispute("Nothing arrived")),
                       at("2026-03-25T14:00"))
    assert disputed.text == ("Milestone m2 (USD 1,500.00) disputed by Mia Rivera (the creator "
                             "side) while marked paid, waiting for the payee's confirmation: "
                             "Nothing arrived")


def test_a_campaign_in_utc_reads_in_utc_and_its_end_says_payments_go_on() -> None:
    session = CampaignSession(calendar=Calendar.named("UTC"))
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", dataclasses.replace(
        TERMS, time_zone="UTC")), at("2026-03-02T14:00"))
    v1 = session.now_state.versions[0].hash
    for who in (ANNA, BRIGHTSIDE):
        session.do(who, AcceptAgreement(v1), at("2026-03-02T15:00"))
    replies = said(session, MIA, AcceptAgreement(v1), at("2026-03-02T15:00"))
    assert ("Milestone m1 is due: USD 1,500.00 by 2026-03-02 15:00 UTC. Mia Rivera to invoice "
            "it; Brightside Agency to pay it.") in to(replies, THREAD)
    (ended,) = said(session, ANNA, EndCampaign("launch moved"), at("2026-03-03T15:00"))
    assert ended.text == ("Campaign CP-GLOW26 (Glow Serum spring launch) was ended by Anna Berg "
                          "(Glow Skincare). Its deliverables stop; its payments still go on. "
                          "Reason: launch moved")
    session.do(MIA, MoveMilestone("m1", Invoice("G-1")), at("2026-03-04T15:00"))
    session.do(BRIGHTSIDE, MoveMilestone("m1", MarkPaid("ACH 1")), at("2026-03-05T15:00"))
    (confirmed,) = said(session, MIA, MoveMilestone("m1", ConfirmPayment()),
                        at("2026-03-06T15:00"))
    assert confirmed.text == ("Milestone m1 (USD 1,500.00): Mia Rivera confirmed the payment "
                              "arrived.")


def test_every_entry_reads_in_a_history_and_an_export() -> None:
    session = agreed_session()
    session.do(SYSTEM, FireTimer("payment:m1"), at("2026-03-02T19:00"))
    session.do(MIA, MoveDeliverable("d2", ConfirmProductReceived()), at("2026-03-05T15:00"))
    lines = [words_for(e.kind).history_line(e) for e in session.journal]
    v2 = session.now_state.versions[1].hash
    assert f"countered with version 2 “Glow Serum spring launch”, hash {v2}" in lines
    assert f"version 2 agreed, hash {v2}" in lines
    assert "milestone m1 due by 2026-03-02" in lines
    assert "overdue: payment:m1 was due 2026-03-02 19:00 UTC" in lines
    described = [describe(entry_json(e)) for e in session.journal]
    assert described[0].headline == "Proposed version 1 of the agreement"
    assert described[0].text == session.journal[0].payload["terms"]
    agreed = next(d for d in described if d.headline.startswith("Version 2 agreed"))
    assert agreed.fields == [("Version hash (SHA-256)", v2)]
    due = next(d for d in described if d.headline == "Milestone m1 due")
    assert ("Due", "2026-03-02 19:00:00 UTC") in due.fields
    overdue = next(d for d in described if d.headline == "Overdue: payment:m1")
    assert overdue.fields == [("Was due", "2026-03-02 19:00:00 UTC"),
                              ("Awaited from", BRIGHTSIDE.user_id)]
    assert described[-1].headline == "Product received for deliverable d2"


def test_an_unknown_kind_announces_nothing() -> None:
    session = agreed_session()
    entry = dataclasses.replace(session.journal[-1], kind="retired_campaign_kind")
    assert campaign_replies_for(session.now_state, entry) == []
