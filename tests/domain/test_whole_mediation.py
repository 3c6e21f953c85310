"""A whole mediation, told as the conversation it is."""

from __future__ import annotations

import hashlib

from bot.domain import kinds
from bot.domain.commands import (
    Accept,
    AddEvidence,
    Caucus,
    Counter,
    Join,
    Note,
    PostMessage,
    Propose,
    Reject,
    RequestMediator,
    Sign,
    SubmitStatement,
)
from bot.domain.fold import replay
from bot.domain.identity import Role, Side
from bot.domain.journal import verify_chain
from bot.domain.phases import ClosedReason, Phase
from bot.domain.visibility import can_see

from .session import (
    ANA,
    CASE_ID,
    CLAIMANT_STATEMENT,
    CLEO,
    MO,
    OTTO,
    RESPONDENT_STATEMENT,
    Session,
)


def test_open_to_settled_with_a_mediator() -> None:
    s = Session().opened()
    assert s.phase is Phase.AWAITING_RESPONSE
    s.later(hours=20)
    s.do(CLEO, Join())
    s.do(OTTO, PostMessage("Following this one", ref="t1"))

    # Sealed statements: Ana's is hers until Cleo's is in.
    s.later(hours=2)
    [sealed] = s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    assert sealed.visibility == "side:brand" and s.phase is Phase.STATEMENTS
    s.do(ANA, SubmitStatement({**CLAIMANT_STATEMENT, "wants": "The advance back"}))
    s.later(hours=30)
    revealing = s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    assert [e.kind for e in revealing] == [kinds.STATEMENT_SUBMITTED, kinds.STATEMENTS_REVEALED]
    assert revealing[1].payload["statements"]["brand"]["wants"] == "The advance back"
    assert s.phase is Phase.NEGOTIATION

    s.do(
        CLEO,
        AddEvidence(
            hashlib.sha256(b"brief v2").hexdigest(),
            8,
            "application/pdf",
            "brief-v2.pdf",
            "The second brief",
        ),
    )

    # Negotiation, with a mediator helping.
    s.do(ANA, Propose({"amount": "750.00", "currency": "EUR"}))
    s.do(CLEO, Reject(1, "Less than half the fee"))
    s.do(CLEO, RequestMediator("We are far apart"))
    s.mediated()
    s.do(MO, Caucus("@cleo"))
    s.do(CLEO, PostMessage("I could live with 1100", room="caucus:creator"))
    s.do(MO, Note("Zone of agreement: 1000-1100"))
    s.do(CLEO, Propose({"amount": "1200.00", "currency": "EUR"}))
    s.later(hours=5)
    s.do(ANA, Counter(2, {"amount": "1050.00", "currency": "EUR", "deliverables": "Reel"}))
    s.do(CLEO, Accept(3))
    assert s.phase is Phase.AGREEMENT
    agreement = s.state.agreement
    assert agreement is not None and agreement.proposal == 3
    assert "- Amount: 1050.00 EUR" in agreement.text

    s.do(CLEO, Sign())
    s.do(ANA, Sign())
    assert s.phase is Phase.CLOSED and s.state.closed_reason is ClosedReason.SETTLED

    assert s.kinds() == [
        kinds.CASE_OPENED,
        kinds.CASE_JOINED,
        kinds.MESSAGE_POSTED,
        kinds.STATEMENT_SUBMITTED,
        kinds.STATEMENT_SUBMITTED,
        kinds.STATEMENT_SUBMITTED,
        kinds.STATEMENTS_REVEALED,
        kinds.EVIDENCE_ADDED,
        kinds.PROPOSAL_MADE,
        kinds.PROPOSAL_REJECTED,
        kinds.MEDIATOR_REQUESTED,
        kinds.MEDIATOR_ASSIGNED,
        kinds.BRIEFING_GIVEN,
        kinds.CAUCUS_OPENED,
        kinds.MESSAGE_POSTED,
        kinds.MEDIATOR_NOTE,
        kinds.PROPOSAL_MADE,
        kinds.PROPOSAL_MADE,
        kinds.PROPOSAL_ACCEPTED,
        kinds.AGREEMENT_DRAFTED,
        kinds.AGREEMENT_SIGNED,
        kinds.AGREEMENT_SIGNED,
        kinds.CASE_CLOSED,
    ]
    assert verify_chain(CASE_ID, s.journal) is None
    assert replay(s.journal) == s.state
    assert {n: p.status for n, p in s.state.proposals.items()} == {
        1: "rejected",
        2: "countered",
        3: "accepted",
    }

    # What each viewer may see of the history.
    def seen_by(role: Role, side: Side | None) -> set[int]:
        return {e.seq for e in s.journal if can_see(e.visibility, role, side)}

    everything = {e.seq for e in s.journal}
    assert seen_by(Role.MEDIATOR, None) == everything
    brand, creator = seen_by(Role.CLAIMANT, Side.BRAND), seen_by(Role.RESPONDENT, Side.CREATOR)
    assert everything - brand == {
        e.seq for e in s.journal if e.visibility in ("side:creator", "mediators")
    }
    assert everything - creator == {
        e.seq for e in s.journal if e.visibility in ("side:brand", "mediators")
    }
    assert {4, 5} <= everything - creator  # Ana's statements, sealed from Cleo
