"""docs/rules.md stays true to the code: its example reads, and its ladder words are the
code's own."""

from __future__ import annotations

import re
from pathlib import Path

from bot.guidelines.presets import THREE_STRIKES
from bot.guidelines.reading import import_rulebook
from bot.guidelines.words import ladder_words

DOC = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text()


def test_the_example_is_a_rulebook() -> None:
    example = re.search(r"```yaml\n(.*?)```", DOC, re.DOTALL)
    assert example is not None
    book = import_rulebook(example.group(1))
    assert book.ladder("three_strikes") == THREE_STRIKES
    assert book.rule("disclosure_missing").cure_days == 1


def test_the_ladder_is_read_as_the_code_says_it() -> None:
    said = " ".join(DOC.split())
    assert f"*{ladder_words(THREE_STRIKES)}.*" in said
