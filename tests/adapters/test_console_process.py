"""The console and the CLI as a user runs them: `mediator` as a subprocess on a fresh SQLite."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "console"


def mediator(args: list[str], cwd: Path, stdin: str | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120,
        env={**full_env, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder where examples/console/settled.txt has run to a signed agreement."""
    work = tmp_path_factory.mktemp("settled")
    (work / "examples").symlink_to(ROOT / "examples")
    script = (EXAMPLES / "settled.txt").read_text()
    run = mediator(["console", "--strict"], work, stdin=script)
    assert run.returncode == 0, run.stdout + run.stderr
    return work


def test_settled_script_ends_with_a_signed_agreement(settled: Path) -> None:
    db = sqlite3.connect(settled / "mediation.db")
    kinds = [k for (k,) in db.execute("SELECT kind FROM journal_entries ORDER BY case_id, seq")]
    reason = db.execute("SELECT phase, closed_reason FROM cases").fetchall()
    db.close()
    assert reason == [("closed", "settled")]
    assert kinds.count("agreement_signed") == 2
    assert kinds[-1] == "case_closed"
    assert kinds.count("evidence_added") == 2


def test_verify_says_ok_on_the_settled_case(settled: Path) -> None:
    run = mediator(["verify"], settled)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("OK: 1 case(s)")


def test_evidence_files_are_stored_by_their_hash(settled: Path) -> None:
    import hashlib

    digest = hashlib.sha256((EXAMPLES / "files" / "brief.txt").read_bytes()).hexdigest()
    assert (settled / "evidence" / digest[:2] / digest).read_bytes() == (
        EXAMPLES / "files" / "brief.txt").read_bytes()


def _tampered_copy(source: Path, target: Path, sql: str, params: tuple[object, ...]) -> None:
    target.mkdir()
    (target / "evidence").symlink_to(source / "evidence")
    db = sqlite3.connect(source / "mediation.db")
    db.execute("PRAGMA wal_checkpoint(FULL)")
    db.close()
    copy = sqlite3.connect(target / "mediation.db")
    sqlite3.connect(source / "mediation.db").backup(copy)
    for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        copy.execute(f"DROP TRIGGER {name}")
    copy.execute(sql, params)
    copy.commit()
    copy.close()


def _flip(value: str) -> str:
    """The same text with one byte changed (an ASCII character in the middle)."""
    for i in range(len(value) // 2, len(value)):
        if value[i].isascii() and value[i].isalnum():
            replacement = "0" if value[i] != "0" else "1"
            return value[:i] + replacement + value[i + 1:]
    return value + "x"


TEXT_COLUMNS = ("at", "kind", "actor_id", "actor_name", "actor_role", "visibility", "payload",
                "prev_hash", "hash")


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_one_changed_byte_makes_verify_fail_naming_case_and_entry(
        settled: Path, tmp_path: Path, column: str) -> None:
    db = sqlite3.connect(settled / "mediation.db")
    case_id, _seq, value = db.execute(
        f"SELECT case_id, seq, {column} FROM journal_entries WHERE seq = 7").fetchone()
    db.close()
    _tampered_copy(settled, tmp_path / "t", f"UPDATE journal_entries SET {column} = ? "
                   "WHERE case_id = ? AND seq = 7", (_flip(value), case_id))
    run = mediator(["verify"], tmp_path / "t")
    assert run.returncode == 1
    assert f"case {case_id} entry 7" in run.stdout


def test_a_removed_last_entry_is_caught(settled: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(settled / "mediation.db")
    case_id, last = db.execute("SELECT case_id, max(seq) FROM journal_entries").fetchone()
    db.close()
    _tampered_copy(settled, tmp_path / "t", "DELETE FROM journal_entries WHERE case_id = ? "
                   "AND seq = ?", (case_id, last))
    run = mediator(["verify", case_id], tmp_path / "t")
    assert run.returncode == 1
    assert f"case {case_id} entry {last}" in run.stdout


def test_journal_rows_cannot_be_changed_while_the_triggers_stand(settled: Path) -> None:
    db = sqlite3.connect(settled / "mediation.db")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE journal_entries SET kind = 'x' WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM journal_entries")
    db.close()


def test_impasse_script_runs_without_refusals(tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    run = mediator(["console", "--strict"], tmp_path,
                   stdin=(EXAMPLES / "impasse.txt").read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    assert "closed at an impasse" in run.stdout
    cases = mediator(["cases", "--all"], tmp_path)
    assert "closed (impasse)" in cases.stdout


def test_a_refused_move_in_a_strict_script_exits_non_zero(tmp_path: Path) -> None:
    script = "/as Zed\n/mediate accept MB-AAAAAA 1\n"
    run = mediator(["console", "--strict"], tmp_path, stdin=script)
    assert run.returncode == 1
    assert "Not done: There is no case MB-AAAAAA." in run.stdout


def test_a_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    run = mediator(["cases"], tmp_path, env={"DATABASE_URL": "mysql://nope"})
    assert run.returncode == 2
    assert "DATABASE_URL" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "utf-8"}, {"LC_ALL": "C.UTF-8"}])
def test_bytes_that_are_not_text_from_a_pipe_are_cleaned_not_a_crash(
        tmp_path: Path, env: dict[str, str]) -> None:
    """Invalid UTF-8 (strict decoding crashed; surrogateescape let lone surrogates in) and
    terminal control characters (echoed back, they act on the terminal) are cleaned at once."""
    script = (b"/as Ana\n/mediate open @Ben Late video side=brand category=other amount=10 "
              b"currency=EUR summary=x desired_outcome=y\n"
              b"hello \xed\xa0\x80 there\x1b[31m red\x07\n")
    clean_env = {k: v for k, v in os.environ.items()
                 if not k.startswith(("SLACK_", "DISCORD_", "DATABASE_URL", "LC_", "PYTHONIO"))}
    run = subprocess.run([sys.executable, "-m", "adapters.cli", "console"], cwd=tmp_path,
                         input=script, capture_output=True, timeout=120,
                         env={**clean_env, **env, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr.decode()
    assert b"\x1b" not in run.stdout and b"\x07" not in run.stdout
    db = sqlite3.connect(tmp_path / "mediation.db")
    texts = [json.loads(p).get("text") for (p,) in db.execute(
        "SELECT payload FROM journal_entries WHERE kind = 'message_posted'")]
    db.close()
    assert texts == ["hello \ufffd\ufffd\ufffd there[31m red"]
