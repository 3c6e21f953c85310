"""Amendments: a new version pointing at the agreed one, which stays in force until every
party accepts the amendment; what is under way keeps its history."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot.campaign.life.deliverable_commands import Cancel, ConfirmProductReceived, SubmitDraft
from bot.campaign.life.deliverable_life import DeliverablePhase
from bot.campaign.record.commands import AcceptAgreement, AmendAgreement, MoveDeliverable
from bot.campaign.terms.deliverables import Anchor, AnchorEvent
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.versions import canonical_terms
from bot.domain.identity import Actor
from tests.campaign.test_record_walk import ANNA, BRIGHTSIDE, MIA, agreed_session, at


def with_story(terms: CampaignTerms) -> CampaignTerms:
    """A third deliverable, due from a fixed day rather than from the product."""
    d1 = terms.deliverables[0]
    d3 = dataclasses.replace(d1, key="d3", schedule=dataclasses.replace(
        d1.schedule, anchor=Anchor(AnchorEvent.DATE, date(2026, 4, 1))))
    return dataclasses.replace(terms, deliverables=(*terms.deliverables, d3))


def without_reel(terms: CampaignTerms) -> CampaignTerms:
    clauses = tuple(dataclasses.replace(c, deliverables=("d2",)) for c in terms.clauses)
    return dataclasses.replace(terms, deliverables=terms.deliverables[1:], clauses=clauses)


def test_the_agreed_version_stays_in_force_until_the_amendment_is_agreed() -> None:
    session = agreed_session()
    v2 = session.now_state.agreed
    assert v2 is not None
    session.do(MIA, MoveDeliverable("d1", ConfirmProductReceived()), at("2026-03-05T15:00"))
    (amended,) = session.do(ANNA, AmendAgreement(with_story(session.now_state.agreed_terms)),
                            at("2026-03-06T15:00"))
    state = session.now_state
    assert amended.kind == "agreement_amended" and amended.payload["parent"] == v2
    assert (state.agreed, state.discussed) == (v2, state.versions[2].hash)
    assert "d3" not in state.deliverables  # not agreed yet
    assert ANNA.user_id not in state.accepted_by(state.versions[2].hash)  # amending is not
    assert session.refused(ANNA, AmendAgreement(state.current_terms), at("2026-03-06T16:00")) == (
        "Amendment version 3 is under discussion: counter it or accept it first. "
        "Possible now: counter, accept.")
    # Work goes on under version 2 meanwhile.
    session.do(MIA, MoveDeliverable("d1", SubmitDraft("https://drive/reel")),
               at("2026-03-06T17:00"))
    v3 = state.versions[2].hash
    for who in (ANNA, BRIGHTSIDE):
        session.do(who, AcceptAgreement(v3), at("2026-03-07T15:00"))
    entries = session.do(MIA, AcceptAgreement(v3), at("2026-03-07T16:00"))
    assert session.kinds(entries) == ["agreement_accepted", "agreement_agreed",
                                      "deliverable_started"]
    state = session.now_state
    assert state.agreed == v3 and state.discussed is None
    assert state.deliverables["d3"].phase is DeliverablePhase.IN_PRODUCTION  # no product awaited
    assert state.deliverables["d1"].phase is DeliverablePhase.DRAFT_SUBMITTED  # history kept
    assert state.happened.accepted_at == at("2026-03-02T19:00")  # the schedule does not move
    assert [v.number for v in state.versions] == [1, 2, 3]
    assert state.versions[1].hash == v2 and state.versions[1].intact()


def test_an_amendment_may_not_drop_a_deliverable_under_way_until_it_is_cancelled() -> None:
    session = agreed_session()
    terms = session.now_state.agreed_terms
    assert terms is not None
    assert session.refused(ANNA, AmendAgreement(without_reel(terms)), at("2026-03-05T15:00")) == (
        "The amendment drops deliverable d1, which is under way: cancel it first (the stage "
        "it reached decides the kill fee), or keep it.")
    session.do(ANNA, MoveDeliverable("d1", Cancel("the reel is dropped")), at("2026-03-05T15:00"))
    session.do(ANNA, AmendAgreement(without_reel(terms)), at("2026-03-05T16:00"))
    v3 = session.now_state.versions[2].hash
    for who in (ANNA, BRIGHTSIDE, MIA):
        session.do(who, AcceptAgreement(v3), at("2026-03-05T17:00"))
    assert set(session.now_state.deliverables) == {"d2"}
    assert canonical_terms(session.now_state.current_terms) == canonical_terms(
        without_reel(terms))


def test_an_amendment_may_not_drop_a_milestone_already_due() -> None:
    session = agreed_session()
    terms = session.now_state.agreed_terms
    assert terms is not None
    _, m2 = terms.payment.milestones
    whole = dataclasses.replace(m2, amount=terms.payment.total)
    fewer = dataclasses.replace(terms, payment=dataclasses.replace(terms.payment,
                                                                  milestones=(whole,)))
    assert session.refused(ANNA, AmendAgreement(fewer), at("2026-03-05T15:00")) == (
        "The amendment drops milestone m1, which is already due: a payment under way stays "
        "in the agreement.")


def test_nobody_is_amended_out_without_accepting_it() -> None:
    session = agreed_session()
    terms = session.now_state.agreed_terms
    assert terms is not None
    anna, brightside, mia = terms.parties
    bloom = dataclasses.replace(brightside, user_id="slack:T0GLOW:U05BLOOM", name="Bloom Media")
    session.do(ANNA, AmendAgreement(dataclasses.replace(terms, parties=(anna, bloom, mia))),
               at("2026-03-05T15:00"))
    v3 = session.now_state.versions[2].hash
    bloom_actor = Actor(bloom.user_id, bloom.name)
    for who in (ANNA, bloom_actor, MIA):
        session.do(who, AcceptAgreement(v3), at("2026-03-05T16:00"))
    assert session.now_state.agreed != v3  # Brightside, leaving, has not accepted yet
    assert session.refused(ANNA, AcceptAgreement(v3), at("2026-03-05T17:00")) == (
        "You accepted version 3 already; waiting for Brightside Agency. Possible now: counter.")
    session.do(BRIGHTSIDE, AcceptAgreement(v3), at("2026-03-05T18:00"))
    assert session.now_state.agreed == v3
    assert [p.name for p in session.now_state.current_terms.parties] == [
        "Anna Berg (Glow Skincare)", "Bloom Media", "Mia Rivera"]
