"""`mediator hold` and `mediator erase` as an operator runs them, on the console's database:
a hold refuses the erasure, lifting it lets it through, the record verifies, the exports say
what was erased, and the words are gone from the database's files and the evidence folder."""

from __future__ import annotations

import re
from pathlib import Path

from tests.adapters.test_console_process import EXAMPLES, ROOT, mediator

BENS = ("The delay came from the brand's late product shipment",  # a message
        "I needed a week to film and edit")  # his sealed statement


def _files(work: Path) -> list[Path]:
    return [p for p in work.rglob("*") if p.is_file() and not p.is_symlink()
            and "examples" not in p.parts]


def test_an_operator_holds_then_erases_one_persons_words(tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    run = mediator(["console", "--strict"], tmp_path,
                   stdin=(EXAMPLES / "settled.txt").read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    [case_id] = re.findall(r"MB-[0-9A-Z]{6}", mediator(["cases", "--all"], tmp_path).stdout)
    assert all(any(p.read_bytes().find(s.encode()) >= 0 for p in _files(tmp_path))
               for s in BENS)

    missing = mediator(["erase", case_id, "--reason", "x"], tmp_path)
    assert missing.returncode == 2 and "--person" in missing.stderr
    held = mediator(["hold", case_id, "--reason", "claim 2026-114", "--by", "dana"], tmp_path)
    assert held.returncode == 0, held.stderr
    assert "legal_hold_placed" in held.stdout
    refused = mediator(["erase", case_id, "--person", "console:ben", "--reason", "GDPR"],
                       tmp_path)
    assert refused.returncode == 1 and "legal hold (claim 2026-114)" in refused.stderr
    assert mediator(["hold", case_id, "--lift", "--reason", "settled", "--by", "dana"],
                    tmp_path).returncode == 0

    erased = mediator(["erase", case_id, "--person", "console:ben", "--reason",
                       "GDPR Art. 17 request", "--by", "dana"], tmp_path)
    assert erased.returncode == 0, erased.stderr
    assert "content_erased" in erased.stdout
    again = mediator(["erase", case_id, "--person", "console:ben", "--reason", "again"],
                     tmp_path)
    assert again.returncode == 1 and "no content of console:ben left" in again.stderr

    verified = mediator(["verify"], tmp_path)
    assert verified.returncode == 0 and verified.stdout.startswith("OK"), verified.stdout
    html = mediator(["export", case_id, "--format", "html", "--full", "--out",
                     str(tmp_path / "out") + "/"], tmp_path)
    assert html.returncode == 0, html.stderr
    [page] = (tmp_path / "out").glob("*.html")
    text = page.read_text()
    assert "GDPR Art. 17 request" in text and "Erased on" in text
    for said in BENS:
        assert said not in text
        assert [p.name for p in _files(tmp_path) if said.encode() in p.read_bytes()] == []
    assert "Hi Ben, I have opened this" in text  # Ana's words stay
    finished = mediator(["erase", "--finish"], tmp_path)
    assert finished.returncode == 0 and "0 file(s) deleted" in finished.stdout
