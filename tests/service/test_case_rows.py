"""A case's row reuses the participants and deadline rows of its last state while nothing they
come from changed, and derives them again as soon as something did."""

from __future__ import annotations

from bot.domain.commands import PostMessage, Take
from bot.service.case_row import CaseRows, deadline_rows, participants
from tests.domain.session import ANA, MO, Session


def test_rows_follow_every_change_and_are_reused_between_them() -> None:
    session = Session().joined()
    rows = CaseRows()
    first = rows.summarize(session.state, session.now, session.policy)
    assert first.participants == participants(session.state)
    assert first.deadlines == deadline_rows(session.state, session.policy)

    session.do(ANA, PostMessage("hello"))  # a message changes neither
    again = rows.summarize(session.state, session.later(minutes=1), session.policy)
    assert again.participants is first.participants and again.deadlines is first.deadlines
    assert again.version == first.version + 1

    session.do(MO, Take())  # a mediator joins: new participants, and the deadlines move
    taken = rows.summarize(session.state, session.now, session.policy)
    assert taken.participants == participants(session.state) != first.participants
    assert taken.deadlines == deadline_rows(session.state, session.policy)

    # Another policy (changed in another process) gives the rows it says.
    longer = session.policy.with_settings({"reminder_lead": "48h"})
    moved = rows.summarize(session.state, session.now, longer).deadlines
    assert moved == deadline_rows(session.state, longer) != taken.deadlines
