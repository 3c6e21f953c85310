"""`mediator demo` on a fresh folder: the mediation runs, every export is written, and a
party's export keeps to that party (tested on the demo case itself)."""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from pathlib import Path

import pytest

from adapters.demo import DemoResult, run_demo
from adapters.demo.script import (
    BRAND_CAUCUS,
    BRAND_STATEMENT,
    CREATOR_CAUCUS,
    CREATOR_STATEMENT,
    MEDIATOR_NOTE,
)
from bot.domain import kinds
from bot.domain.fold import replay
from bot.domain.identity import Actor, Role
from bot.exports import FORMATS, check_bundle, check_document, render

VIEWS = ("brand", "creator", "mediator", "full")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return asyncio.run(run_demo(tmp_path_factory.mktemp("demo") / "out"))


def texts(demo: DemoResult, view: str) -> dict[str, str]:
    """The JSON and HTML of a view, on their own and inside its bundle."""
    paths = demo.exports[view]
    found = {fmt: paths[fmt].read_text(encoding="utf-8") for fmt in ("json", "html")}
    with zipfile.ZipFile(paths["bundle"]) as archive:
        for name in ("history.json", "history.html", "manifest.json"):
            found[f"bundle:{name}"] = archive.read(name).decode()
    return found


def test_every_view_gets_every_format(demo: DemoResult) -> None:
    assert set(demo.exports) == set(VIEWS)
    for view in VIEWS:
        assert set(demo.exports[view]) == set(FORMATS)
        assert demo.exports[view]["pdf"].read_bytes().startswith(b"%PDF-")
        assert check_bundle(str(demo.exports[view]["bundle"])).ok


def test_the_demo_is_the_whole_story(demo: DemoResult) -> None:
    seen = [e.kind for e in demo.entries]
    for kind in (kinds.STATEMENTS_REVEALED, kinds.MESSAGE_EDITED, kinds.CAUCUS_OPENED,
                 kinds.MEDIATOR_NOTE, kinds.AGREEMENT_SIGNED):
        assert kind in seen
    assert seen.count(kinds.EVIDENCE_ADDED) == 3
    assert any(e.kind == kinds.PROPOSAL_MADE and e.payload["answers"] for e in demo.entries)
    case = replay(demo.entries)
    assert case is not None and case.closed_reason is not None
    assert case.closed_reason.value == "settled"


@pytest.mark.parametrize(("view", "own", "others"), [
    ("brand", BRAND_CAUCUS, (CREATOR_CAUCUS, MEDIATOR_NOTE)),
    ("creator", CREATOR_CAUCUS, (BRAND_CAUCUS, MEDIATOR_NOTE)),
])
def test_a_party_export_holds_nothing_of_the_other_sides_caucus(
        demo: DemoResult, view: str, own: str, others: tuple[str, ...]) -> None:
    for name, text in texts(demo, view).items():
        for secret in others:
            assert secret not in text, f"{view} {name} shows {secret!r}"
    assert own in texts(demo, view)["json"]
    doc = json.loads(texts(demo, view)["json"])
    rooms = {item["payload"].get("room") for item in doc["entries"] if not item.get("redacted")}
    assert f"caucus:{'creator' if view == 'brand' else 'brand'}" not in rooms


def test_mediator_and_full_views_hold_everything(demo: DemoResult) -> None:
    for view in ("mediator", "full"):
        text = texts(demo, view)["json"]
        assert all(s in text for s in (BRAND_CAUCUS, CREATOR_CAUCUS, MEDIATOR_NOTE))


def test_no_sealed_statement_before_the_reveal_on_the_demo_case(demo: DemoResult) -> None:
    reveal = next(e.seq for e in demo.entries if e.kind == kinds.STATEMENTS_REVEALED)
    for cut in range(2, reveal):  # every moment before the reveal
        before = demo.entries[:cut]
        case = replay(before)
        assert case is not None
        for party, own, other in ((case.claimant, BRAND_STATEMENT, CREATOR_STATEMENT),
                                  (case.respondent, CREATOR_STATEMENT, BRAND_STATEMENT)):
            actor = Actor(party.user_id, party.name)
            for fmt in ("json", "html"):
                text = render(fmt, case, before, actor, case.role_of(actor),
                              case.opened_at).content.decode()
                assert other not in text, f"{party.name} sees the other statement at {cut}"
            if any(e.kind == kinds.STATEMENT_SUBMITTED and e.actor_id == party.user_id
                   for e in before):
                assert own in text
    settled = replay(demo.entries)
    assert settled is not None
    after = render("json", settled, demo.entries, Actor(settled.claimant.user_id, "Nora"),
                   Role.CLAIMANT, settled.opened_at).content.decode()
    assert CREATOR_STATEMENT in after and check_document(json.loads(after)) is None


def test_the_bundle_keeps_the_evidence_files_by_hash(demo: DemoResult) -> None:
    with zipfile.ZipFile(io.BytesIO(demo.exports["brand"]["bundle"].read_bytes())) as archive:
        evidence = [n for n in archive.namelist() if n.startswith("evidence/")]
    assert sorted(Path(n).suffix for n in evidence) == [".pdf", ".png", ".png"]
