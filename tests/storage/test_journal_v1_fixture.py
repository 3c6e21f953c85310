"""A database written before salted commitments (hash version 1: `fixtures/journal-v1.db`, the
console's campaign example run by that release) is migrated, still verifies, and carries on:
new entries are written under version 2 after the old ones, and the whole chain holds."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.adapters.test_console_process import mediator

FIXTURE = Path(__file__).parent / "fixtures" / "journal-v1.db"


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_a_version_1_journal_verifies_and_goes_on_under_version_2(tmp_path: Path) -> None:
    db = tmp_path / "mediation.db"
    shutil.copy(FIXTURE, db)
    assert rows(db, "SELECT version_num FROM alembic_version") == [("0003",)]
    checked = mediator(["verify"], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("OK: 1 case(s) and 1 campaign(s)")

    [(campaign,)] = rows(db, "SELECT id FROM cases WHERE kind = 'campaign'")
    said = mediator(["console", "--strict"], tmp_path,
                    stdin=f"/as Ana\n/in {campaign}\nStill happy with how it went.\n")
    assert said.returncode == 0, said.stdout + said.stderr
    versions = rows(db, "SELECT content_hash IS NULL, count(*) FROM journal_entries "
                        f"WHERE case_id = '{campaign}' GROUP BY 1 ORDER BY 1")
    assert versions[0][0] == 0 and versions[0][1] == 1  # the new message, under version 2
    assert versions[1][0] == 1 and versions[1][1] > 10  # the old entries, as they were
    again = mediator(["verify"], tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
