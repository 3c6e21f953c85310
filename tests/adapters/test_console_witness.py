"""At the console, a whole mediation (examples/console/settled.txt) shows the record's
fingerprint at each milestone; `mediator verify CASE` prints the same fingerprints, and a
party's bundle, signed with the deployment's key, verifies against that key and lists them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.adapters.test_console_process import EXAMPLES, ROOT, mediator

SHOWN = re.compile(r"Record fingerprint at entry (\d+): ([0-9a-f]{4}(?: [0-9a-f]{4}){7})")
LISTED = re.compile(r"entry (\d+) \([a-z ]+\): ([0-9a-f]{4}(?: [0-9a-f]{4}){7})")


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("witness")
    (work / "examples").symlink_to(ROOT / "examples")
    run = mediator(["console", "--strict"], work, stdin=(EXAMPLES / "settled.txt").read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    return work, run.stdout


def test_each_milestone_shows_the_fingerprint_verify_reports(
        settled: tuple[Path, str]) -> None:
    work, said = settled
    shown = dict(SHOWN.findall(said))
    assert len(shown) == 6  # opened, revealed, accepted, signed twice, closed
    case_id = re.search(r"MB-[0-9A-Z]{6}", said)
    assert case_id is not None
    checked = mediator(["verify", case_id.group(0)], work)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert dict(LISTED.findall(checked.stdout)) == shown
    # The closing is a milestone: the last signed checkpoint covers the whole record.
    last = max(int(seq) for seq in shown)
    assert re.search(rf"The last signed checkpoint covers entries 1–{last} \(signed "
                     r"[0-9T:.-]+Z by key [0-9a-f ]+\); no entry comes after it\.",
                     checked.stdout), checked.stdout


def test_a_signed_bundle_verifies_against_the_deployment_key_and_lists_them(
        settled: tuple[Path, str]) -> None:
    work, said = settled
    case_id = re.search(r"MB-[0-9A-Z]{6}", said)
    assert case_id is not None
    exported = mediator(["export", case_id.group(0), "--format", "bundle", "--as", "Ben",
                         "--out", "ben.zip"], work)
    assert exported.returncode == 0, exported.stdout + exported.stderr
    key = re.search(r"fingerprint: ([0-9a-f ]+)", mediator(["key"], work).stdout)
    assert key is not None
    checked = mediator(["verify", "ben.zip", "--key", key.group(1).strip()], work)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"Signed by key {key.group(1).strip()}" in checked.stdout
    # One checkpoint per milestone (the case is shorter than CHECKPOINT_EVERY), all verified.
    assert "6 signed checkpoint(s) verified against the key given." in checked.stdout
    assert f"by key {key.group(1).strip()}); no entry comes after it." in checked.stdout
    assert dict(LISTED.findall(checked.stdout)) == dict(SHOWN.findall(said))
    other = mediator(["verify", "ben.zip", "--key", "0123 4567 89ab cdef"], work)
    assert other.returncode == 1 and "not by the key given" in other.stdout
