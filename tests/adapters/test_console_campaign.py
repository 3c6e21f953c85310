"""examples/console/campaign.txt as a user runs it: a campaign agreed in chat, its timers
firing as the console's clock moves on, and a case opened on it that settles on the outcome
the agreement computes; then `mediator verify` on the lot."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.adapters.test_console_process import EXAMPLES, ROOT, mediator


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("campaign")
    (work / "examples").symlink_to(ROOT / "examples")
    run = mediator(["console", "--strict"], work,
                   stdin=(EXAMPLES / "campaign.txt").read_text())
    assert run.returncode == 0, run.stdout + run.stderr
    return work, run.stdout


def rows(work: Path, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(work / "mediation.db")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_the_campaign_is_journaled_on_its_own_chain(campaign: tuple[Path, str]) -> None:
    work, _ = campaign
    [(campaign_id, phase)] = rows(work, "SELECT id, phase FROM cases "
                                              "WHERE kind = 'campaign'")
    assert campaign_id.startswith("CP-") and phase == "agreed"
    kinds = [k for (k,) in rows(work, "SELECT kind FROM journal_entries WHERE case_id = "
                                      f"'{campaign_id}' ORDER BY seq")]
    assert kinds[:4] == ["agreement_proposed", "agreement_accepted", "agreement_accepted",
                         "agreement_agreed"]
    # The draft of d2 was approved by silence, by the bot, when its review window passed.
    [(actor, role)] = rows(work, "SELECT actor_id, actor_role FROM journal_entries WHERE "
                                 "kind = 'draft_auto_approved'")
    assert (actor, role) == ("system", "system")
    assert kinds.count("campaign_overdue") == 2  # the deposit, then d2's publish window
    parties = rows(work, f"SELECT user_id, role FROM participants WHERE case_id = "
                         f"'{campaign_id}' ORDER BY position")
    assert parties == [("console:ana", "brand"), ("console:ben", "creator")]


def test_the_case_cites_the_version_and_settles_on_the_computed_outcome(
        campaign: tuple[Path, str]) -> None:
    work, out = campaign
    [(payload,)] = rows(work, "SELECT payload FROM journal_entries WHERE kind = 'case_opened'")
    brief = json.loads(str(payload))["campaign"]
    [(version_hash,)] = rows(work, "SELECT json_extract(payload, '$.hash') FROM "
                                   "journal_entries WHERE kind = 'agreement_agreed'")
    assert brief["version"] == {"number": 1, "hash": version_hash}
    verdicts = {(f["item"], f["kind"]): f["verdict"] for f in brief["findings"]}
    assert verdicts[("d2", "late")] == "breach"
    assert verdicts[("m1", "payment_past_due")] == "breach"
    assert brief["outcome"]["reduction"] == "200.00"
    [(terms,)] = rows(work, "SELECT payload FROM journal_entries WHERE kind = 'proposal_made'")
    proposal = json.loads(str(terms))["terms"]
    assert proposal["amount"] == "1800.00" and proposal["currency"] == "EUR"
    assert f"hash {version_hash}" in proposal["terms"]
    assert "Marked as computed from clause c1." in proposal["terms"]
    assert rows(work, "SELECT phase, closed_reason FROM cases WHERE kind = 'case'") == [
        ("closed", "settled")]
    assert "2 days late" in out


def test_verify_checks_the_campaign_and_the_case(campaign: tuple[Path, str]) -> None:
    work, _ = campaign
    run = mediator(["verify"], work)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("OK: 1 case(s) and 1 campaign(s)")


def test_campaigns_are_not_listed_as_cases(campaign: tuple[Path, str]) -> None:
    work, _ = campaign
    listed = mediator(["cases", "--all"], work).stdout
    assert "MB-" in listed and "CP-" not in listed
