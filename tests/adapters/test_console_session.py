"""The console in-process: what a person types, what they see, and forms that ask."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.console import translate as t
from adapters.console.session import ConsoleSession
from adapters.wiring import App
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore


def test_translate_reads_lines_as_a_person_means_them() -> None:
    assert t.translate("  ") == t.Nothing()
    assert t.translate("# a comment in a script") == t.Nothing()
    assert t.translate("/as Ana") == t.SwitchUser("Ana")
    assert t.translate("/in MB-ABC123") == t.SwitchRoom("MB-ABC123")
    assert t.translate("/edit m5 better words") == t.Edit("m5", "better words")
    assert t.translate("/delete m5") == t.Delete("m5")
    assert t.translate("/quit") == t.Quit()
    assert t.translate("hello there") == t.Say("hello there")
    assert isinstance(t.translate("/mediate join"), t.Command)
    assert t.translate("/mediate rules SET rules.yaml") == t.AttachRulebook("rules.yaml")
    report = t.translate('/mediate report @ben reposted my photo file="my shot.png"')
    assert isinstance(report, t.ReportWithFile) and report.path == "my shot.png"
    assert report.request.text == "@ben reposted my photo"
    evidence = t.translate('/mediate evidence "my files/brief.pdf" The signed brief')
    assert evidence == t.AttachEvidence(evidence.request, "my files/brief.pdf",  # type: ignore[union-attr]
                                        "The signed brief")
    assert isinstance(t.translate("/mediate evidence"), t.Problem)
    assert isinstance(t.translate("/bogus"), t.Problem)
    assert isinstance(t.translate("/as"), t.Problem)


class Screen:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, text: str) -> None:
        self.lines.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def answers(*values: str | None) -> Iterator[str | None]:
    yield from values


@pytest.fixture
async def app(store: SqlCaseStore, evidence_store: FileEvidenceStore) -> App:
    return App(MediationService(store, evidence_store), store, evidence_store)


async def test_a_form_at_the_keyboard_asks_for_each_missing_field(app: App,
                                                                 tmp_path: Path) -> None:
    typed = answers("@ben", "brand", "", "Late video", "", "other", "", "", "It was late.",
                    "A discount.")
    asked: list[str] = []

    async def ask(prompt: str) -> str | None:
        asked.append(prompt)
        return next(typed)

    screen = Screen()
    session = ConsoleSession(app, ("mia",), screen, ask, export_dir=tmp_path)
    await session.start()
    await session.feed("/as Ana")
    await session.feed("/mediate open")
    assert session.case_id is not None, screen.text
    assert "opened by Ana (brand) with ben (creator): Late video" in screen.text
    assert len(asked) == 10 and "Title" in asked[3]
    # Ben was told, through the outbox, and the outbox is empty afterwards.
    assert "[to ben]" in screen.text
    assert await app.store.pending_outbox("console") == []


async def test_a_cancelled_form_saves_nothing(app: App, tmp_path: Path) -> None:
    async def ask(prompt: str) -> str | None:
        return None  # end of input at the first question

    screen = Screen()
    session = ConsoleSession(app, (), screen, ask, export_dir=tmp_path)
    await session.start()
    await session.feed("/as Ana")
    await session.feed("/mediate open @ben")
    assert "Form cancelled: nothing was saved." in screen.text
    assert await app.store.case_ids() == []


async def test_messages_edits_exports_and_refusals(app: App, tmp_path: Path) -> None:
    screen = Screen()
    session = ConsoleSession(app, ("mia",), screen, None, export_dir=tmp_path)
    await session.start()
    await session.feed("hello")  # nobody yet
    assert "Say who you are first" in screen.text
    await session.feed("/as Ana")
    await session.feed("hello")  # no case yet
    assert "not in a case room" in screen.text
    await session.feed('/mediate open @ben Late side=brand category=other summary=s '
                       'desired_outcome=d')
    await session.feed("The video is late <!channel> @everyone")
    await session.feed("/edit m2 The video is a week late")
    await session.feed("/as ben")
    await session.feed("/edit m2 not mine")
    assert "You can only edit your own messages." in screen.text
    await session.feed("/mediate export")
    [written] = tmp_path.glob(f"{session.case_id}-*-history.json")
    exported = written.read_text()
    assert "a week late" in exported and "message_edited" in exported
    await session.feed("/as zed")
    await session.feed("/mediate status")
    assert f"You are not a party to case {session.case_id}" in screen.text
    assert session.refusals == 3


async def test_only_a_caucus_side_and_its_mediator_may_enter_it(app: App, tmp_path: Path) -> None:
    screen = Screen()
    session = ConsoleSession(app, ("mia", "max"), screen, None, export_dir=tmp_path)
    await session.start()
    await session.feed("/as Ana")
    await session.feed('/mediate open @ben Late side=brand category=other summary=s '
                       'desired_outcome=d')
    case_id = session.case_id
    await session.feed("/as mia")
    await session.feed("/mediate take")
    await session.feed("/mediate caucus @ana")
    assert session.room == "caucus:brand"
    # The creator can type neither form of the brand's caucus.
    await session.feed("/as ben")
    assert session.room == "thread" and f"Now in {case_id} thread." in screen.text
    for line in ("/in caucus:brand", "/in caucus brand", "/in caucus ana"):
        await session.feed(line)
        assert session.room == "thread", line
    assert screen.text.count("This caucus is private to one side and the mediator.") == 3
    # Another mediator of the community is told the case is taken.
    await session.feed("/as max")
    await session.feed("/in caucus:brand")
    assert session.room == "thread"
    assert f"Case {case_id} is taken: mia is already mediating it." in screen.text
    # The side itself, and the mediator who took the case, may.
    await session.feed("/as ana")
    await session.feed("/in caucus:brand")
    assert session.room == "caucus:brand"
    await session.feed("/as mia")
    assert session.room == "caucus:brand"
    assert session.refusals == 4


async def test_the_proposal_form_names_the_cases_currency(app: App, tmp_path: Path) -> None:
    asked: list[str] = []
    typed = answers("900", "USD", "", "", "", "", "")

    async def ask(prompt: str) -> str | None:
        asked.append(prompt)
        return next(typed)

    screen = Screen()
    session = ConsoleSession(app, (), screen, ask, export_dir=tmp_path)
    await session.start()
    await session.feed("/as Ana")
    await session.feed('/mediate open @ben Late side=brand category=other amount=1500 '
                       'currency=EUR summary=s desired_outcome=d')
    await session.feed("/as ben")
    await session.feed("/mediate join")
    await session.feed('/mediate statement what_happened=w wants=x position=dispute')
    await session.feed("/as ana")
    await session.feed('/mediate statement what_happened=w wants=x')
    await session.feed("/mediate propose")
    assert "  Currency (the case's: EUR) (optional, Enter to skip): " in asked
    assert f"Case {session.case_id} is in EUR: give the amount in EUR, not USD." in screen.text


async def test_a_bid_with_its_amount_asks_nothing_and_one_without_asks_for_it(
        app: App, tmp_path: Path) -> None:
    asked: list[str] = []
    typed = answers("lots", "910.25")

    async def ask(prompt: str) -> str | None:
        asked.append(prompt)
        return next(typed)

    screen = Screen()
    session = ConsoleSession(app, (), screen, ask, export_dir=tmp_path)
    await session.start()
    await session.feed("/as Ana")
    await session.feed('/mediate open @ben Late side=brand category=other amount=1500 '
                       'currency=EUR summary=s desired_outcome=d')
    await session.feed("/as ben")
    await session.feed("/mediate join")
    await session.feed('/mediate statement what_happened=w wants=x position=dispute')
    await session.feed("/as ana")
    await session.feed('/mediate statement what_happened=w wants=x')
    await session.feed("/mediate bidding propose")
    await session.feed("/as ben")
    await session.feed("/mediate bidding accept")
    await session.feed("/as ana")
    await session.feed("/mediate bid 4950")
    assert asked == []
    assert "Your demand for round 1 is sealed: 4950.00 EUR." in screen.text
    await session.feed("/as ben")
    await session.feed("/mediate bid")  # the form: its one field, asked
    assert asked == ["  Your sealed amount: "]
    assert "Please fix the form (amount: not a number)." in screen.text
    await session.feed("/mediate bid")
    assert "Your offer for round 1 is sealed: 910.25 EUR." in screen.text
