"""The review examples as a user runs them at the console, `--strict`: a recommendation both
sides accept becomes the agreement they sign; a rejected one becomes a decision, appealed and
replaced by a second mediator's. Each viewer's signed bundle verifies, and a party's holds
nothing of what only the other side or the mediators may read."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.adapters.test_console_process import EXAMPLES, ROOT, mediator

MEDIATORS = {"CONSOLE_MEDIATORS": "mediator,mediator2"}
SIDES = {"Ana": "creator", "Ben": "brand"}  # Ana opens against Ben, on the creator side


def _run(example: str, work: Path) -> tuple[str, str]:
    (work / "examples").symlink_to(ROOT / "examples")
    run = mediator(["console", "--strict"], work, env=MEDIATORS,
                   stdin=(EXAMPLES / example).read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    [case_id] = set(re.findall(r"MB-[0-9A-Z]{6}", run.stdout))
    return run.stdout, case_id


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    work = tmp_path_factory.mktemp("accepted")
    return (work, *_run("review-accepted.txt", work))


@pytest.fixture(scope="module")
def appealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    work = tmp_path_factory.mktemp("appealed")
    return (work, *_run("decision-appealed.txt", work))


def test_a_recommendation_both_accept_becomes_the_agreement_and_settles(
        accepted: tuple[Path, str, str]) -> None:
    work, said, _ = accepted
    assert "Recommendation #1 by mediator, mediator: amount 2500.00 EUR" in said
    assert "Ben accepted recommendation #1." in said and "Ana accepted recommendation #1." in said
    assert "Recommendation #1 by mediator, mediator, accepted by both sides" in said
    assert "Agreement from recommendation #1" in said
    assert "Phase: closed (settled: both sides signed the agreement)" in said
    assert "Recommendation #1 by mediator: amount 2500.00 EUR [accepted]" in said
    assert "Decision #" not in said
    assert mediator(["verify"], work).returncode == 0


def test_a_rejected_recommendation_is_decided_appealed_and_replaced(
        appealed: tuple[Path, str, str]) -> None:
    work, said, _ = appealed
    rejected = said.index("Ana rejected recommendation #1")
    first = said.index("Decision #1 by mediator, mediator: amount 2500.00 EUR")
    appeal = said.index("Ben appealed decision #1")
    second = said.index("Decision #2 by mediator2, mediator, replacing decision #1: "
                        "amount 2000.00 EUR")
    assert rejected < first < appeal < second
    assert "Another mediator reviews it: `/mediate take" in said
    assert "It was made on appeal and is final." in said
    assert "Decision #1 by mediator: amount 2500.00 EUR [replaced]" in said
    assert "Phase: closed (decided: the decision is final" in said
    assert mediator(["verify"], work).returncode == 0


def _bundle(work: Path, case_id: str, viewer: str) -> Path:
    out = work / "bundles" / viewer
    run = mediator(["export", case_id, "--format", "bundle", "--as", viewer, "--out", f"{out}/"],
                   work, env=MEDIATORS)
    assert run.returncode == 0, run.stdout + run.stderr
    [bundle] = out.iterdir()
    return bundle


def _history(bundle: Path) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(bundle.read_bytes())) as archive:
        document: dict[str, Any] = json.loads(archive.read("history.json"))
    return document


@pytest.mark.parametrize("example", ["accepted", "appealed"])
def test_each_viewers_bundle_verifies_and_a_party_reads_nothing_of_the_other_sides(
        example: str, request: pytest.FixtureRequest) -> None:
    work, _, case_id = request.getfixturevalue(example)
    for viewer in ("Ana", "Ben", "mediator"):
        bundle = _bundle(work, case_id, viewer)
        checked = mediator(["verify", str(bundle)], work, env=MEDIATORS)
        assert checked.returncode == 0, (viewer, checked.stdout + checked.stderr)
        entries = _history(bundle)["entries"]
        assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
        if viewer == "mediator":
            assert not any(e.get("redacted") for e in entries if e["visibility"] == "mediators")
            continue
        other = "brand" if SIDES[viewer] == "creator" else "creator"
        hidden = [e for e in entries
                  if e["visibility"] in ("mediators", f"sealed:{other}")
                  or (e["visibility"] == f"side:{other}" and e["kind"] != "statement_submitted")]
        assert any(e["kind"] == "briefing_given" for e in hidden)
        assert any(e["kind"] == "position_submitted" for e in hidden)
        for entry in hidden:
            assert entry.get("redacted") and "payload" not in entry, (viewer, entry["seq"])
        own = [e for e in entries if e["visibility"] == f"side:{SIDES[viewer]}"]
        assert own and all("payload" in e for e in own)
