"""The table of entry words: every kind of journal entry has its words, in exactly one family."""

from __future__ import annotations

from bot.domain import kinds
from bot.exports.words import describe
from bot.text.record import says_nothing
from bot.text.table import FAMILIES, WORDS, words_for

EVERY_KIND = {value for name, value in vars(kinds).items() if name.isupper()}


def test_every_kind_of_entry_has_its_words() -> None:
    missing = EVERY_KIND - WORDS.keys()
    assert missing == set(), "add each kind's EntryWords to its family's module in bot/text/"
    assert WORDS.keys() - EVERY_KIND == set(), "words for kinds bot/domain/kinds.py does not know"


def test_no_kind_is_in_two_families() -> None:
    assert sum(len(family) for family in FAMILIES) == len(WORDS)


def test_a_kind_not_in_the_table_reads_plainly_and_announces_nothing() -> None:
    item = {"kind": "retired_kind", "payload": {"number": 2, "extra": [1]}}
    assert describe(item).headline == "Retired kind"
    assert describe(item).fields == [("number", "2"), ("extra", "[1]")]
    assert words_for("retired_kind").announcement is says_nothing
