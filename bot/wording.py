"""What the bot says about each journal entry: announcements in the case's rooms and
notifications to people who are not looking. Plain text; adapters escape and format it.

Each entry kind's words live in `bot/text/` (see `bot/text/table.py`); this module is where the
service and the adapters take them from.
"""

from __future__ import annotations

from bot.domain.case import Case
from bot.domain.journal import JournalEntry
from bot.outcome import Reply
from bot.text.case import CLOSED_WORDS
from bot.text.mediation import MEDIATORS
from bot.text.phrases import size_words, terms_words, when
from bot.text.statements import statement_words
from bot.text.table import words_for

__all__ = ["CLOSED_WORDS", "MEDIATORS", "replies_for", "size_words", "statement_words",
           "terms_words", "when"]


def replies_for(case: Case, entry: JournalEntry) -> list[Reply]:
    """The announcements and notifications one new entry causes, given the state after it."""
    return words_for(entry.kind).announcement(case, entry)
