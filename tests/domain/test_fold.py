"""The fold's fast constructor (`evolve`) makes exactly what `dataclasses.replace` makes."""

from __future__ import annotations

import dataclasses

import pytest

from bot.domain import fold
from bot.domain.case import Case
from bot.domain.journal import JournalEntry

from .session import MO, Session


def stories() -> list[Session]:
    return [Session().settled(), Session().negotiating().mediated(by=MO), Session().joined()]


def states(journal: list[JournalEntry]) -> list[Case]:
    """Every state of a case, entry after entry."""
    folded: list[Case] = []
    for entry in journal:
        folded.append(fold.apply(folded[-1] if folded else None, entry))
    return folded


def test_case_has_nothing_that_only_init_would_do() -> None:
    assert not hasattr(Case, "__post_init__")


@pytest.mark.parametrize("story", range(3))
def test_folding_with_evolve_equals_folding_with_replace(
        story: int, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = stories()[story].journal
    fast = states(journal)
    monkeypatch.setattr(fold, "evolve", dataclasses.replace)
    assert states(journal) == fast
    assert len(fast) == len(journal) >= 2
