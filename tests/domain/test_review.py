"""When talking fails: review with sealed final positions, recommendation, binding decision,
appeal to another mediator, reopening; hand-off and observers."""

from __future__ import annotations

from dataclasses import replace

from bot.domain import kinds
from bot.domain.commands import (
    AnswerBidding,
    Caucus,
    Close,
    Confirm,
    Decline,
    FireDeadline,
    Join,
    Note,
    PostMessage,
    Propose,
    ProposeBidding,
    Sign,
    SubmitStatement,
    Take,
)
from bot.domain.deadlines import schedule
from bot.domain.identity import Actor, Role, Side
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import Decisions, Policy, ReviewBy
from bot.domain.review_commands import (
    AddObserver,
    AnswerRecommendation,
    Appeal,
    Decide,
    HandOff,
    OpenReview,
    Recommend,
    RemoveObserver,
    Reopen,
    SubmitPosition,
    Uphold,
)
from bot.domain.visibility import can_see

from .session import ANA, CLEO, MAX, MO, OTTO, RESPONDENT_STATEMENT, TERMS, Session

BINDING = Policy(decisions=Decisions.BINDING)
PAY = {**TERMS, "followup": "Payment of the fee", "followup_due": "2026-12-20"}
WHY = "The reel went live late because the brief changed twice."
NEW = "The approval emails show the brief never changed at all."


def reviewed(policy: Policy = BINDING) -> Session:
    """Negotiation stalled; Mo reviews; both final positions are in."""
    s = Session(policy=policy).negotiating().mediated()
    s.do(ANA, Propose(TERMS))
    s.do(MO, OpenReview())
    s.do(ANA, SubmitPosition({"position": "The advance back.", "amount": "750.00",
                              "currency": "EUR"}))
    s.do(CLEO, SubmitPosition({"position": "The full fee."}))
    assert s.state.review is not None and s.state.review.revealed
    return s


def test_final_positions_stay_sealed_until_both_are_in() -> None:
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(MO, OpenReview())
    assert s.phase is Phase.REVIEW and "review" in s.state.deadlines
    [sealed] = s.do(ANA, SubmitPosition({"position": "The advance back."}))
    assert not can_see(sealed.visibility, Role.RESPONDENT, Side.CREATOR)
    assert can_see(sealed.visibility, Role.MEDIATOR, None)
    assert "sealed" in s.refused(MO, Recommend(TERMS, WHY))
    assert "already sealed" in s.refused(ANA, SubmitPosition({"position": "again"}))
    _, revealed = s.do(CLEO, SubmitPosition({"position": "The full fee."}))
    assert revealed.kind == kinds.POSITIONS_REVEALED and revealed.visibility == "all"
    assert revealed.payload["positions"]["brand"]["position"] == "The advance back."


def test_the_review_deadline_reveals_what_is_in() -> None:
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(MO, OpenReview())
    s.do(ANA, SubmitPosition({"position": "The advance back."}))
    due = s.state.deadlines["review"]
    s.now = due
    [entry] = s.do(Actor("system", "bot"), FireDeadline("review", due))
    assert entry.payload == {"positions": {"brand": {"position": "The advance back."}},
                             "cause": "deadline"}
    assert "final positions are in" in s.refused(CLEO, SubmitPosition({"position": "late"}))


def test_a_recommendation_accepted_by_both_becomes_the_agreement_to_sign() -> None:
    s = reviewed()
    assert "not in case" in s.refused(MO, Recommend(TERMS, WHY, ("E9",)))
    assert "reasons" in s.refused(MO, Recommend(TERMS, " "))
    assert "in EUR" in s.refused(MO, Recommend({**TERMS, "currency": "USD"}, WHY))
    [made] = s.do(MO, Recommend(PAY, WHY, ("p1", "P1")))
    assert made.payload["cites"] == ["P1"]
    assert s.phase is Phase.RECOMMENDATION
    assert "not a party" in s.refused(OTTO, AnswerRecommendation(True))
    s.do(ANA, AnswerRecommendation(True))
    assert "already answered" in s.refused(ANA, AnswerRecommendation(False))
    _, drafted = s.do(CLEO, AnswerRecommendation(True))
    assert drafted.kind == kinds.AGREEMENT_DRAFTED and s.phase is Phase.AGREEMENT
    assert "Recommendation #1 by Mo" in drafted.payload["text"]
    s.do(ANA, Sign())
    s.do(CLEO, Sign())
    assert s.phase is Phase.COMPLIANCE


def test_decisions_bind_only_where_the_case_was_joined_under_binding_rules() -> None:
    s = reviewed(Policy())
    assert "do not bind" in s.refused(MO, Decide(TERMS, WHY))
    s.do(MO, Recommend(TERMS, WHY))
    s.do(ANA, AnswerRecommendation(False, "no"))
    assert "do not bind" in s.refused(MO, Decide(TERMS, WHY))


def test_a_rejected_recommendation_becomes_a_decision_appealed_and_replaced() -> None:
    s = reviewed()
    s.do(MO, Recommend(PAY, WHY))
    assert "waits for the parties" in s.refused(MO, Decide(PAY, WHY))
    s.do(CLEO, AnswerRecommendation(False, "too little"))
    [decided] = s.do(MO, Decide(PAY, WHY))
    case = s.state
    assert s.phase is Phase.DECIDED and case.agreement is not None
    assert case.agreement.decision == 1 and "appeal" in case.deadlines
    assert "followup:1" in case.deadlines
    assert decided.payload["replaces"] is None
    assert "new information" in s.refused(CLEO, Appeal("no"))
    s.do(CLEO, Appeal(NEW))
    assert s.phase is Phase.APPEAL and s.state.mediator is None
    assert "followup:1" not in s.state.deadlines  # the follow-ups wait for the appeal
    # Mo decided: Mo steps aside, and no longer sees what only the mediator sees.
    assert "stepped aside" in s.refused(MO, Note("still here"))
    assert s.state.role_of(MO) is Role.OUTSIDER
    s.do(MAX, Take())
    [replaced] = s.do(MAX, Decide({**PAY, "amount": "800.00"}, "The brief never changed."))
    assert replaced.payload["replaces"] == 1 and replaced.payload["due_at"] is None
    assert [d.status for d in s.state.decisions] == ["replaced", "in_force"]
    assert "on appeal: it is final" in s.refused(ANA, Appeal(NEW))
    s.do(ANA, Confirm(1))
    _, closed = s.do(CLEO, Confirm(1))
    assert closed.payload["reason"] == ClosedReason.DECIDED.value


def test_an_upheld_decision_with_nothing_owed_closes_as_decided() -> None:
    s = reviewed()
    s.do(MO, Decide(TERMS, WHY))
    s.do(ANA, Appeal(NEW))
    assert s.state.role_of(MO) is Role.OUTSIDER
    s.do(MAX, Take())
    _, closed = s.do(MAX, Uphold("The emails do not change the timeline."))
    assert closed.kind == kinds.CASE_CLOSED and s.state.closed_reason is ClosedReason.DECIDED


def test_the_appeal_window_closes_the_decision_for_good() -> None:
    s = reviewed()
    s.do(MO, Decide(TERMS, WHY))
    due = s.state.deadlines["appeal"]
    s.now = due
    assert "closed" in s.refused(ANA, Appeal(NEW))
    [closed] = s.do(Actor("system", "bot"), FireDeadline("appeal", due))
    assert closed.payload["reason"] == "decided"


def test_reopening_goes_back_to_where_the_case_stood_with_the_reopener_mediating() -> None:
    s = reviewed()
    s.do(MO, Decide(TERMS, WHY))
    s.now = s.state.deadlines["appeal"]
    s.do(Actor("system", "bot"), FireDeadline("appeal", s.now))
    assert "Mo is already mediating" in s.refused(MAX, Reopen("payment bounced"))
    assert "say why" in s.refused(MO, Reopen(" ")).lower()
    s.do(MO, Reopen("The payment bounced."))
    case = s.state
    assert case.phase is Phase.NEGOTIATION and case.closed_reason is None
    assert case.agreement is None and set(case.deadlines) == {"proposal:1"}  # still open
    declined = Session().opened()
    declined.do(CLEO, Decline("no"))
    declined.do(MAX, Reopen("Cleo asked to think again."))
    assert declined.phase is Phase.AWAITING_RESPONSE and "response" in declined.state.deadlines


def test_a_hand_off_briefs_the_next_mediator_and_shuts_the_last_one_out() -> None:
    s = Session().negotiating().mediated()
    s.do(MO, Caucus("@cleo"))
    assert "not one of this community's mediators" in s.refused(MO, HandOff(OTTO, "busy"))
    assert "a party" in s.refused(MO, HandOff(Actor(CLEO.user_id, "Cleo", True), "busy"))
    assert "Say why" in s.refused(MO, HandOff(MAX, " "))
    _, briefed = s.do(MO, HandOff(MAX, "A conflict of interest with the brand."))
    assert briefed.kind == kinds.BRIEFING_GIVEN and briefed.visibility == "mediators"
    assert briefed.payload["to"] == MAX.user_id
    assert s.state.mediator is not None and s.state.mediator.user_id == MAX.user_id
    assert "stepped aside" in s.refused(MO, Note("one more thing"))
    s.do(MAX, Note("taking over"))
    assert "stepped aside" in s.refused(MAX, HandOff(MO, "back to you"))


def test_observers_read_with_their_side_and_act_only_as_delegates() -> None:
    s = Session().joined()
    dan = Actor("console:dan", "Dan")
    eve = Actor("console:eve", "Eve")
    assert "own side" in s.refused(ANA, AddObserver(dan, Side.CREATOR))
    s.do(ANA, AddObserver(dan))
    s.do(CLEO, AddObserver(eve, acts=True))
    assert s.state.role_of(dan) is Role.OBSERVER and s.state.side_of(dan) is Side.BRAND
    assert s.state.role_of(eve) is Role.RESPONDENT
    assert "delegate" in s.refused(dan, SubmitStatement({"what_happened": "x", "wants": "y"}))
    s.do(eve, SubmitStatement(RESPONDENT_STATEMENT))
    assert Side.CREATOR in s.state.statements
    assert "other side" in s.refused(CLEO, RemoveObserver(dan))
    s.do(ANA, RemoveObserver(dan))
    assert s.state.role_of(dan) is Role.OUTSIDER


def test_a_party_opens_the_review_only_where_the_community_allows() -> None:
    s = Session().negotiating()
    assert "mediator opens the review" in s.refused(ANA, OpenReview())
    allowed = Session(policy=Policy(review_by=ReviewBy.PARTY)).negotiating()
    opened, asked = allowed.do(CLEO, OpenReview())
    assert opened.payload["by"] == "creator" and asked.kind == kinds.MEDIATOR_REQUESTED
    assert allowed.state.mediation_requested


def test_a_campaign_agreement_s_dispute_clause_makes_decisions_bind() -> None:
    s = Session().opened(campaign={"disputes": "binding"})
    [joined] = s.do(CLEO, Join())
    assert joined.payload["decisions"] == "binding" and s.state.binding
    assert not Session().joined().state.binding


# -- what an adversarial review found --------------------------------------------------------
def test_a_mediator_who_stepped_aside_cannot_come_back_as_an_observer() -> None:
    s = Session().negotiating().mediated()
    s.do(MO, HandOff(MAX, "A conflict of interest."))
    assert "stepped aside" in s.refused(MAX, AddObserver(MO, Side.CREATOR))
    assert "stepped aside" in s.refused(ANA, AddObserver(MO, acts=True))
    assert s.state.role_of(MO) is Role.OUTSIDER


def test_a_read_only_observer_does_not_write_in_its_side_s_caucus() -> None:
    dan = Actor("console:dan", "Dan")
    s = Session().negotiating().mediated()
    s.do(MO, Caucus("@ana"))
    s.do(ANA, AddObserver(dan))
    assert "read along" in s.refused(dan, PostMessage("psst", room="caucus:brand"))


def test_reopening_ends_what_the_closing_left_pending() -> None:
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(ANA, ProposeBidding(tolerance="5%"))
    s.do(CLEO, AnswerBidding(accept=True))
    s.do(MO, Close(ClosedReason.IMPASSE, "stalled"))
    s.do(MO, Reopen("Both asked to talk again."))
    assert s.state.bidding is not None and s.state.bidding.status == "failed"
    s.do(MO, OpenReview())  # no longer "blind bidding is under way"
    s.do(ANA, SubmitPosition({"position": "a"}))
    s.do(CLEO, SubmitPosition({"position": "b"}))
    s.do(MO, Recommend(TERMS, WHY))
    s.do(MO, Close(ClosedReason.IMPASSE, "still stuck"))
    s.do(MO, Reopen("One more try."))
    assert [r.status for r in s.state.recommendations] == ["lapsed"]
    s.do(MO, OpenReview())
    s.do(ANA, SubmitPosition({"position": "a"}))
    s.do(CLEO, SubmitPosition({"position": "b"}))
    s.do(MO, Recommend(TERMS, WHY))  # a new recommendation is possible


def test_a_reopened_decided_case_sets_its_decision_aside_and_none_is_closed_early() -> None:
    s = reviewed()
    s.do(MO, Decide(TERMS, WHY))
    assert "open to appeal" in s.refused(MO, Close(ClosedReason.CLOSED_BY_MEDIATOR, "done"))
    s.now = s.state.deadlines["appeal"]
    s.do(Actor("system", "bot"), FireDeadline("appeal", s.now))
    s.do(MO, Reopen("The payment bounced."))
    assert [d.status for d in s.state.decisions] == ["set_aside"]


def test_a_deadline_set_anew_is_reminded_anew() -> None:
    s = reviewed()
    s.do(MO, Recommend(TERMS, WHY))
    rows = schedule(s.state, s.policy)
    s.now = rows["remind:recommendation"]
    s.do(Actor("system", "bot"), FireDeadline("remind:recommendation", s.now))
    assert "remind:recommendation" not in schedule(s.state, s.policy)
    s.do(ANA, AnswerRecommendation(False, "no"))
    s.do(MO, Recommend({**TERMS, "amount": "900.00"}, WHY))
    assert "remind:recommendation" in schedule(s.state, s.policy)


def test_an_upheld_decision_does_not_chase_an_overdue_follow_up_twice() -> None:
    s = reviewed()
    s.do(MO, Decide({**PAY, "followup_due": "2026-11-26"}, WHY))
    due = s.state.deadlines["followup:1"]
    s.now = due
    s.do(Actor("system", "bot"), FireDeadline("followup:1", due))
    s.do(CLEO, Appeal(NEW))
    s.do(MAX, Take())
    s.do(MAX, Uphold("The emails change nothing."))
    assert "followup:1" not in s.state.deadlines


def test_a_recommendation_whose_content_was_erased_cannot_be_accepted() -> None:
    s = reviewed()
    s.do(MO, Recommend(PAY, WHY))
    current = s.state.recommendation
    assert current is not None
    blank = replace(current, terms={key: "" for key in current.terms})
    s.case = replace(s.state, recommendations=(blank,))
    assert "erased" in s.refused(ANA, AnswerRecommendation(True))
