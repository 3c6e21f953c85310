"""Any line typed in a console case room is journaled as typed and printed back as typed, once
(see tests/adapters/typed.py). The fixtures run once per test, so all the examples write into
one case."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from adapters.console.session import ConsoleSession
from adapters.wiring import App
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .typed import ROUND_TRIPS, Frames, framed_in, journaled, typed


class Screen(list[str]):
    def __call__(self, text: str) -> None:
        self.append(text)


@pytest.fixture
async def console(
    store: SqlCaseStore, evidence_store: FileEvidenceStore, tmp_path: Path
) -> tuple[ConsoleSession, Screen]:
    """Ana, in the room of her case against Ben."""
    app = App(MediationService(store, evidence_store), store, evidence_store)
    screen = Screen()
    session = ConsoleSession(app, (), screen, None, export_dir=tmp_path)
    await session.start()
    await session.feed("/as Ana")
    await session.feed(
        "/mediate open @ben Late side=brand category=other summary=s desired_outcome=d"
    )
    assert session.case_id is not None, screen
    return session, screen


@pytest.fixture
def frames() -> Frames:
    return Frames()


@ROUND_TRIPS
@given(text=typed(newlines=False))  # the console reads lines
async def test_any_line_is_journaled_as_typed_and_printed_once(
    console: tuple[ConsoleSession, Screen], store: SqlCaseStore, frames: Frames, text: str
) -> None:
    session, screen = console
    assert session.case_id is not None
    framed, start, end = frames(text)
    await session.feed(framed)
    said = (await store.entries(session.case_id))[-1]
    assert said.kind == "message_posted" and said.payload["text"] == journaled(framed)

    await session.feed("/mediate history")
    assert framed_in(screen[-1], start, end) == framed_in(journaled(framed), start, end)
