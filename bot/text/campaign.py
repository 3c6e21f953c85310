"""Every kind of entry of a campaign's record → its words, as `table.py` does for a case's.
Adding a kind to `bot/campaign/record/kinds.py` means adding its `EntryWords` to its family's
module; `tests/campaign/test_campaign_words.py` fails while a kind has none."""

from __future__ import annotations

from bot.campaign.record.state import CampaignState
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.campaign_agreement import AGREEMENT_WORDS
from bot.text.campaign_deliverables import DELIVERABLE_WORDS
from bot.text.campaign_mapping import MAPPING_WORDS
from bot.text.campaign_milestones import MILESTONE_WORDS
from bot.text.campaign_timers import TIMER_WORDS
from bot.text.figures import FIGURE_WORDS
from bot.text.record import EntryWords

CAMPAIGN_FAMILIES = (AGREEMENT_WORDS, DELIVERABLE_WORDS, MILESTONE_WORDS, TIMER_WORDS,
                     MAPPING_WORDS)

CAMPAIGN_WORDS: dict[str, EntryWords[CampaignState]] = {
    kind: words for family in CAMPAIGN_FAMILIES for kind, words in family.items()}


def campaign_replies_for(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    """The announcements and notifications one new entry of a campaign causes, given the
    campaign's state after it (after the whole decision's entries, as the service folds them).
    Figures reported are a case's kind too, with the same words; any other kind the table does
    not know (a message in its thread) announces nothing."""
    words = CAMPAIGN_WORDS.get(entry.kind) or FIGURE_WORDS.get(entry.kind)
    return [] if words is None else words.announcement(state, entry)
