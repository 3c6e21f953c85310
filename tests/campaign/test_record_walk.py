"""A whole campaign on the example agreement, in New York time: proposed, countered, accepted
by every party, the product delivered, a draft approved by silence after 3 business days
(across the spring clock change), a reel live late, a milestone due and overdue."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from bot.campaign.life.deliverable_commands import (
    Approve,
    ConfirmProductReceived,
    MarkLive,
    SubmitDraft,
)
from bot.campaign.life.deliverable_life import DeliverablePhase
from bot.campaign.life.milestone_commands import Invoice, MarkPaid
from bot.campaign.life.milestone_life import MilestonePhase
from bot.campaign.parties import CampaignParty
from bot.campaign.record.commands import (
    AcceptAgreement,
    CounterAgreement,
    FireTimer,
    MoveDeliverable,
    MoveMilestone,
    ProposeAgreement,
)
from bot.campaign.record.deadlines import campaign_deadlines
from bot.campaign.record.state import campaign_calendar
from bot.campaign.terms.span import Span, SpanUnit
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.versions import canonical_terms
from bot.domain.identity import SYSTEM, Actor
from tests.campaign.record_session import CAMPAIGN_ID, CampaignSession
from tests.campaign.terms_strategies import example_terms

TERMS = example_terms()


def actor(party: CampaignParty) -> Actor:
    return Actor(party.user_id, party.name)


ANNA, BRIGHTSIDE, MIA = (actor(p) for p in TERMS.parties)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def later_tiktok(terms: CampaignTerms) -> CampaignTerms:
    """Mia's counter: the TikTok may go live until 28 days after the product arrives."""
    d1, d2 = terms.deliverables
    window = dataclasses.replace(d2.schedule.publish_window, end=Span(28, SpanUnit.DAYS))
    d2 = dataclasses.replace(d2, schedule=dataclasses.replace(d2.schedule,
                                                              publish_window=window))
    return dataclasses.replace(terms, deliverables=(d1, d2))


def agreed_session() -> CampaignSession:
    """Anna proposes, Mia counters, and all three accept Mia's version."""
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS), at("2026-03-02T14:00"))
    session.do(MIA, CounterAgreement(later_tiktok(TERMS)), at("2026-03-02T16:00"))
    version = session.now_state.versions[-1].hash
    for who, hour in ((ANNA, 17), (BRIGHTSIDE, 18)):
        session.do(who, AcceptAgreement(version), at(f"2026-03-02T{hour}:00"))
    session.do(MIA, AcceptAgreement(version), at("2026-03-02T19:00"))
    return session


def test_a_proposal_and_a_counter_are_two_versions_neither_agreed_yet() -> None:
    session = CampaignSession()
    (proposed,) = session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS),
                             at("2026-03-02T14:00"))
    assert proposed.kind == "agreement_proposed"
    assert proposed.payload["terms"] == canonical_terms(TERMS)  # text, hashed with the entry
    assert "parent" not in proposed.payload
    (countered,) = session.do(MIA, CounterAgreement(later_tiktok(TERMS)), at("2026-03-02T16:00"))
    state = session.now_state
    v1, v2 = state.versions
    assert countered.payload["parent"] == v1.hash == proposed.payload["hash"]
    assert (v2.number, v2.parent, state.discussed, state.agreed) == (2, v1.hash, v2.hash, None)
    assert state.title == "Glow Serum spring launch"
    assert campaign_calendar(state).zone.key == "America/New_York"


def test_the_proposer_accepts_explicitly_and_the_last_acceptance_starts_everything() -> None:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS), at("2026-03-02T14:00"))
    v1 = session.now_state.versions[0].hash
    session.do(BRIGHTSIDE, AcceptAgreement(v1), at("2026-03-02T15:00"))
    session.do(MIA, AcceptAgreement(v1), at("2026-03-02T16:00"))
    assert session.now_state.agreed is None  # Anna proposed, but has not accepted
    entries = session.do(ANNA, AcceptAgreement(v1), at("2026-03-02T17:00"))
    assert session.kinds(entries) == [
        "agreement_accepted", "agreement_agreed", "deliverable_started", "deliverable_started",
        "milestone_started", "milestone_started", "milestone_due"]
    state = session.now_state
    assert state.agreed == v1 and state.discussed is None
    assert [(a.user_id, a.name, a.at) for a in state.acceptances[v1]] == [
        (BRIGHTSIDE.user_id, "Brightside Agency", at("2026-03-02T15:00")),
        (MIA.user_id, "Mia Rivera", at("2026-03-02T16:00")),
        (ANNA.user_id, "Anna Berg (Glow Skincare)", at("2026-03-02T17:00"))]
    # Both deliverables count from the product's delivery: they wait for it.
    assert {k: d.phase for k, d in state.deliverables.items()} == {
        "d1": DeliverablePhase.AWAITING_PRODUCT, "d2": DeliverablePhase.AWAITING_PRODUCT}
    # m1 (50% on agreement, net 0) is due at once; m2 waits for the TikTok to go live.
    assert state.milestones["m1"].phase is MilestonePhase.DUE
    assert state.milestones["m1"].due_on == at("2026-03-02T17:00")
    assert state.milestones["m2"].phase is MilestonePhase.PENDING
    assert state.happened.accepted_at == at("2026-03-02T17:00")


def test_the_whole_walk() -> None:
    session = agreed_session()
    state = session.now_state
    assert state.agreed == state.versions[1].hash
    assert len(state.acceptances[state.agreed]) == 3
    # m1 is paid the usual way.
    session.do(MIA, MoveMilestone("m1", Invoice("GLOW-001")), at("2026-03-03T10:00"))
    session.do(BRIGHTSIDE, MoveMilestone("m1", MarkPaid("ACH 5521")), at("2026-03-03T12:00"))
    assert campaign_deadlines(session.state, session.calendar) == {}  # paid, nothing waits

    # The product arrives on Thursday 5 March, 10:00 in New York (15:00 UTC).
    arrived = at("2026-03-05T15:00")
    for key in ("d1", "d2"):
        session.do(MIA, MoveDeliverable(key, ConfirmProductReceived()), arrived)
    rows = campaign_deadlines(session.state, session.calendar)
    assert rows["draft:d1"] == at("2026-03-12T14:00")  # 7 days, 10:00 New York after DST
    assert rows["publish:d1"] == at("2026-03-19T14:00")  # 14 days
    assert rows["publish:d2"] == at("2026-04-02T14:00")  # 28 days: Mia's counter
    assert rows["remind:draft:d1"] == at("2026-03-11T14:00")

    # Friday noon in New York, the reel's draft: 3 business days end Wednesday noon, which
    # is 16:00 UTC, since the clocks went forward on Sunday 8 March.
    (submitted,) = session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
                              at("2026-03-06T17:00"))
    assert submitted.payload["review_ends"] == "2026-03-11T16:00:00.000000Z"
    rows = campaign_deadlines(session.state, session.calendar)
    assert "draft:d1" not in rows
    assert rows["review:d1"] == at("2026-03-11T16:00")
    (reminder,) = session.do(SYSTEM, FireTimer("remind:review:d1"), at("2026-03-10T16:00"))
    assert reminder.payload["to"] == [ANNA.user_id]  # the approver
    assert "remind:review:d1" not in campaign_deadlines(session.state, session.calendar)
    assert session.do(SYSTEM, FireTimer("review:d1"), at("2026-03-11T15:59")) == []  # not yet
    (approved,) = session.do(SYSTEM, FireTimer("review:d1"), at("2026-03-11T16:00"))
    assert approved.kind == "draft_auto_approved"
    assert session.now_state.deliverables["d1"].phase is DeliverablePhase.AUTO_APPROVED
    assert session.now_state.happened.approved["d1"] == at("2026-03-11T16:00")

    # The reel's window closes on 19 March: the creator's side is told it is overdue.
    (overdue,) = session.do(SYSTEM, FireTimer("publish:d1"), at("2026-03-19T14:00"))
    assert (overdue.kind, overdue.payload["subject"], overdue.payload["to"]) == (
        "campaign_overdue", "d1", [MIA.user_id])
    assert "publish:d1" not in campaign_deadlines(session.state, session.calendar)
    assert session.do(SYSTEM, FireTimer("publish:d1"), at("2026-03-19T15:00")) == []
    # It goes live a day late; the publish time is the platform's.
    published = at("2026-03-20T13:00")
    session.do(MIA, MoveDeliverable("d1", MarkLive("https://instagram.com/reel/1", published,
                                                   "Spring glow #ad @glowskincare GLOW15")),
               at("2026-03-20T18:00"))
    d1 = session.now_state.deliverables["d1"]
    assert d1.phase is DeliverablePhase.LIVE and d1.publication is not None
    assert d1.publication.published_at == published
    assert campaign_deadlines(session.state, session.calendar)["keep_live:d1"] == at(
        "2026-06-18T13:00")  # 90 days, 09:00 in New York

    # The TikTok: approved by Anna, live on time; m2 (on d2 live, net 30) is due at once.
    session.do(MIA, MoveDeliverable("d2", SubmitDraft("https://drive/tt")), at("2026-03-23T14:00"))
    session.do(ANNA, MoveDeliverable("d2", Approve()), at("2026-03-24T14:00"))
    live = at("2026-03-25T20:00")
    entries = session.do(MIA, MoveDeliverable("d2", MarkLive("https://tiktok.com/@mia/video/1",
                                                             live, "#ad #GlowPartner")),
                         at("2026-03-25T21:00"))
    assert session.kinds(entries) == ["went_live", "milestone_due"]
    m2 = session.now_state.milestones["m2"]
    assert (m2.phase, m2.triggered_at, m2.due_on) == (
        MilestonePhase.DUE, live, live + timedelta(days=30))
    rows = campaign_deadlines(session.state, session.calendar)
    assert rows["payment:m2"] == live + timedelta(days=30)
    # Nobody pays: overdue, and the payer is named.
    (late,) = session.do(SYSTEM, FireTimer("payment:m2"), live + timedelta(days=30))
    assert (late.payload["subject"], late.payload["to"]) == ("m2", [BRIGHTSIDE.user_id])

    # Keep-live done after 90 days.
    (kept,) = session.do(SYSTEM, FireTimer("keep_live:d1"), at("2026-06-18T13:00"))
    assert kept.kind == "kept_live"
    assert session.now_state.deliverables["d1"].phase is DeliverablePhase.KEPT_LIVE
    assert session.now_state.version == len(session.journal)
