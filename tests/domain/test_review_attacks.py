"""Attacks on the review road: late and repeated appeals, the deciding mediator judging its
own appeal, delegates made by the wrong hands, observers crossing sides, acting or reading
across, a journal replayed or duplicated, and a whole road folded after every entry's content
was erased. Each test can fail: it names the move and what must come of it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.domain import kinds
from bot.domain.commands import Caucus, Confirm, Propose, Take
from bot.domain.decide import decide, record
from bot.domain.entry_hash import canonical_json
from bot.domain.erasure import coverage, erasable, note, remains
from bot.domain.errors import Refusal
from bot.domain.fold import replay
from bot.domain.identity import Actor, Role, Side, operator
from bot.domain.journal import Event, verify_chain
from bot.domain.phases import ClosedReason, Phase
from bot.domain.review_commands import (
    AddObserver,
    AnswerRecommendation,
    Appeal,
    Decide,
    HandOff,
    OpenReview,
    Recommend,
    Reopen,
    SubmitPosition,
    Uphold,
)
from bot.domain.visibility import can_see
from bot.exports import render
from tests.exports.story import evidence_reader

from .session import ANA, CLEO, MAX, MO, T0, TERMS, Session
from .test_review import BINDING, NEW, PAY, WHY, reviewed

MIA = Actor("console:mia", "Mia", is_mediator=True)  # a third mediator
DAN = Actor("console:dan", "Dan")  # reads along with the brand side
EVE = Actor("console:eve", "Eve")  # the creator side's delegate
FAY = Actor("console:fay", "Fay")
OPERATOR = operator("dana")


def decided() -> Session:
    """Mo decided after Cleo rejected the recommendation; the decision promises a payment."""
    s = reviewed()
    s.do(MO, Recommend(PAY, WHY))
    s.do(CLEO, AnswerRecommendation(False, "too little"))
    s.do(MO, Decide(PAY, WHY))
    assert s.phase is Phase.DECIDED
    return s


# -- appeals ------------------------------------------------------------------------------------
@pytest.mark.parametrize("late", [timedelta(0), timedelta(microseconds=1), timedelta(days=30)])
def test_an_appeal_at_or_after_the_window_is_refused_even_before_the_deadline_fires(
        late: timedelta) -> None:
    s = decided()
    due = s.state.deadlines["appeal"]
    s.now = due + late  # the deadline has not fired: the case still reads `decided`
    assert s.phase is Phase.DECIDED and "appeal" in s.state.deadlines
    assert "closed" in s.refused(ANA, Appeal(NEW))
    assert "closed" in s.refused(CLEO, Appeal(NEW))
    s.now = due - timedelta(microseconds=1)  # one tick before: still open
    s.do(CLEO, Appeal(NEW))
    assert s.phase is Phase.APPEAL


def test_a_decision_on_appeal_cannot_be_appealed_again_by_either_side() -> None:
    s = decided()
    s.do(ANA, Appeal(NEW))
    s.do(MAX, Take())
    [replacing] = s.do(MAX, Decide({**PAY, "amount": "800.00"}, "The brief never changed."))
    assert replacing.payload["replaces"] == 1 and "appeal" not in s.state.deadlines
    for party in (ANA, CLEO):
        assert "final" in s.refused(party, Appeal(NEW))
    s.now = T0  # whatever the clock says
    assert "final" in s.refused(CLEO, Appeal(NEW))


def test_an_upheld_decision_cannot_be_appealed_again() -> None:
    s = decided()
    s.do(CLEO, Appeal(NEW))
    s.do(MAX, Take())
    s.do(MAX, Uphold("The emails change nothing."))
    assert s.phase is Phase.DECIDED  # the payment is still owed
    for party in (ANA, CLEO):
        with pytest.raises(Refusal):
            decide(s.state, Appeal(NEW), party, s.now, s.policy)


def test_the_deciding_mediator_cannot_take_or_be_handed_the_appeal() -> None:
    s = decided()
    s.do(ANA, Appeal(NEW))
    assert s.state.role_of(MO) is Role.OUTSIDER
    s.refused(MO, Take())
    s.refused(MO, Uphold("I was right."))
    s.refused(MO, Decide(TERMS, WHY))
    s.do(MAX, Take())
    assert "stepped aside" in s.refused(MAX, HandOff(MO, "Mo knows the case best"))
    s.do(MAX, HandOff(MIA, "A conflict of interest."))
    # Max stepped aside too: the appeal is Mia's alone.
    s.refused(MAX, Uphold("still mine"))
    s.do(MIA, Uphold("The emails change nothing."))


def test_the_deciding_mediator_handing_off_before_the_appeal_still_cannot_judge_it() -> None:
    s = decided()
    s.do(MO, HandOff(MAX, "Going on leave."))
    s.do(CLEO, Appeal(NEW))
    assert s.state.role_of(MO) is Role.OUTSIDER
    s.refused(MO, Take())


# -- observers and delegates --------------------------------------------------------------------
@pytest.mark.parametrize("side", [Side.BRAND, Side.CREATOR])
def test_a_mediator_cannot_make_anyone_a_delegate(side: Side) -> None:
    s = Session().negotiating().mediated()
    assert "Only a side" in s.refused(MO, AddObserver(DAN, side, acts=True))
    s.do(MO, AddObserver(DAN, side))  # read-only: fine
    assert s.state.role_of(DAN) is Role.OBSERVER
    s.refused(MO, AddObserver(DAN, side, acts=True))  # nor promote a read-only one
    assert s.state.role_of(DAN) is Role.OBSERVER


def test_a_party_cannot_pull_the_other_sides_observer_or_delegate_to_its_own_side() -> None:
    s = Session().negotiating()
    s.do(CLEO, AddObserver(EVE, acts=True))
    s.do(CLEO, AddObserver(FAY))
    for person in (EVE, FAY):
        s.refused(ANA, AddObserver(person))
        s.refused(ANA, AddObserver(person, acts=True))
        s.refused(ANA, AddObserver(person, Side.BRAND))
    assert s.state.side_of(EVE) is Side.CREATOR and s.state.role_of(EVE) is Role.RESPONDENT
    assert s.state.side_of(FAY) is Side.CREATOR and s.state.role_of(FAY) is Role.OBSERVER
    # Nor can the creator's delegate hand Dan (the brand's observer) to the creator side.
    s.do(ANA, AddObserver(DAN))
    s.refused(EVE, AddObserver(DAN))
    assert s.state.side_of(DAN) is Side.BRAND


def test_an_observer_acts_in_nothing_and_reads_nothing_of_the_other_side() -> None:
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(ANA, AddObserver(DAN))
    for command in (Propose(TERMS), OpenReview(), AddObserver(FAY), Appeal(NEW), Confirm(1)):
        s.refused(DAN, command)
    [caucus] = s.do(MO, Caucus("@cleo"))
    assert not can_see(caucus.visibility, s.state.role_of(DAN), s.state.side_of(DAN))
    [own] = s.do(MO, Caucus("@ana"))
    assert can_see(own.visibility, s.state.role_of(DAN), s.state.side_of(DAN))
    s.do(MO, OpenReview())
    [sealed] = s.do(CLEO, SubmitPosition({"position": "The full fee.", "amount": "1400"}))
    assert not can_see(sealed.visibility, s.state.role_of(DAN), s.state.side_of(DAN))
    s.refused(DAN, SubmitPosition({"position": "For Ana."}))
    document = json.loads(render("json", s.state, s.journal, DAN, Role.OBSERVER, s.now,
                                 evidence_reader).content)
    for item in document["entries"]:
        if item["seq"] in (caucus.seq, sealed.seq):
            assert item.get("redacted") and "payload" not in item
    assert "The full fee." not in json.dumps(document)


# -- the journal, replayed --------------------------------------------------------------------
def whole_road() -> Session:
    """Review, recommendation rejected, decision, appeal, a new decision on appeal, carried
    out, closed as decided, reopened; observers and a hand-off on the way."""
    s = Session(policy=BINDING).negotiating().mediated()
    s.do(ANA, AddObserver(DAN))
    s.do(CLEO, AddObserver(EVE, acts=True))
    s.do(ANA, Propose(TERMS))
    s.do(MO, HandOff(MIA, "Workload."))
    s.do(MIA, OpenReview())
    s.do(ANA, SubmitPosition({"position": "The advance back.", "amount": "750.00",
                              "currency": "EUR"}))
    s.do(EVE, SubmitPosition({"position": "The full fee."}))
    s.do(MIA, Recommend(PAY, WHY, ("P1",)))
    s.do(EVE, AnswerRecommendation(False, "too little"))
    s.do(MIA, Decide(PAY, WHY))
    s.do(ANA, Appeal(NEW))
    s.do(MAX, Take())
    s.do(MAX, Decide({**PAY, "amount": "800.00"}, "The brief never changed."))
    s.do(ANA, Confirm(1))
    s.do(EVE, Confirm(1))
    assert s.phase is Phase.CLOSED and s.state.closed_reason is ClosedReason.DECIDED
    s.do(MAX, Reopen("The payment bounced."))
    assert s.phase is Phase.NEGOTIATION
    return s


def test_the_whole_road_folds_back_to_its_state_from_any_prefix() -> None:
    s = whole_road()
    assert verify_chain(s.state.id, s.journal) is None
    assert replay(s.journal) == s.state
    assert replay(list(s.journal)) == replay(s.journal)  # folding is deterministic
    kinds_seen = {e.kind for e in s.journal}
    assert {kinds.MEDIATOR_HANDED_OFF, kinds.OBSERVER_ADDED, kinds.POSITIONS_REVEALED,
            kinds.DECISION_MADE, kinds.APPEAL_LODGED, kinds.CASE_REOPENED} <= kinds_seen


@pytest.mark.parametrize("at", [0.25, 0.5, 0.75, 1.0])
def test_a_duplicated_or_replayed_entry_breaks_the_chain(at: float) -> None:
    s = whole_road()
    n = max(1, int(len(s.journal) * at)) - 1
    duplicated = [*s.journal[: n + 1], s.journal[n], *s.journal[n + 1:]]
    assert verify_chain(s.state.id, duplicated) is not None
    replayed = [*s.journal, *s.journal[1:]]  # the journal played once more after itself
    assert verify_chain(s.state.id, replayed) is not None


# -- erasure ----------------------------------------------------------------------------------
def test_the_whole_road_folds_and_renders_after_every_entrys_content_is_erased() -> None:
    s = whole_road()
    before = s.state
    through = len(s.journal)
    payload = {"reason": "retention", "person": None, "through": through}
    [erasure], _ = record(s.state, s.state.id, [Event(kinds.CONTENT_ERASED, payload)],
                          actor=OPERATOR, now=s.now, source=None)
    made = note(erasure.at, "retention", erasure.seq)
    covers = coverage(erasure.payload)
    erased = [replace(e, actor_name="", salt=None,
                      payload_json=canonical_json(remains(e.kind, e.payload, made)))
              if covers(e.seq) and erasable(e) else e for e in s.journal] + [erasure]
    assert all(e.salt is None for e in erased[:-1])
    assert verify_chain(s.state.id, erased) is None  # the chain holds without the content
    after = replay(erased)
    assert after is not None
    # The structure survives: where the case stands, who mediates, who reads along, rulings.
    assert after.phase is before.phase is Phase.NEGOTIATION and after.retained
    assert after.mediator is not None and before.mediator is not None
    assert after.mediator.user_id == before.mediator.user_id
    assert {k: (o.side, o.acts) for k, o in after.observers.items()} == \
        {k: (o.side, o.acts) for k, o in before.observers.items()}
    assert [(d.number, d.status) for d in after.decisions] == \
        [(d.number, d.status) for d in before.decisions]
    assert [(r.number, r.status) for r in after.recommendations] == \
        [(r.number, r.status) for r in before.recommendations]
    assert after.recused == before.recused
    for actor, role in ((ANA, Role.CLAIMANT), (CLEO, Role.RESPONDENT), (MAX, Role.MEDIATOR),
                        (DAN, Role.OBSERVER)):
        for fmt in ("json", "html"):
            content = render(fmt, after, erased, actor, role, s.now, evidence_reader).content
            text = content.decode() if isinstance(content, bytes) else content
            for words in ("The brief never changed.", "The full fee.", NEW, WHY):
                assert words not in text
