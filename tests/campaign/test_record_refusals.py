"""Every way a campaign command is refused: a Refusal saying why and what is possible now,
and nothing recorded."""

from __future__ import annotations

import dataclasses

import pytest

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_commands import (
    AutoApprove,
    ConfirmProductReceived,
    SubmitDraft,
)
from bot.campaign.life.milestone_commands import Invoice, TriggerDue
from bot.campaign.record.commands import (
    AcceptAgreement,
    AmendAgreement,
    CounterAgreement,
    EndCampaign,
    FireTimer,
    MoveDeliverable,
    MoveMilestone,
    ProposeAgreement,
)
from bot.campaign.record.decide import decide_campaign
from bot.domain.identity import SYSTEM, Actor
from tests.campaign.record_session import CAMPAIGN_ID, CampaignSession
from tests.campaign.test_record_walk import (
    ANNA,
    BRIGHTSIDE,
    MIA,
    TERMS,
    agreed_session,
    at,
    later_tiktok,
)

OTTO = Actor("slack:T0GLOW:U09OTTO", "Otto")  # in the channel, not in the agreement
NOW = at("2026-03-04T12:00")


def proposed_session() -> CampaignSession:
    session = CampaignSession()
    session.do(ANNA, ProposeAgreement(CAMPAIGN_ID, "slack:T0GLOW", TERMS), at("2026-03-02T14:00"))
    return session


def test_commands_before_any_proposal_ask_for_one() -> None:
    assert CampaignSession().refused(MIA, AcceptAgreement("ab" * 32), NOW) == (
        "There is no campaign here yet: propose an agreement first. Possible now: propose.")


def test_an_outsider_may_propose_only_terms_naming_them() -> None:
    assert CampaignSession().refused(OTTO, ProposeAgreement(CAMPAIGN_ID, "c", TERMS), NOW) == (
        "Only a party named in the terms can propose them: add yourself to the parties, or "
        "ask one of them to propose.")


def test_a_second_proposal_for_the_same_campaign_is_refused() -> None:
    assert proposed_session().refused(MIA, ProposeAgreement(CAMPAIGN_ID, "c", TERMS), NOW) == (
        f"Campaign {CAMPAIGN_ID} already has an agreement: counter the version under "
        "discussion, or amend the agreed one. Possible now: counter, amend.")


def test_accepting_a_stale_hash_is_refused_naming_the_current_version() -> None:
    session = proposed_session()
    v1 = session.now_state.versions[0].hash
    session.do(MIA, CounterAgreement(later_tiktok(TERMS)), at("2026-03-02T16:00"))
    v2 = session.now_state.versions[1].hash
    assert session.refused(ANNA, AcceptAgreement(v1), NOW) == (
        f"Version 2 is under discussion now, with the hash {v2}; that is version 1, no longer "
        "under discussion. Read version 2 and accept it by its hash. "
        "Possible now: accept, counter.")
    assert "no version of this campaign has that hash" in session.refused(
        ANNA, AcceptAgreement("0" * 64), NOW)


def test_an_outsider_can_neither_counter_nor_accept_nor_end() -> None:
    session = proposed_session()
    v1 = session.now_state.versions[0].hash
    parties = "Anna Berg (Glow Skincare), Brightside Agency, Mia Rivera"
    assert session.refused(OTTO, AcceptAgreement(v1), NOW) == (
        f"Only the parties to campaign {CAMPAIGN_ID} can do that: {parties}.")
    # A wrong hash from an outsider learns nothing of the version under discussion.
    assert session.refused(OTTO, AcceptAgreement("0" * 64), NOW) == (
        f"Only the parties to campaign {CAMPAIGN_ID} can do that: {parties}.")
    assert session.refused(OTTO, CounterAgreement(later_tiktok(TERMS)), NOW) == (
        f"Only the parties to campaign {CAMPAIGN_ID} can do that: {parties}.")
    assert session.refused(OTTO, EndCampaign("no"), NOW) == (
        f"Only the parties to campaign {CAMPAIGN_ID} can end it.")


def test_a_party_accepts_a_version_once() -> None:
    session = proposed_session()
    v1 = session.now_state.versions[0].hash
    session.do(ANNA, AcceptAgreement(v1), NOW)
    assert session.refused(ANNA, AcceptAgreement(v1), NOW) == (
        "You accepted version 1 already; waiting for Brightside Agency, Mia Rivera. "
        "Possible now: counter.")


def test_a_counter_must_change_something_and_keep_its_author_in() -> None:
    session = proposed_session()
    assert session.refused(MIA, CounterAgreement(TERMS), NOW) == (
        "Not a new version of version 1: terms: the same as version 1's: an amendment changes "
        "something")
    without_mia = dataclasses.replace(
        TERMS, parties=(*TERMS.parties[:2], dataclasses.replace(
            TERMS.parties[2], user_id="slack:T0MIA:U04KAI", name="Kai")))
    assert session.refused(MIA, CounterAgreement(without_mia), NOW).startswith(
        "A counter-proposal that leaves you out of the parties cannot be yours")


def test_amending_before_agreement_is_refused() -> None:
    assert proposed_session().refused(ANNA, AmendAgreement(later_tiktok(TERMS)), NOW) == (
        "Nothing is agreed yet, so there is nothing to amend: counter the version under "
        "discussion, or accept it. Possible now: counter, accept.")


def test_moves_before_agreement_are_refused() -> None:
    session = proposed_session()
    assert session.refused(MIA, MoveDeliverable("d1", ConfirmProductReceived()), NOW) == (
        "Nothing is agreed yet: a deliverable has no life before every party accepts the "
        "agreement. Possible now: accept, counter.")
    assert session.refused(MIA, MoveMilestone("m1", Invoice("INV-1")), NOW) == (
        "Nothing is agreed yet: a payment has no life before every party accepts the "
        "agreement. Possible now: accept, counter.")


def test_after_agreement_a_counter_is_an_amendment() -> None:
    assert agreed_session().refused(MIA, CounterAgreement(TERMS), NOW) == (
        "Nothing is under discussion: version 2 is agreed. To change it, propose an "
        "amendment. Possible now: amend.")


def test_moves_by_outsiders_on_unknown_keys_or_out_of_turn_are_refused() -> None:
    session = agreed_session()
    parties = "Anna Berg (Glow Skincare), Brightside Agency, Mia Rivera"
    assert session.refused(OTTO, MoveDeliverable("d1", ConfirmProductReceived()), NOW) == (
        f"Only the parties to campaign {CAMPAIGN_ID} can act on it: {parties}.")
    assert session.refused(MIA, MoveDeliverable("d9", ConfirmProductReceived()), NOW) == (
        "The agreement has no deliverable 'd9': it has d1, d2.")
    assert session.refused(MIA, MoveDeliverable("d1", SubmitDraft("x")), NOW).startswith(
        "`submit_draft` is not possible now: deliverable d1 is waiting for the product.")
    assert session.refused(ANNA, MoveDeliverable("d1", AutoApprove()), NOW).startswith(
        "Only the bot (when a timer runs out) can `auto_approve`.")
    assert session.refused(BRIGHTSIDE, MoveMilestone("m1", Invoice("INV-1")), NOW).startswith(
        "Only the payee can `invoice`.")
    assert session.refused(SYSTEM, MoveMilestone("m2", TriggerDue(NOW)), NOW) == (
        "Milestone m2 falls due by itself when its trigger (deliverable_live:d2) happens: "
        "nobody makes it due by hand.")


def test_timers_are_the_bots_and_an_unknown_row_fires_nothing() -> None:
    session = agreed_session()
    assert session.refused(ANNA, FireTimer("review:d1"), NOW) == (
        "Timers are fired by the bot itself.")
    assert session.do(SYSTEM, FireTimer("review:d1"), NOW) == []  # no draft under review
    assert session.do(SYSTEM, FireTimer("nonsense"), NOW) == []


def test_after_the_end_only_payments_move() -> None:
    session = agreed_session()
    session.do(ANNA, EndCampaign("the launch moved to autumn"), NOW)
    assert session.refused(MIA, MoveDeliverable("d1", ConfirmProductReceived()), NOW) == (
        f"Campaign {CAMPAIGN_ID} has ended: only its payments still move.")
    assert session.refused(ANNA, AmendAgreement(TERMS), NOW) == (
        f"Campaign {CAMPAIGN_ID} has ended: only its payments still move.")
    session.do(MIA, MoveMilestone("m1", Invoice("GLOW-001")), NOW)
    assert session.now_state.milestones["m1"].invoice == "GLOW-001"


def test_talks_ended_before_agreement_leave_nothing_to_do() -> None:
    session = proposed_session()
    session.do(MIA, EndCampaign("we could not agree on the fee"), NOW)
    assert session.now_state.discussed is None
    v1 = session.now_state.versions[0].hash
    assert session.refused(ANNA, AcceptAgreement(v1), NOW) == (
        f"Campaign {CAMPAIGN_ID} has ended: nothing more happens in it.")


def test_deciding_in_another_zone_than_the_agreements_is_a_wiring_mistake() -> None:
    session = proposed_session()
    with pytest.raises(ValueError, match="counts time in America/New_York, not UTC"):
        decide_campaign(session.state, EndCampaign(), ANNA, NOW, Calendar.named("UTC"))
