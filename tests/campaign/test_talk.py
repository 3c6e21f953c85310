"""A campaign's thread: every message, edit and deletion journaled in its record, written by
its parties and the mediators only, each changing only their own."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.commands import DeleteMessage, EditMessage, PostMessage
from bot.domain.identity import Actor
from tests.campaign.test_record_walk import ANNA, MIA, agreed_session, at

OUTSIDER = Actor("slack:T0GLOW:U09ZED", "Zed")
MEDIATOR = Actor("slack:T0GLOW:U08MED", "Mo", is_mediator=True)


def test_a_party_says_edits_and_deletes_and_every_version_is_kept() -> None:
    session = agreed_session()
    [said] = session.do(MIA, PostMessage("The draft comes Friday."), at("2026-03-03T09:00"))
    ref = said.payload["ref"]
    assert said.kind == kinds.MESSAGE_POSTED and said.payload["text"] == "The draft comes Friday."
    [edited] = session.do(MIA, EditMessage(ref, "The draft comes Monday."), at("2026-03-03T10:00"))
    assert edited.payload == {"ref": ref, "room": "thread", "version": 2,
                              "text": "The draft comes Monday."}
    session.do(MIA, DeleteMessage(ref), at("2026-03-03T11:00"))
    assert session.now_state.messages[ref].deleted
    assert [e.payload["text"] for e in session.journal if "text" in e.payload] == [
        "The draft comes Friday.", "The draft comes Monday."]
    assert "no message" in session.refused(MIA, EditMessage(ref, "again"), at("2026-03-03T12:00"))


def test_only_the_parties_and_the_mediators_write_and_each_only_changes_their_own() -> None:
    session = agreed_session()
    before = session.now_state
    assert "Only the parties" in session.refused(OUTSIDER, PostMessage("hello"),
                                                 at("2026-03-03T09:00"))
    assert session.now_state == before
    [said] = session.do(ANNA, PostMessage("Thanks!"), at("2026-03-03T09:00"))
    assert "your own" in session.refused(MIA, EditMessage(said.payload["ref"], "Thanks, Mia!"),
                                         at("2026-03-03T09:05"))
    session.do(MEDIATOR, PostMessage("I'm here if needed."), at("2026-03-03T09:10"))
    assert "one room" in session.refused(ANNA, PostMessage("psst", room="caucus:brand"),
                                         at("2026-03-03T09:20"))
    assert "empty" in session.refused(ANNA, PostMessage("   "), at("2026-03-03T09:20"))


def test_an_edit_seen_on_the_platform_is_recorded_even_for_an_unknown_message() -> None:
    session = agreed_session()
    [edited] = session.do(OUTSIDER, EditMessage("1712.55", "fixed typo", observed=True),
                          at("2026-03-03T09:00"))
    assert edited.payload["version"] == 2
    assert session.now_state.messages["1712.55"].versions == 2
