"""What people write in a case's rooms: every message, every version, every deletion."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.commands import Caucus, DeleteMessage, EditMessage, PostMessage
from bot.domain.text import MESSAGE_LIMIT

from .session import ANA, CLEO, MAX, MO, OTTO, Session


def test_anyone_in_the_channel_can_post_in_the_thread_and_it_is_journaled() -> None:
    s = Session().opened()
    [entry] = s.do(OTTO, PostMessage("Hi, I manage Cleo's bookings", ref="1700.01"))
    assert entry.kind == kinds.MESSAGE_POSTED and entry.visibility == "all"
    assert entry.actor_role == "outsider"
    assert entry.payload == {
        "ref": "1700.01",
        "room": "thread",
        "text": "Hi, I manage Cleo's bookings",
    }
    message = s.state.messages["1700.01"]
    assert (message.author_id, message.room, message.versions) == (OTTO.user_id, "thread", 1)


def test_a_message_without_a_platform_ref_gets_one_from_its_entry() -> None:
    s = Session().opened()
    [entry] = s.do(ANA, PostMessage("Hello"))
    assert entry.payload["ref"] == f"m{entry.seq}"


def test_a_ref_is_recorded_once() -> None:
    s = Session().opened()
    s.do(ANA, PostMessage("Hello", ref="r1"))
    assert "already recorded" in s.refused(ANA, PostMessage("Hello again", ref="r1"))


def test_empty_and_overlong_messages_are_refused() -> None:
    s = Session().opened()
    assert "empty message" in s.refused(ANA, PostMessage(" \n\t "))
    assert "longer than" in s.refused(ANA, PostMessage("x" * (MESSAGE_LIMIT + 1)))
    s.do(ANA, PostMessage("x" * MESSAGE_LIMIT))


def test_every_version_of_an_edited_message_is_kept_and_counted() -> None:
    s = Session().opened()
    s.do(CLEO, PostMessage("I'll deliver Monday", ref="r1"))
    [second] = s.do(CLEO, EditMessage("r1", "I'll deliver Tuesday"))
    [third] = s.do(CLEO, EditMessage("r1", "I'll deliver Wednesday"))
    assert second.payload == {
        "ref": "r1",
        "room": "thread",
        "version": 2,
        "text": "I'll deliver Tuesday",
    }
    assert third.payload["version"] == 3
    assert s.state.messages["r1"].versions == 3
    texts = [e.payload["text"] for e in s.journal if e.payload.get("ref") == "r1"]
    assert texts == ["I'll deliver Monday", "I'll deliver Tuesday", "I'll deliver Wednesday"]


def test_only_the_author_edits_or_deletes_a_message() -> None:
    s = Session().opened()
    s.do(CLEO, PostMessage("mine", ref="r1"))
    assert "only edit your own" in s.refused(ANA, EditMessage("r1", "yours now"))
    assert "only delete your own" in s.refused(MO, DeleteMessage("r1"))
    assert "no message r9 to edit" in s.refused(CLEO, EditMessage("r9", "?"))
    assert "no message r9 to delete" in s.refused(CLEO, DeleteMessage("r9"))


def test_a_deletion_is_recorded_and_the_content_stays_in_the_journal() -> None:
    s = Session().opened()
    s.do(CLEO, PostMessage("I never got the brief", ref="r1"))
    [entry] = s.do(CLEO, DeleteMessage("r1"))
    assert (entry.kind, entry.payload) == (kinds.MESSAGE_DELETED, {"ref": "r1", "room": "thread"})
    assert s.state.messages["r1"].deleted
    assert s.journal[-2].payload["text"] == "I never got the brief"
    assert "no message r1 to edit" in s.refused(CLEO, EditMessage("r1", "x"))
    assert "no message r1 to delete" in s.refused(CLEO, DeleteMessage("r1"))


def test_observed_edits_and_deletions_are_facts_even_for_unknown_messages() -> None:
    s = Session().opened()
    [edit] = s.do(OTTO, EditMessage("old", "seen edited", observed=True))
    assert edit.payload["version"] == 2 and edit.visibility == "all"
    [deletion] = s.do(OTTO, DeleteMessage("older", observed=True))
    assert deletion.payload == {"ref": "older", "room": "thread"}
    s.do(CLEO, PostMessage("hi", ref="r1"))
    s.do(ANA, EditMessage("r1", "edited on the platform by its author", observed=True))
    assert s.state.messages["r1"].versions == 2


def test_a_caucus_room_is_private_to_its_side_and_the_mediator() -> None:
    s = Session().joined().mediated()
    assert "No caucus with the creator side" in s.refused(
        CLEO, PostMessage("hi", room="caucus:creator")
    )
    s.do(MO, Caucus("@cleo"))
    [own] = s.do(CLEO, PostMessage("Between us: 900 is fine", room="caucus:creator"))
    assert own.visibility == "side:creator"
    [mediator] = s.do(MO, PostMessage("Noted", room="caucus:creator"))
    assert mediator.visibility == "side:creator"
    # The caucus is the mediator's who took the case, not every mediator's of the community.
    assert "Case MB-7K2Q9X is taken: Mo is already mediating it" in s.refused(
        MAX, PostMessage("Another mediator may join in", room="caucus:creator"))
    assert "private to one side" in s.refused(ANA, PostMessage("let me in", room="caucus:creator"))
    assert "private to one side" in s.refused(OTTO, PostMessage("me too", room="caucus:creator"))
    # An edit stays in the caucus room and keeps its visibility.
    [edit] = s.do(CLEO, EditMessage(own.payload["ref"], "Between us: 950"))
    assert (edit.payload["room"], edit.visibility) == ("caucus:creator", "side:creator")
    [gone] = s.do(CLEO, DeleteMessage(own.payload["ref"]))
    assert gone.visibility == "side:creator"


def test_there_is_no_room_but_the_thread_and_the_caucuses() -> None:
    s = Session().opened()
    for room in ("lobby", "caucus:agency", "caucus", "caucus:"):
        assert f"There is no room {room!r}" in s.refused(ANA, PostMessage("hi", room=room))
