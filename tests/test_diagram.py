"""The committed diagrams and references are generated from the code, and not stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import diagram
from bot.domain.machine import TRANSITIONS
from bot.domain.rules import RULES

DOCS = Path(__file__).resolve().parents[1] / "docs"
STALE = "{name} is stale: run `make diagram` and commit the result."


def test_the_phase_diagram_is_current() -> None:
    committed = (DOCS / "phases.md").read_text(encoding="utf-8")
    assert committed == diagram.document(), STALE.format(name="docs/phases.md")


def test_the_command_reference_is_current() -> None:
    reference = pytest.importorskip("bot.input.commands_doc")
    path = DOCS / "commands.md"
    if not path.exists():
        pytest.skip("docs/commands.md is not written yet")
    assert path.read_text(encoding="utf-8") == reference.document(), STALE.format(
        name="docs/commands.md"
    )


def test_the_diagram_draws_every_transition_and_every_gated_subcommand() -> None:
    text = diagram.document()
    for t in TRANSITIONS:
        source = "[*]" if t.source is None else t.source.value
        assert f"    {source} --> {t.target.value} : {t.trigger}\n" in text
    for rule in RULES:
        if rule.phases is not None:
            assert f"| `{rule.subcommand}` |" in text
