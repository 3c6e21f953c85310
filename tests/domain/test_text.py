"""Cleaning user text: what it keeps, what it changes, and that it is idempotent."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from bot.domain.text import clean_text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def by_the_rules(value: str) -> str:
    """The rules of `clean_text` one by one, with no shortcut for text already clean."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    return unicodedata.normalize("NFC", _CONTROL.sub("", value))


@given(st.text(st.characters() | st.sampled_from("\r\n\t\x00\x85\u0301e\ud800\u200f")))
@example("Cafe\u0301\r\nok")
@example("plain ascii")
def test_cleaning_follows_its_rules_and_is_idempotent(value: str) -> None:
    cleaned = clean_text(value)
    assert cleaned == by_the_rules(value)
    assert clean_text(cleaned) == cleaned


def test_clean_text_is_returned_as_it_is() -> None:
    text = "Die Grüße kamen an. 🙃\tTabs and\nnewlines stay."
    assert clean_text(text) is text
