"""Any text, typed in a Slack message or a Slack modal, is journaled as typed and shown back
escaped exactly once (see tests/adapters/typed.py). The fixtures run once per test, so all
of a test's examples write into one case."""

from __future__ import annotations

import pytest
from hypothesis import given

from storage.repository import SqlCaseStore

from ..typed import ROUND_TRIPS, Frames, framed_in, journaled, slack_escaped, typed
from .fake_slack import FakeSlack
from .flows import CASE, joined, negotiating
from .workspace import Workspace


@pytest.fixture
def frames() -> Frames:
    return Frames()


@ROUND_TRIPS
@given(text=typed())
async def test_any_text_in_a_message_is_journaled_as_typed_and_shown_escaped_once(
    ws: Workspace, fake: FakeSlack, store: SqlCaseStore, frames: Frames, text: str
) -> None:
    if not await store.entries(CASE):
        await joined(ws)
    framed, start, end = frames(text)
    await ws.say("UANA", slack_escaped(framed), ws.thread_of(CASE))  # as Slack sends it
    said = (await store.entries(CASE))[-1]
    assert said.kind == "message_posted" and said.payload["text"] == journaled(framed)

    await ws.command("UANA", f"history {CASE}")
    shown = framed_in(fake.private_to("UANA")[-1], start, end)
    assert shown == slack_escaped(framed_in(journaled(framed), start, end))


@ROUND_TRIPS
@given(text=typed())
async def test_any_text_in_a_modal_is_journaled_as_typed_and_shown_escaped_once(
    ws: Workspace, fake: FakeSlack, store: SqlCaseStore, frames: Frames, text: str
) -> None:
    if not await store.entries(CASE):
        await negotiating(ws)
    framed, start, end = frames(text)
    await ws.click("UCLEO", CASE, "propose")
    await ws.submit("UCLEO", {"amount": "900", "currency": "EUR", "terms": framed})  # as typed
    proposed = (await store.entries(CASE))[-1]
    assert proposed.kind == "proposal_made"
    assert proposed.payload["terms"]["terms"] == journaled(framed)

    shown = framed_in(fake.thread(*ws.thread_of(CASE))[-1], start, end)
    assert shown == slack_escaped(framed_in(journaled(framed), start, end))
