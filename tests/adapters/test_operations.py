"""Operator commands and deadlines across a restart, as a user runs `mediator`."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from adapters.settings import Settings, SettingsError

from .test_console_process import mediator

OPEN = "/as Ana\n/mediate open @Ben Late video side=brand category=other summary=s " \
       "desired_outcome=d\n"


def test_config_shows_and_changes_a_community_policy(tmp_path: Path) -> None:
    assert mediator(["console"], tmp_path, stdin=OPEN).returncode == 0
    shown = mediator(["config", "console"], tmp_path)
    assert "response_window=3d" in shown.stdout
    changed = mediator(["config", "console", "response_window=36h", "on_silence=close"],
                       tmp_path)
    assert changed.returncode == 0 and "response_window=1d12h" in changed.stdout
    assert "on_silence=close" in mediator(["config", "console"], tmp_path).stdout
    bad = mediator(["config", "console", "response_window=never"], tmp_path)
    assert bad.returncode == 2 and "cannot be used" in bad.stderr
    assert "response_window=1d12h" in mediator(["config", "console"], tmp_path).stdout
    missing = mediator(["config", "slack:T404"], tmp_path)
    assert missing.returncode == 1 and "no community" in missing.stderr


def test_a_deadline_missed_while_the_console_was_closed_fires_when_it_starts(
        tmp_path: Path) -> None:
    quick = {"POLICY_RESPONSE_WINDOW": "1s", "POLICY_REMINDER_LEAD": "1s"}
    first = mediator(["console"], tmp_path, stdin=OPEN, env=quick)
    assert first.returncode == 0, first.stderr
    time.sleep(1.5)  # the response deadline passes while nothing runs
    again = mediator(["console"], tmp_path, stdin="", env=quick)
    assert again.returncode == 0, again.stderr
    assert "[to the mediators]" in again.stdout and "asks for a mediator" in again.stdout
    db = sqlite3.connect(tmp_path / "mediation.db")
    kinds = [k for (k,) in db.execute("SELECT kind FROM journal_entries ORDER BY seq")]
    active = db.execute("SELECT count(*) FROM deadlines WHERE fired_at IS NULL "
                        "AND cancelled_at IS NULL").fetchone()
    response = db.execute("SELECT fired_at IS NOT NULL FROM deadlines "
                          "WHERE key = 'response'").fetchone()
    db.close()
    # The reminder was due at once: it went out in the first run if that run lasted long
    # enough, and was skipped as too late in the second otherwise. Either way, once.
    assert kinds in (["case_opened", "deadline_passed", "mediator_requested"],
                     ["case_opened", "reminder_sent", "deadline_passed", "mediator_requested"])
    # The deadline fired; its reminder fired too, or was cancelled with the deadline it was for.
    assert response == (1,) and active == (0,)
    listed = mediator(["outbox", "--state", "delivered"], tmp_path)
    assert "to=mediators" in listed.stdout and "to=user:console:ben" in listed.stdout
    assert mediator(["verify"], tmp_path).returncode == 0


def test_bad_policy_settings_stop_the_program_with_a_clear_message(tmp_path: Path) -> None:
    run = mediator(["cases"], tmp_path, env={"POLICY_RESPONSE_WINDOW": "soon"})
    assert run.returncode == 2
    assert "POLICY_RESPONSE_WINDOW" in run.stderr and "Traceback" not in run.stderr


def test_a_default_retention_comes_from_its_setting_and_a_bad_one_is_named() -> None:
    assert Settings.from_env({"POLICY_RETENTION_DAYS": "365"}).policy.retention_days == 365
    assert Settings.from_env({}).policy.retention_days == 0
    for bad in ("a year", "-1", "3651", "1.5"):
        try:
            Settings.from_env({"POLICY_RETENTION_DAYS": bad})
        except SettingsError as problem:
            assert "POLICY_RETENTION_DAYS" in str(problem)
        else:
            raise AssertionError(f"{bad!r} was taken")
