"""Every kind of journal entry → its words. Adding a kind means adding its `EntryWords` to its
family's module; `tests/test_entry_words.py` fails while a kind in `bot/domain/kinds.py` has
none. A campaign's kinds have their own table (`campaign.py`): `words_for` knows both, for
histories and exports; `replies_for` announces a case's entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.case import Case
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.bidding import BIDDING_WORDS
from bot.text.campaign import CAMPAIGN_WORDS
from bot.text.case import CASE_WORDS
from bot.text.deadlines import DEADLINE_WORDS
from bot.text.erasure import ERASURE_WORDS, erased_export, erased_note, erased_words
from bot.text.figures import FIGURE_WORDS
from bot.text.mediation import MEDIATION_WORDS
from bot.text.messages import MESSAGE_WORDS
from bot.text.proposals import PROPOSAL_WORDS
from bot.text.record import Described, EntryWords, plain_export, plain_line, says_nothing
from bot.text.review import REVIEW_WORDS
from bot.text.roster import ROSTER_WORDS
from bot.text.statements import STATEMENT_WORDS
from bot.text.witness import witnessed

FAMILIES = (CASE_WORDS, STATEMENT_WORDS, PROPOSAL_WORDS, DEADLINE_WORDS, MEDIATION_WORDS,
            MESSAGE_WORDS, FIGURE_WORDS, ERASURE_WORDS, BIDDING_WORDS, ROSTER_WORDS,
            REVIEW_WORDS)

WORDS: dict[str, EntryWords[Case]] = {kind: words for family in FAMILIES
                                for kind, words in family.items()}

# A kind no longer made (or not yet known) still reads in a history or an export of an old
# journal: it is shown plainly and announces nothing.
UNKNOWN: EntryWords[Any] = EntryWords(announcement=says_nothing, history_line=plain_line,
                                      export=plain_export)


def words_for(kind: str) -> EntryWords[Any]:
    """The words of entries of `kind`, a case's or a campaign's (their kinds never clash)."""
    return WORDS.get(kind) or CAMPAIGN_WORDS.get(kind) or UNKNOWN


def replies_for(case: Case, entry: JournalEntry) -> list[Reply]:
    """The announcements and notifications one new entry causes, given the state after it."""
    return witnessed(WORDS.get(entry.kind, UNKNOWN).announcement(case, entry), entry)


def history_line(entry: JournalEntry) -> str:
    """The entry's line in a history: its kind's words, or for erased content, when and why
    it was erased."""
    note = erased_note(entry.payload)
    if note is not None:
        return erased_words(entry.kind, note)
    return words_for(entry.kind).history_line(entry)


def export_words(item: Mapping[str, Any]) -> Described:
    """The entry's headline, fields and text in an export (the same for erased content)."""
    note = erased_note(item["payload"]) if isinstance(item.get("payload"), dict) else None
    if note is not None:
        return erased_export(item, note)
    return words_for(item["kind"]).export(item)
