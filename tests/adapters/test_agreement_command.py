"""`mediator agreement FILE`: an agreement file checked offline, as the bot will read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.cli import main
from bot.campaign.terms.agreement_file import import_agreement
from bot.campaign.terms.versions import canonical_terms, first_version

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "campaigns" / "agreement.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["agreement", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_file_shows_its_terms_and_the_hash_the_parties_will_accept(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(EXAMPLE))
    expected = first_version(import_agreement(EXAMPLE.read_bytes())).hash
    assert code == 0
    assert out.startswith("OK: 'Glow Serum spring launch' is a valid agreement.")
    assert f"  {expected}\n" in out
    assert "Party: Brightside Agency (agency, payer)" in out
    assert "  m2: 1,500.00 USD on deliverable_live:d2, net 30 days" in out
    assert "Clause c1 (d1, d2): 5% of the fee for each started day of delay" in out


def test_the_same_terms_in_json_give_the_same_hash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    as_json = tmp_path / "agreement.json"
    as_json.write_text(canonical_terms(import_agreement(EXAMPLE.read_bytes())))
    named_otherwise = tmp_path / "agreement.txt"
    named_otherwise.write_text(as_json.read_text())
    yaml_out = run(capsys, str(EXAMPLE))[1].splitlines()[1]
    assert run(capsys, str(as_json))[1].splitlines()[1] == yaml_out
    assert run(capsys, str(named_otherwise), "--format", "json")[1].splitlines()[1] == yaml_out


def test_every_problem_is_listed_by_its_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(EXAMPLE.read_text().replace('total: "3000.00"', 'total: "3000.001"')
                      .replace("keep_live_days: 90", "keep_live_days: -1", 1))
    code, out, err = run(capsys, str(broken))
    assert code == 1 and err == ""
    assert out.startswith(f"NOT VALID {broken}:")
    assert "payment.total" in out and "deliverables[0].schedule.keep_live_days" in out


@pytest.mark.parametrize(("content", "said"), [
    (b"a: &a [1, 2]\nb: [*a, *a]\n", "aliases"),
    (b"\xff\xfe not text", "UTF-8"),
    (b"title: x\n" + b"#" * (300 * 1024), "256 KiB"),
    (b"{{{{", ""),
])
def test_hostile_files_are_refused_plainly(content: bytes, said: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    hostile = tmp_path / "hostile.yaml"
    hostile.write_bytes(content)
    code, out, err = run(capsys, str(hostile))
    assert code == 1 and "Traceback" not in out + err
    assert out.startswith("NOT VALID") and said in out


def test_a_missing_file_is_said_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(tmp_path / "nowhere.yaml"))
    assert (code, out) == (2, "")
    assert "Cannot read" in err and "No such file" in err


def test_it_needs_no_settings(monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", "not a database")
    assert run(capsys, str(EXAMPLE))[0] == 0


def test_the_due_dates_if_agreed_at_a_given_moment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The reel counts from the agreement here, and the clocks change in between: the dates
    # keep New York's time of day.
    dated = tmp_path / "dated.yaml"
    dated.write_text(EXAMPLE.read_text().replace("anchor: product_delivered",
                                                 "anchor: agreement_accepted", 1))
    code, out, _ = run(capsys, str(dated), "--accepted", "2026-10-26T09:30")
    assert code == 0
    timeline = out[out.index("If agreed"):].splitlines()
    assert timeline == [
        "If agreed Mon 26 Oct 2026 09:30 EDT:",
        "  d1: draft by Mon 02 Nov 2026 09:30 EST; live from Thu 05 Nov 2026 09:30 EST to "
        "Mon 09 Nov 2026 09:30 EST",
        "  d2: counts from the product's delivery",
        "  m1: paid by Mon 26 Oct 2026 09:30 EDT",
        "  m2: due 30 days after deliverable_live:d2",
    ]


def test_a_moment_that_is_no_time_is_refused_before_anything_is_read(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(EXAMPLE), "--accepted", "next tuesday")
    assert (code, out) == (2, "")
    assert "'next tuesday' is not a date or time" in err
