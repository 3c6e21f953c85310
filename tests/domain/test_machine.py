"""The phase machine: folding only ever moves a case along a declared transition, and every
declared transition is reachable by some command."""

from __future__ import annotations

import hashlib
import itertools
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import kinds
from bot.domain.commands import (
    Accept,
    AddEvidence,
    Caucus,
    Close,
    Command,
    Confirm,
    Counter,
    Decline,
    DeleteMessage,
    EditMessage,
    FireDeadline,
    Join,
    Note,
    PostMessage,
    Propose,
    Reject,
    RequestMediator,
    Sign,
    SubmitStatement,
    Take,
    Withdraw,
    WithdrawProposal,
)
from bot.domain.errors import Refusal
from bot.domain.fold import apply
from bot.domain.identity import SYSTEM
from bot.domain.journal import JournalEntry
from bot.domain.machine import TRANSITIONS, UndeclaredTransition, check_transition
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import Decisions, Policy
from bot.domain.review_commands import (
    AnswerRecommendation,
    Appeal,
    Decide,
    OpenReview,
    Recommend,
    Reopen,
    SubmitPosition,
    Uphold,
)

from .session import (
    ANA,
    CLAIMANT_STATEMENT,
    CLEO,
    MAX,
    MO,
    OTTO,
    RESPONDENT_STATEMENT,
    TERMS,
    Session,
)

DECLARED = {(t.source, t.target, t.entry_kind) for t in TRANSITIONS}
KINDS = sorted(v for k, v in vars(kinds).items() if k.isupper())


def transitions(entries: list[JournalEntry]) -> list[tuple[Phase | None, Phase, str]]:
    """Every phase change folding `entries` makes, recomputed from the journal."""
    changes = []
    case = None
    for entry in entries:
        before = case.phase if case is not None else None
        case = apply(case, entry)
        if before != case.phase:
            changes.append((before, case.phase, entry.kind))
    return changes


def test_check_transition_admits_exactly_the_declared_edges() -> None:
    sources: list[Phase | None] = [None, *Phase]
    for source, target, kind in itertools.product(sources, Phase, KINDS):
        if source == target or (source, target, kind) in DECLARED:
            check_transition(source, target, kind)
        else:
            with pytest.raises(UndeclaredTransition):
                check_transition(source, target, kind)


def test_the_table_has_one_edge_out_of_closed_and_one_way_in() -> None:
    assert {t.entry_kind for t in TRANSITIONS if t.source is Phase.CLOSED} == {
        kinds.CASE_REOPENED}
    assert [t for t in TRANSITIONS if t.source is None] == [
        t for t in TRANSITIONS if t.entry_kind == kinds.CASE_OPENED
    ]


def _every_path() -> list[Session]:
    paths = []
    for build in (Session.opened, Session.joined, Session.negotiating, Session.agreeing):
        closing = build(Session())
        closing.do(ANA, Withdraw())
        paths.append(closing)
    declined = Session().opened()
    declined.do(CLEO, Decline())
    paths += [declined, Session().settled()]
    followup = {**TERMS, "followup": "Payment of the fee", "followup_due": "2026-12-15"}
    for closer in (None, MO):
        complying = Session().agreeing(followup)
        complying.do(ANA, Sign())
        complying.do(CLEO, Sign())
        if closer is None:
            complying.do(ANA, Confirm(1))
            complying.do(CLEO, Confirm(1))
        else:
            complying.mediated(closer).do(closer, Close(ClosedReason.CLOSED_BY_MEDIATOR))
        paths.append(complying)
    for build in (Session.opened, Session.joined, Session.negotiating, Session.agreeing):
        mediated = build(Session()).mediated()
        mediated.do(MO, Close(ClosedReason.IMPASSE))
        mediated.do(MO, Reopen("Both sides asked to talk again."))
        paths.append(mediated)
    return paths + _review_paths(followup)


def _review_paths(followup: dict[str, str]) -> list[Session]:
    """Review → recommendation → agreement; → decision → appeal → upheld or replaced."""
    paths = []
    for ending in ("accepted", "closed", "upheld", "replaced", "unappealed", "closed in review",
                   "decided in review", "closed on appeal"):
        s = Session(policy=Policy(decisions=Decisions.BINDING)).negotiating().mediated()
        s.do(MO, OpenReview())
        if ending == "closed in review":
            s.do(ANA, Withdraw())
            paths.append(s)
            continue
        s.do(ANA, SubmitPosition({"position": "The advance back."}))
        s.do(CLEO, SubmitPosition({"position": "The full fee."}))
        if ending == "decided in review":
            s.do(MO, Decide(TERMS, "The reel was late."))
            paths.append(s)
            continue
        s.do(MO, Recommend(followup, "The reel was late."))
        if ending == "accepted":
            s.do(ANA, AnswerRecommendation(True))
            s.do(CLEO, AnswerRecommendation(True))
        elif ending == "closed":
            s.do(MO, Close(ClosedReason.IMPASSE))
        else:
            s.do(ANA, AnswerRecommendation(False))
            s.do(MO, Decide(followup if ending == "unappealed" else TERMS, "The reel was late."))
            if ending == "unappealed":
                s.do(ANA, Confirm(1))
                s.do(CLEO, Confirm(1))
                s.now = s.state.deadlines["appeal"]
                s.do(SYSTEM, FireDeadline("appeal", s.now))
            else:
                s.do(CLEO, Appeal("New emails show the brief changed twice."))
                s.do(MAX, Take())
                if ending == "upheld":
                    s.do(MAX, Uphold("The emails change nothing."))
                elif ending == "replaced":
                    s.do(MAX, Decide(followup, "The brief did change."))
                else:
                    s.do(MAX, Close(ClosedReason.CLOSED_BY_MEDIATOR))
        paths.append(s)
    declined = Session().opened()
    declined.do(CLEO, Decline())
    declined.do(MO, Reopen("Cleo asked to think again."))
    joined = Session().joined()
    joined.do(ANA, Withdraw())
    joined.do(MO, Reopen("Ana asked to go on."))
    return [*paths, declined, joined]


def test_every_declared_transition_is_reached_and_nothing_else() -> None:
    seen = {edge for s in _every_path() for edge in transitions(s.journal)}
    assert seen == DECLARED


SHA = hashlib.sha256(b"screenshot").hexdigest()
ACTORS = (ANA, CLEO, MO, MAX, OTTO)
MOVES: tuple[Command, ...] = (
    Join(),
    Decline("no"),
    Withdraw("bye"),
    SubmitStatement(CLAIMANT_STATEMENT),
    SubmitStatement(RESPONDENT_STATEMENT),
    AddEvidence(SHA, 10, "image/png", "shot.png"),
    Propose(TERMS),
    Propose({**TERMS, "followup": "Payment", "followup_due": "2026-12-15"}),
    Counter(1, TERMS),
    Counter(2, TERMS),
    Accept(1),
    Accept(2),
    Accept(3),
    Reject(1),
    Reject(2),
    WithdrawProposal(1),
    WithdrawProposal(2),
    Sign(),
    Confirm(1),
    RequestMediator(),
    Take(),
    Caucus("@ana"),
    Caucus("@cleo"),
    Note("hm"),
    Close(ClosedReason.IMPASSE),
    Close(ClosedReason.CLOSED_BY_MEDIATOR),
    Close(ClosedReason.SETTLED),
    PostMessage("hello", ref="r1"),
    PostMessage("psst", room="caucus:creator"),
    EditMessage("r1", "hello again"),
    DeleteMessage("r1"),
    EditMessage("p1", "seen", observed=True),
)

STARTS = (Session.opened, Session.joined, Session.negotiating, Session.agreeing)
steps = st.lists(
    st.tuples(
        st.sampled_from((*ACTORS, ANA, CLEO)),
        st.sampled_from(MOVES),
        st.sampled_from((0, 0, 0, 1, 24, 80)),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(STARTS), steps)
def test_folding_only_moves_along_declared_transitions(
    start: object, moves: list[tuple[object, Command, int]]
) -> None:
    s = start(Session())  # type: ignore[operator]
    for actor, command, hours in moves:
        s.later(hours=hours)
        try:
            s.do(actor, command)  # type: ignore[arg-type]
        except Refusal:
            continue
    for edge in transitions(s.journal):
        assert edge in DECLARED
    case = s.state
    assert case.version == len(s.journal)
    if case.phase is Phase.CLOSED:
        assert case.closed_reason is not None and case.deadlines == {}
    else:
        assert case.closed_reason is None
    if case.phase in (Phase.AWAITING_RESPONSE, Phase.STATEMENTS):
        assert not case.proposals
    assert (case.agreement is not None) == (kinds.AGREEMENT_DRAFTED in s.kinds())
    if case.closed_reason is ClosedReason.SETTLED:
        assert case.agreement is not None and len(case.agreement.signed) == 2
    assert s.kinds().count(kinds.AGREEMENT_DRAFTED) <= 1
    assert s.kinds().count(kinds.CASE_CLOSED) <= 1
    assert s.kinds().count(kinds.MEDIATOR_ASSIGNED) <= 1
    assert all(timedelta(0) < due - case.opened_at for due in case.deadlines.values())
