"""The review road is documented where people look: each of its subcommands has a line in
README's command table, and each of its journal kinds a row (with its payload) in
docs/journal.md's table of kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.domain import kinds

ROOT = Path(__file__).resolve().parents[1]
REVIEW_SUBCOMMANDS = ("handoff", "observer", "review", "position", "recommend",
                      "recommendation", "decide", "appeal", "uphold", "reopen")
REVIEW_KINDS = (
    kinds.MEDIATOR_HANDED_OFF, kinds.BRIEFING_GIVEN, kinds.OBSERVER_ADDED,
    kinds.OBSERVER_REMOVED, kinds.REVIEW_OPENED, kinds.POSITION_SUBMITTED,
    kinds.POSITIONS_REVEALED, kinds.RECOMMENDATION_MADE, kinds.RECOMMENDATION_ANSWERED,
    kinds.RECOMMENDATION_LAPSED, kinds.DECISION_MADE, kinds.APPEAL_LODGED,
    kinds.DECISION_UPHELD, kinds.CASE_REOPENED,
)


@pytest.mark.parametrize("sub", REVIEW_SUBCOMMANDS)
def test_readme_lists_each_review_subcommand(sub: str) -> None:
    rows = [line for line in (ROOT / "README.md").read_text().splitlines()
            if line.startswith("| `")]
    assert any(re.match(rf"\| `{re.escape(sub)}\b", row) or f"/ `{sub} " in row
               or f"/ `{sub}`" in row for row in rows), sub


@pytest.mark.parametrize("kind", REVIEW_KINDS)
def test_the_journal_doc_gives_each_review_kinds_payload(kind: str) -> None:
    rows = [line for line in (ROOT / "docs" / "journal.md").read_text().splitlines()
            if line.startswith(f"| `{kind}` |")]
    assert len(rows) == 1, kind
    visibility, payload = [cell.strip() for cell in rows[0].split(" | ")[1:3]]
    assert visibility and payload.count("`") >= 2, kind  # names at least one payload key
