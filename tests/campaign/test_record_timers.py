"""A campaign's timers: which rows it has, in the agreement's zone, and what each does when it
fires; a row the campaign no longer has, or not yet due, fires nothing."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot.campaign.life.deliverable_commands import ConfirmProductReceived, SubmitDraft
from bot.campaign.record.commands import (
    AcceptAgreement,
    EndCampaign,
    FireTimer,
    MoveDeliverable,
    ProposeAgreement,
)
from bot.campaign.record.deadlines import campaign_deadlines
from bot.campaign.terms.approval import OnSilence
from bot.campaign.terms.deliverables import Anchor, AnchorEvent
from bot.campaign.terms.payments import Trigger, TriggerEvent
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.identity import SYSTEM
from tests.campaign.record_session import CAMPAIGN_ID, CampaignSession
from tests.campaign.test_record_walk import ANNA, BRIGHTSIDE, MIA, TERMS, agreed_session, at


def agreed_on(terms: CampaignTerms) -> CampaignSession:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", terms), at("2026-03-02T14:00"))
    version = session.now_state.versions[0].hash
    for who in (ANNA, BRIGHTSIDE, MIA):
        session.do(who, AcceptAgreement(version), at("2026-03-02T15:00"))
    return session


def test_nothing_is_timed_before_agreement() -> None:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS), at("2026-03-02T14:00"))
    assert campaign_deadlines(session.state, session.calendar) == {}
    assert campaign_deadlines(None, session.calendar) == {}


def test_where_silence_approves_nothing_the_review_deadline_tells_the_approver_once() -> None:
    waits = dataclasses.replace(TERMS, approval=dataclasses.replace(
        TERMS.approval, on_silence=OnSilence.NOTHING))
    session = agreed_on(waits)
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
               at("2026-03-06T17:00"))
    (overdue,) = session.do(SYSTEM, FireTimer("review:d1"), at("2026-03-11T16:00"))
    assert (overdue.kind, overdue.payload["to"]) == ("campaign_overdue", [ANNA.user_id])
    assert overdue.payload["due_at"] == "2026-03-11T16:00:00.000000Z"
    assert session.now_state.deliverables["d1"].phase.value == "draft_submitted"  # it waits
    assert "review:d1" not in campaign_deadlines(session.state, session.calendar)
    assert session.do(SYSTEM, FireTimer("review:d1"), at("2026-03-12T16:00")) == []


def test_a_reminder_goes_once_and_never_after_its_deadline() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    rows = campaign_deadlines(session.state, session.calendar)
    assert rows["remind:publish:d1"] == at("2026-03-18T14:00")  # a day before the window ends
    assert session.do(SYSTEM, FireTimer("remind:publish:d1"), at("2026-03-18T13:59")) == []
    (sent,) = session.do(SYSTEM, FireTimer("remind:publish:d1"), at("2026-03-18T14:00"))
    assert (sent.kind, sent.payload["deadline"], sent.payload["to"]) == (
        "campaign_reminder_sent", "publish:d1", [MIA.user_id])
    assert session.do(SYSTEM, FireTimer("remind:publish:d1"), at("2026-03-18T15:00")) == []
    # The process was down: the draft's reminder is due, but so is the draft itself.
    assert session.do(SYSTEM, FireTimer("remind:draft:d1"), at("2026-03-12T14:00")) == []
    assert session.do(SYSTEM, FireTimer("draft:d1"), at("2026-03-12T14:00"))[0].kind == (
        "campaign_overdue")


def test_a_milestone_due_on_a_date_falls_due_at_the_start_of_that_day_in_new_york() -> None:
    m1, m2 = TERMS.payment.milestones
    dated = dataclasses.replace(m2, trigger=Trigger(TriggerEvent.DATE, on=date(2026, 4, 1)))
    session = agreed_on(dataclasses.replace(TERMS, payment=dataclasses.replace(
        TERMS.payment, milestones=(m1, dated))))
    rows = campaign_deadlines(session.state, session.calendar)
    assert rows["trigger:m2"] == at("2026-04-01T04:00")  # midnight, daylight time
    assert session.do(SYSTEM, FireTimer("trigger:m2"), at("2026-04-01T03:59")) == []
    (due,) = session.do(SYSTEM, FireTimer("trigger:m2"), at("2026-04-01T04:00"))
    assert (due.kind, due.payload["due_on"]) == ("milestone_due", "2026-05-01T04:00:00.000000Z")
    rows = campaign_deadlines(session.state, session.calendar)
    assert "trigger:m2" not in rows and rows["payment:m2"] == at("2026-05-01T04:00")


def test_a_schedule_anchored_on_the_agreement_starts_in_production_and_counts_from_it() -> None:
    d1, d2 = TERMS.deliverables
    on_signing = dataclasses.replace(d1, schedule=dataclasses.replace(
        d1.schedule, anchor=Anchor(AnchorEvent.AGREEMENT_ACCEPTED)))
    session = agreed_on(dataclasses.replace(TERMS, deliverables=(on_signing, d2)))
    assert session.now_state.deliverables["d1"].phase.value == "in_production"
    assert session.now_state.deliverables["d2"].phase.value == "awaiting_product"
    rows = campaign_deadlines(session.state, session.calendar)
    assert rows["draft:d1"] == at("2026-03-09T14:00")  # 7 days after 10:00 New York, in EDT
    assert not any(key.endswith(":d2") for key in rows)  # no product, no dates yet


def test_after_the_end_only_payments_and_live_posts_keep_their_timers() -> None:
    session = agreed_session()
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    assert "draft:d1" in campaign_deadlines(session.state, session.calendar)
    session.do(ANNA, EndCampaign("launch cancelled"), at("2026-03-06T15:00"))
    rows = campaign_deadlines(session.state, session.calendar)
    assert set(rows) == {"payment:m1", "remind:payment:m1"}  # m1 is due and still unpaid
    assert session.do(SYSTEM, FireTimer("draft:d1"), at("2026-03-12T14:00")) == []


def test_approval_by_silence_makes_a_milestone_on_approval_due_in_the_same_decision() -> None:
    m1, m2 = TERMS.payment.milestones
    on_approval = dataclasses.replace(m2, trigger=Trigger(TriggerEvent.DELIVERABLE_APPROVED,
                                                          deliverable="d1"))
    session = agreed_on(dataclasses.replace(TERMS, payment=dataclasses.replace(
        TERMS.payment, milestones=(m1, on_approval))))
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
               at("2026-03-06T17:00"))
    entries = session.do(SYSTEM, FireTimer("review:d1"), at("2026-03-12T09:00"))  # fired late
    assert session.kinds(entries) == ["draft_auto_approved", "milestone_due"]
    # The approval counts from the review window's end, not from the late firing.
    assert entries[1].payload["triggered_at"] == "2026-03-11T16:00:00.000000Z"
    assert entries[1].payload["due_on"] == "2026-04-10T16:00:00.000000Z"
