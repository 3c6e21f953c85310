"""The blind-bidding examples as a user runs them at the console, `--strict`: one settles in
round 2; one fails, and each party's export holds its own bids and nothing of the other's."""

from __future__ import annotations

import re
from pathlib import Path

from tests.adapters.test_console_process import EXAMPLES, mediator

MEDIATORS = {"CONSOLE_MEDIATORS": "mediator"}
BIDS = {"Ana": ("4950.00", "4600.00", "4200.00"), "Ben": ("500.00", "800.00", "1000.00")}


def _run(example: str, work: Path) -> str:
    run = mediator(["console", "--strict"], work, env=MEDIATORS,
                   stdin=(EXAMPLES / example).read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_bids_that_meet_in_round_two_settle_the_case(tmp_path: Path) -> None:
    said = _run("bidding-settled.txt", tmp_path)
    assert "the case settles at 1670.00 EUR" in said
    assert "Agreement from blind bidding" in said and "settled: both sides signed" in said
    assert mediator(["verify"], tmp_path).returncode == 0


def test_failed_bidding_leaves_each_party_its_own_bids_alone(tmp_path: Path) -> None:
    said = _run("bidding-failed.txt", tmp_path)
    assert "Blind bidding ended without a settlement" in said
    [case_id] = set(re.findall(r"MB-[0-9A-Z]{6}", said))
    for viewer, other in (("Ana", "Ben"), ("Ben", "Ana"), ("mediator", None)):
        for form in ("json", "html", "pdf"):
            out = tmp_path / viewer / form
            run = mediator(["export", case_id, "--format", form, "--as", viewer, "--out",
                            f"{out}/"], tmp_path, env=MEDIATORS)
            assert run.returncode == 0, run.stderr
            [file] = out.iterdir()
            content = file.read_bytes()
            hidden = BIDS[other] if other else (*BIDS["Ana"], *BIDS["Ben"])
            assert not any(bid.encode() in content for bid in hidden), (viewer, form)
            if other and form == "json":
                assert all(bid.encode() in content for bid in BIDS[viewer])
