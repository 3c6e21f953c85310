"""examples/console/figures.txt as a user runs it: both sides' analytics exports read in the
campaign's thread, the guaranteed views target judged missed after the data lag, and a case
that settles on the reduction the KPI remedy computes; then `mediator verify` on the lot."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.adapters.test_console_process import EXAMPLES, ROOT, mediator


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("figures")
    (work / "examples").symlink_to(ROOT / "examples")
    run = mediator(["console", "--strict"], work,
                   stdin=(EXAMPLES / "figures.txt").read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    return work, run.stdout


def test_both_exports_are_read_and_the_agreeing_figures_count_as_one(
        figures: tuple[Path, str]) -> None:
    _, said = figures
    assert "Ben reported 7 figures" in said and "Ana reported 7 figures" in said
    assert "84,200 of 100,000 — provisional" in said  # Ben's alone, inside the data lag
    assert ("84,050 of 100,000 — missed, short by 15,950 (15.95% of the target)"
            in said)  # 0.4% apart: they agree, and count at their average


def test_each_answer_carries_the_chart(figures: tuple[Path, str]) -> None:
    work, said = figures
    charts = sorted((work / "exports").glob("CP-*-kpis.png"))
    assert charts and f"written to exports/{charts[0].name}" in said
    assert Image.open(io.BytesIO(charts[0].read_bytes())).format == "PNG"


def test_the_case_settles_on_the_kpi_remedy(figures: tuple[Path, str]) -> None:
    _, said = figures
    assert "10% of 2,000.00 EUR = 200.00 EUR." in said
    assert "amount 1800.00 EUR" in said and "is settled: both sides signed" in said


def test_verify_checks_the_campaign_with_its_figures_and_the_case(
        figures: tuple[Path, str]) -> None:
    work, _ = figures
    run = mediator(["verify"], work)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 case(s) and 1 campaign(s)" in run.stdout
