"""`mediator export`, `mediator verify BUNDLE.zip` and `mediator demo` as a user runs them."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.exports.bundles import flip_byte, rewritten

ROOT = Path(__file__).resolve().parents[2]


def mediator(args: list[str], cwd: Path,
             stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "EVIDENCE_DIR"))}
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=300,
                          env={**env, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("demo-cli")
    run = mediator(["demo", "--quiet", "--out", "out"], work)
    assert run.returncode == 0, run.stdout + run.stderr
    return work, run.stdout


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("settled")
    (work / "examples").symlink_to(ROOT / "examples")
    script = (ROOT / "examples" / "console" / "settled.txt").read_text()
    assert mediator(["console", "--strict"], work, stdin=script).returncode == 0
    case_id = mediator(["cases", "--all"], work).stdout.split()[0]
    return work, case_id


def test_demo_prints_where_every_export_is(demo_run: tuple[Path, str]) -> None:
    work, out = demo_run
    printed = [line.split()[-1] for line in out.splitlines() if line.startswith("  ")]
    assert len(printed) == 16
    assert all((work / path).is_file() for path in printed)
    assert "mediator verify out/brand/" in out


def test_verify_accepts_the_demo_bundle(demo_run: tuple[Path, str]) -> None:
    work, _ = demo_run
    for bundle in sorted((work / "out").glob("*/*.zip")):
        run = mediator(["verify", str(bundle)], work)
        assert run.returncode == 0, run.stdout
        assert run.stdout.startswith("OK: bundle of case MB-")
    assert not (work / "mediation.db").exists(), "verifying a bundle needs no database"


def test_verify_names_the_changed_file_of_a_bundle(demo_run: tuple[Path, str],
                                                   tmp_path: Path) -> None:
    work, _ = demo_run
    bundle = next((work / "out" / "creator").glob("*.zip")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".png"))
    changed = tmp_path / "changed.zip"
    changed.write_bytes(rewritten(bundle, lambda n, d: flip_byte(d, 100) if n == name else d))
    run = mediator(["verify", str(changed)], tmp_path)
    assert run.returncode == 1
    assert run.stdout.strip() == f"MISMATCH {name}: hash mismatch"


@pytest.mark.parametrize("fmt", ["json", "html", "pdf", "bundle"])
def test_export_writes_a_party_view(settled: tuple[Path, str], fmt: str) -> None:
    work, case_id = settled
    run = mediator(["export", case_id, "--format", fmt, "--as", "Ben", "--out", f"{fmt}/"], work)
    assert run.returncode == 0, run.stderr
    written = work / fmt / f"{case_id}-creator-history.{'zip' if fmt == 'bundle' else fmt}"
    assert written.is_file() and f"Wrote {fmt}/" in run.stdout
    assert "[" not in run.stderr, "no progress bar when stderr is not a terminal"


def test_a_full_bundle_verifies_offline(settled: tuple[Path, str]) -> None:
    work, case_id = settled
    run = mediator(["export", case_id, "--full", "--format", "bundle", "--out", "full.zip"],
                   work)
    assert run.returncode == 0, run.stderr
    check = mediator(["verify", "full.zip"], work)
    assert check.returncode == 0 and "(0 redacted for this viewer)" in check.stdout


def test_progress_is_drawn_when_asked(settled: tuple[Path, str]) -> None:
    work, case_id = settled
    run = mediator(["export", case_id, "--as", "brand", "--format", "html", "--progress",
                    "--out", "p.html"], work)
    assert run.returncode == 0
    assert "   html [##############################]" in run.stderr


def test_someone_outside_the_case_gets_no_export(settled: tuple[Path, str]) -> None:
    work, case_id = settled
    run = mediator(["export", case_id, "--as", "Zed"], work)
    assert run.returncode == 2
    assert "neither a party nor the mediator" in run.stderr
    both = mediator(["export", case_id, "--as", "Ana", "--full"], work)
    assert both.returncode == 2  # one view at a time
