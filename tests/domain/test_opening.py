"""Opening a case, the respondent's answer, and the claimant's withdrawal."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import kinds
from bot.domain.clock import format_time
from bot.domain.commands import Decline, Join, Withdraw
from bot.domain.identity import PartyKind, Role, Side
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import Policy

from .session import ANA, CASE_ID, CLEO, MO, OTTO, T0, Session, open_command


def test_open_makes_the_claimant_and_invites_the_respondent_with_a_deadline() -> None:
    s = Session()
    [entry] = s.do(ANA, open_command())
    assert entry.kind == kinds.CASE_OPENED
    assert (entry.case_id, entry.seq, entry.actor_role) == (CASE_ID, 1, "claimant")
    assert entry.payload["response_due"] == format_time(T0 + timedelta(hours=72))
    case = s.state
    assert case.phase is Phase.AWAITING_RESPONSE
    assert (case.claimant.user_id, case.claimant.side) == (ANA.user_id, Side.BRAND)
    assert (case.respondent.user_id, case.respondent.side) == (CLEO.user_id, Side.CREATOR)
    assert case.deadlines == {"response": T0 + timedelta(hours=72)}
    assert case.role_of(ANA) is Role.CLAIMANT and case.role_of(CLEO) is Role.RESPONDENT
    assert case.role_of(MO) is Role.MEDIATOR and case.role_of(OTTO) is Role.OUTSIDER


def test_the_response_window_comes_from_the_policy() -> None:
    s = Session(policy=Policy(response_window=timedelta(hours=5)))
    s.opened()
    assert s.state.deadlines["response"] == T0 + timedelta(hours=5)


def test_an_agency_sits_on_the_brand_side() -> None:
    s = Session().opened(kind=PartyKind.AGENCY)
    assert s.state.claimant.side is Side.BRAND


def test_nobody_opens_a_case_against_themselves() -> None:
    s = Session()
    message = s.refused(ANA, open_command(counterpart_id=ANA.user_id))
    assert "yourself" in message
    assert s.case is None


def test_a_case_is_between_a_brand_side_and_a_creator() -> None:
    s = Session()
    message = s.refused(ANA, open_command(kind=PartyKind.AGENCY, counterpart_kind=PartyKind.BRAND))
    assert "brand" in message and "creator" in message


def test_join_moves_to_statements_with_statement_and_evidence_deadlines() -> None:
    s = Session().opened()
    s.later(hours=10)
    [entry] = s.do(CLEO, Join())
    assert entry.kind == kinds.CASE_JOINED and entry.actor_role == "respondent"
    assert s.phase is Phase.STATEMENTS
    policy = Policy()
    assert s.state.deadlines == {
        "statements": s.now + policy.statement_window,
        "evidence": s.now + policy.evidence_window,
    }


def test_only_the_respondent_joins_and_only_once() -> None:
    s = Session().opened()
    assert "Only the respondent" in s.refused(ANA, Join())
    assert "not a party" in s.refused(OTTO, Join())
    assert "Only the respondent" in s.refused(MO, Join())
    s.do(CLEO, Join())
    assert "`join` is not possible" in s.refused(CLEO, Join())


def test_decline_closes_the_case_as_declined_with_the_reason() -> None:
    s = Session().opened()
    [entry] = s.do(CLEO, Decline("Not my contract"))
    assert entry.payload == {"reason": "declined", "note": "Not my contract"}
    assert s.phase is Phase.CLOSED and s.state.closed_reason is ClosedReason.DECLINED
    assert s.state.deadlines == {}


def test_the_claimant_cannot_decline_and_nobody_declines_after_joining() -> None:
    s = Session().opened()
    assert "Only the respondent" in s.refused(ANA, Decline())
    s.do(CLEO, Join())
    assert "`decline` is not possible" in s.refused(CLEO, Decline())


def test_withdraw_is_for_the_claimant_only_in_any_open_phase() -> None:
    for build in (Session.opened, Session.joined, Session.negotiating, Session.agreeing):
        s = build(Session())
        assert "Only the party who opened the case" in s.refused(CLEO, Withdraw())
        assert "Only the party who opened the case" in s.refused(MO, Withdraw())
        assert "not a party" in s.refused(OTTO, Withdraw())
        [entry] = s.do(ANA, Withdraw("We settled elsewhere"))
        assert entry.payload == {"reason": "withdrawn", "note": "We settled elsewhere"}
        assert s.state.closed_reason is ClosedReason.WITHDRAWN
        assert "`withdraw` is not possible while case" in s.refused(ANA, Withdraw())
