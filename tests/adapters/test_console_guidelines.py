"""The guidelines example as a user runs it at the console, `--strict`, with the bot restarted
in the middle (the part after "The bot restarts here" runs as a second console on the same
database): a report triaged into a warning, a missed deliverable that becomes a strike on its
own after its cure period, a third strike that suspends, an appeal that overturns it, and the
strikes left expiring after the restart; `verify` then checks every chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.adapters.test_console_process import EXAMPLES, ROOT, mediator

MEDIATORS = {"CONSOLE_MEDIATORS": "mediator,mediator2"}
RESTART = "# The bot restarts here."


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    work = tmp_path_factory.mktemp("guidelines")
    (work / "examples").symlink_to(ROOT / "examples")
    script = (EXAMPLES / "guidelines.txt").read_text()
    before, after = script.split(RESTART)
    outputs = []
    for part in (before, after):
        run = mediator(["console", "--strict"], work, env=MEDIATORS, stdin=part)
        assert run.returncode == 0, run.stdout + run.stderr
        outputs.append(run.stdout)
    return work, outputs[0], outputs[1]


def journal(work: Path) -> list[tuple[str, str, str]]:
    db = sqlite3.connect(work / "mediation.db")
    rows = db.execute("SELECT kind, actor_id, payload FROM journal_entries "
                      "WHERE case_id LIKE 'GL-%' ORDER BY seq").fetchall()
    db.close()
    return rows


def test_the_record_holds_each_step_of_the_example(ran: tuple[Path, str, str]) -> None:
    work, _, _ = ran
    kinds = [kind for kind, _, _ in journal(work)]
    assert kinds == [
        "guidelines_started", "rulebook_adopted", "rulebook_adopted",
        "report_made", "report_triaged", "member_cautioned",  # a report: a warning
        "breach_noticed", "penalty_applied",  # d1 missed, then the cure period passed
        "penalty_applied", "penalty_applied",  # the second and third strikes
        "penalty_appealed", "appeal_decided",  # the third is overturned
        "strike_expired", "strike_expired",  # after the restart
    ]
    by_bot = [kind for kind, actor, _ in journal(work) if actor == "system"]
    assert by_bot == ["breach_noticed", "penalty_applied", "strike_expired", "strike_expired"]


def test_each_person_hears_what_is_theirs(ran: tuple[Path, str, str]) -> None:
    _, first, second = ran
    assert "[to ben] A warning from this community's moderators" in first
    assert "it counts on" in first and "unless it is put right by then" in first
    assert "You cannot start new campaigns here until" in first
    assert "Suspended from new campaigns until" in first
    assert "I3 overturned; Ben is told." in first
    assert "[to ana] Your report R1 about Ben was acted on" in first
    assert "Your strike I1 (\"Content not delivered\") expired" in second
    assert "Active strikes: 0." in second


def test_verify_checks_the_guidelines_record_too(ran: tuple[Path, str, str]) -> None:
    work, _, _ = ran
    run = mediator(["verify"], work)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 guidelines record(s)" in run.stdout
