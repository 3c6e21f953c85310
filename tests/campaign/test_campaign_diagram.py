"""docs/campaign_phases.md is generated from the lifecycles and the rules tables, and is not
stale; every declared transition is drawn and every move has its row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.campaign.life import diagram
from bot.campaign.life.deliverable_life import DELIVERABLE_TRANSITIONS, FINAL
from bot.campaign.life.milestone_life import MILESTONE_TRANSITIONS
from bot.campaign.life.moves import Transition
from bot.campaign.life.rules import DELIVERABLE_RULES, MILESTONE_RULES

DOCS = Path(__file__).resolve().parents[2] / "docs"
DECLARED: tuple[Transition[Any], ...] = (*DELIVERABLE_TRANSITIONS, *MILESTONE_TRANSITIONS)


def test_the_committed_campaign_diagram_is_current() -> None:
    committed = (DOCS / "campaign_phases.md").read_text(encoding="utf-8")
    assert committed == diagram.document(), (
        "docs/campaign_phases.md is stale: run `make diagram` and commit the result.")


def test_every_declared_transition_is_drawn() -> None:
    text = diagram.document()
    for transition in DECLARED:
        source = "[*]" if transition.source is None else transition.source.value
        assert f"\n    {source} --> {transition.target.value} : {transition.trigger}\n" in text


def test_the_arrows_drawn_are_exactly_the_declared_ones() -> None:
    drawn = [line for line in diagram.document().splitlines() if " : " in line and "-->" in line]
    assert drawn == [diagram.arrow(t) for t in DECLARED]


def test_the_ends_of_a_deliverables_life_are_drawn_as_ends() -> None:
    text = diagram.document()
    for phase in FINAL:
        assert f"\n    {phase.value} --> [*]\n" in text


def test_every_move_has_its_row_in_the_permission_tables() -> None:
    text = diagram.document()
    for move in {rule.move for rule in DELIVERABLE_RULES} | {r.move for r in MILESTONE_RULES}:
        assert f"| `{move}` |" in text
    row = next(line for line in text.splitlines() if line.startswith("| `mark_live` |"))
    assert "creator_side (if no approval is required)" in row
