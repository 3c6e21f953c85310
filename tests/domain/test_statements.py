"""Sealed statements: each side's stays with that side (and the mediators) until both are in."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.commands import Join, SubmitStatement
from bot.domain.identity import Role, Side
from bot.domain.phases import Phase
from bot.domain.visibility import can_see, effective

from .session import (
    ANA,
    CLAIMANT_STATEMENT,
    CLEO,
    MO,
    OTTO,
    RESPONDENT_STATEMENT,
    Session,
)


def test_a_statement_is_sealed_to_its_side_until_the_other_is_in() -> None:
    s = Session().joined()
    [entry] = s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    assert entry.kind == kinds.STATEMENT_SUBMITTED
    assert entry.visibility == "side:brand"
    assert entry.payload == {
        "side": "brand",
        "amended": False,
        "statement": {**CLAIMANT_STATEMENT, "position": "claim"},
    }
    assert s.phase is Phase.STATEMENTS and not s.state.revealed
    # The other side does not see it; the mediators do.
    assert not can_see(entry.visibility, Role.RESPONDENT, Side.CREATOR)
    assert can_see(entry.visibility, Role.CLAIMANT, Side.BRAND)
    assert can_see(entry.visibility, Role.MEDIATOR, None)
    assert not can_see(entry.visibility, Role.OUTSIDER, None)
    assert kinds.STATEMENTS_REVEALED not in s.kinds()


def test_both_statements_in_reveals_them_together_and_opens_negotiation() -> None:
    s = Session().joined()
    s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    assert s.journal[-1].visibility == "side:creator"
    entries = s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    assert [e.kind for e in entries] == [kinds.STATEMENT_SUBMITTED, kinds.STATEMENTS_REVEALED]
    submitted, revealed = entries
    assert submitted.visibility == "side:brand"
    assert revealed.visibility == "all"
    assert revealed.payload["statements"] == {
        "brand": {**CLAIMANT_STATEMENT, "position": "claim"},
        "creator": RESPONDENT_STATEMENT,
    }
    assert s.phase is Phase.NEGOTIATION and s.state.revealed
    assert "statements" not in s.state.deadlines and "evidence" in s.state.deadlines


def test_an_amended_statement_before_the_reveal_replaces_the_first() -> None:
    s = Session().joined()
    s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    amended = {**CLAIMANT_STATEMENT, "amount": "1200.00"}
    [entry] = s.do(ANA, SubmitStatement(amended))
    assert entry.payload["amended"] is True and entry.visibility == "side:brand"
    assert s.phase is Phase.STATEMENTS, "an amendment by the same side reveals nothing"
    [_, revealed] = s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    assert revealed.payload["statements"]["brand"]["amount"] == "1200.00"
    # Both versions stay in the journal.
    amounts = [
        e.payload["statement"]["amount"]
        for e in s.journal
        if e.kind == kinds.STATEMENT_SUBMITTED and e.payload["side"] == "brand"
    ]
    assert amounts == ["1500.00", "1200.00"]


def test_the_claimants_position_is_always_claim() -> None:
    s = Session().joined()
    [entry] = s.do(ANA, SubmitStatement({**CLAIMANT_STATEMENT, "position": "admit"}))
    assert entry.payload["statement"]["position"] == "claim"


def test_the_respondent_must_take_a_position() -> None:
    s = Session().joined()
    message = s.refused(CLEO, SubmitStatement({"what_happened": "x", "wants": "y"}))
    assert "admit, partly admit, dispute or counterclaim" in message
    s.refused(CLEO, SubmitStatement({**RESPONDENT_STATEMENT, "position": "shrug"}))
    for position in ("admit", "partly_admit", "dispute", "counterclaim"):
        t = Session().joined()
        t.do(CLEO, SubmitStatement({**RESPONDENT_STATEMENT, "position": position}))


def test_statements_only_from_parties_and_only_while_collecting_them() -> None:
    s = Session().opened()
    assert "`statement` is not possible" in s.refused(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    s.do(CLEO, Join())
    assert "not a party" in s.refused(OTTO, SubmitStatement(CLAIMANT_STATEMENT))
    assert "Only " in s.refused(MO, SubmitStatement(CLAIMANT_STATEMENT))
    s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    message = s.refused(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    assert "`statement` is not possible while case" in message and "in negotiation" in message


def test_sealed_statements_are_seen_by_both_sides_once_revealed_and_nothing_else_is() -> None:
    s = Session().joined()
    [sealed] = s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))
    seen = effective(sealed.visibility, sealed.kind, s.state.revealed)
    assert not can_see(seen, Role.RESPONDENT, Side.CREATOR)
    s.do(CLEO, SubmitStatement(RESPONDENT_STATEMENT))
    assert s.state.revealed
    seen = effective(sealed.visibility, sealed.kind, s.state.revealed)
    assert can_see(seen, Role.RESPONDENT, Side.CREATOR)
    assert can_see(seen, Role.OUTSIDER, None) is (seen == "all")
    for other_kind in ("caucus_opened", "message_posted", "mediator_note"):
        assert effective("side:brand", other_kind, True) == "side:brand"
        assert effective("mediators", other_kind, True) == "mediators"
