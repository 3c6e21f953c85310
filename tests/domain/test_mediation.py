"""Mediators: the request, taking a case, private caucus, notes only mediators see, closing."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.commands import (
    Caucus,
    Close,
    Note,
    PostMessage,
    RequestMediator,
    SubmitStatement,
    Take,
)
from bot.domain.decide import record
from bot.domain.identity import Role, Side
from bot.domain.journal import Event
from bot.domain.phases import ClosedReason, Phase
from bot.domain.visibility import can_see

from .session import ANA, CASE_ID, CLAIMANT_STATEMENT, CLEO, MAX, MO, OTTO, Session


def test_a_party_asks_for_a_mediator_once() -> None:
    s = Session().opened()
    [entry] = s.do(CLEO, RequestMediator("We are stuck"))
    assert (entry.kind, entry.payload) == (kinds.MEDIATOR_REQUESTED, {"reason": "We are stuck"})
    assert s.state.mediation_requested
    assert "already been asked for" in s.refused(ANA, RequestMediator())
    assert "not a party" in s.refused(OTTO, RequestMediator())
    assert "Only " in s.refused(MO, RequestMediator())


def test_a_mediator_takes_the_case_and_then_nobody_else_can() -> None:
    s = Session().opened()
    s.do(ANA, RequestMediator())
    entry, briefed = s.do(MO, Take())
    assert entry.payload == {"mediator": {"user_id": MO.user_id, "name": "Mo"}}
    assert (briefed.kind, briefed.visibility) == (kinds.BRIEFING_GIVEN, "mediators")
    assert briefed.payload == {"to": MO.user_id, "name": "Mo"}
    assert entry.actor_role == "mediator"
    assert s.state.mediator is not None and s.state.mediator.user_id == MO.user_id
    assert "Mo is already mediating" in s.refused(MAX, Take())
    assert "Mo is already mediating" in s.refused(MO, Take())
    assert "Mo is already mediating" in s.refused(CLEO, RequestMediator())
    assert "Only a mediator" in s.refused(ANA, Take())
    assert "not a party" in s.refused(OTTO, Take())


def test_a_mediator_may_take_a_case_nobody_asked_about() -> None:
    s = Session().negotiating()
    s.do(MO, Take())
    assert s.state.mediator is not None


def test_caucus_note_and_close_need_the_mediator_who_took_the_case() -> None:
    s = Session().joined()
    for move in (Caucus("@cleo"), Note("first impressions"), Close(ClosedReason.IMPASSE)):
        message = s.refused(MO, move)
        assert "Take case" in message and "Possible now: take." in message
    s.do(MO, Take())
    for move in (Caucus("@cleo"), Note("first impressions"), Close(ClosedReason.IMPASSE)):
        assert "Only Mo, who mediates case" in s.refused(MAX, move)
        assert "Only a mediator" in s.refused(ANA, move)


def test_a_caucus_is_visible_to_one_side_and_the_mediators() -> None:
    s = Session().joined().mediated()
    [entry] = s.do(MO, Caucus("@Cleo"))
    assert entry.kind == kinds.CAUCUS_OPENED
    assert entry.visibility == "side:creator"
    assert entry.payload == {"side": "creator", "party": "Cleo"}
    assert s.state.caucuses == {Side.CREATOR}
    assert can_see(entry.visibility, Role.RESPONDENT, Side.CREATOR)
    assert not can_see(entry.visibility, Role.CLAIMANT, Side.BRAND)
    assert "already open" in s.refused(MO, Caucus("cleo"))
    [brand] = s.do(MO, Caucus(ANA.user_id))
    assert brand.visibility == "side:brand"
    assert s.state.caucuses == {Side.CREATOR, Side.BRAND}


def test_a_caucus_is_only_with_a_party() -> None:
    s = Session().joined().mediated()
    message = s.refused(MO, Caucus("@otto"))
    assert "is not a party" in message and "Ana or Cleo" in message


def test_a_note_is_for_mediators_only_and_needs_text() -> None:
    s = Session().joined().mediated()
    [entry] = s.do(MO, Note("Cleo seems open to 900"))
    assert (entry.kind, entry.visibility) == (kinds.MEDIATOR_NOTE, "mediators")
    assert entry.payload == {"text": "Cleo seems open to 900"}
    for role, side in (
        (Role.CLAIMANT, Side.BRAND),
        (Role.RESPONDENT, Side.CREATOR),
        (Role.OUTSIDER, None),
    ):
        assert not can_see(entry.visibility, role, side)
    assert can_see(entry.visibility, Role.MEDIATOR, None)
    assert "needs some text" in s.refused(MO, Note("   \n"))


def test_a_mediator_closes_as_impasse_or_closed_by_mediator_only() -> None:
    for reason in (ClosedReason.IMPASSE, ClosedReason.CLOSED_BY_MEDIATOR):
        s = Session().negotiating().mediated()
        [entry] = s.do(MO, Close(reason, "No movement in a week"))
        assert entry.payload == {"reason": reason.value, "note": "No movement in a week"}
        assert s.phase is Phase.CLOSED and s.state.closed_reason is reason
    s = Session().agreeing().mediated()
    for reason in (
        ClosedReason.SETTLED,
        ClosedReason.WITHDRAWN,
        ClosedReason.DECLINED,
        ClosedReason.NO_RESPONSE,
    ):
        message = s.refused(MO, Close(reason))
        assert "impasse or closed_by_mediator" in message


def test_a_mediator_can_close_in_every_open_phase() -> None:
    for build in (Session.opened, Session.joined, Session.negotiating, Session.agreeing):
        s = build(Session()).mediated()
        s.do(MO, Close(ClosedReason.CLOSED_BY_MEDIATOR))
        assert s.phase is Phase.CLOSED
        assert "`take` is not possible while case" in s.refused(MAX, Take())


def test_a_party_who_is_also_a_mediator_elsewhere_acts_as_a_party() -> None:
    cleo_mediates_too = type(CLEO)(CLEO.user_id, CLEO.name, is_mediator=True)
    s = Session().joined()
    assert s.state.role_of(cleo_mediates_too) is Role.RESPONDENT
    assert "Only a mediator" in s.refused(cleo_mediates_too, Take())


def test_once_taken_the_caucus_notes_and_sealed_statements_are_the_mediators_alone() -> None:
    s = Session().joined()
    s.do(ANA, SubmitStatement(CLAIMANT_STATEMENT))  # sealed: brand side and mediators
    sealed = s.journal[-1]
    # Untaken, the case is in the mediators' queue: any of them may look before taking it.
    assert s.state.role_of(MAX) is Role.MEDIATOR
    s.do(MO, Take())
    s.do(MO, Caucus("@cleo"))
    assert s.state.role_of(MO) is Role.MEDIATOR
    assert s.state.role_of(MAX) is Role.OUTSIDER
    assert not can_see(sealed.visibility, s.state.role_of(MAX), s.state.side_of(MAX))
    for move in (PostMessage("psst", room="caucus:creator"), Note("me too"), Take()):
        message = s.refused(MAX, move)
        assert message.startswith(f"Case {CASE_ID} is taken: Mo is already mediating it.")
        assert "Possible now" not in message


def test_a_case_handed_to_another_mediator_becomes_theirs() -> None:
    s = Session().joined().mediated(MO)
    s.do(MO, Caucus("@cleo"))
    # A hand-over journals the new mediator as taking the case did.
    handed = Event(kinds.MEDIATOR_ASSIGNED, {"mediator": {"user_id": MAX.user_id, "name": "Max"}})
    entries, s.case = record(s.case, CASE_ID, [handed], actor=MO, now=s.now, source=None)
    s.journal.extend(entries)
    assert (s.state.role_of(MAX), s.state.role_of(MO)) == (Role.MEDIATOR, Role.OUTSIDER)
    s.do(MAX, PostMessage("I take it from here", room="caucus:creator"))
    assert "Max is already mediating" in s.refused(MO, Note("still here?"))
