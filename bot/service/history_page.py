"""`/mediate history`: the latest entries a viewer may see, worded. A chat message cannot carry
a long journal (Slack cuts a message at 40,000 characters, Discord at 2,000 a piece), so a
history shows the latest `PAGE` and says how to get the rest: `export` gives the whole journal
as a file. Only the end of the journal is read: a window of the latest entries, widened when
the viewer may see too few of them."""

from __future__ import annotations

from bot.domain.case import Case
from bot.domain.identity import Role, Side
from bot.domain.journal import JournalEntry
from bot.ports import Journal
from bot.text.status import visible_entries

PAGE = 50  # entries in one history
WINDOW = 2 * PAGE  # entries read first


async def latest_visible(store: Journal, case: Case, role: Role, side: Side | None
                         ) -> tuple[list[JournalEntry], bool]:
    """The latest `PAGE` entries the viewer may see, and whether they may see earlier ones."""
    window = WINDOW
    while True:
        after = max(0, case.version - window)
        seen = visible_entries(await store.entries(case.id, after_seq=after), role, side,
                               case.revealed)
        if len(seen) > PAGE or after == 0:
            return seen[-PAGE:], len(seen) > PAGE
        window *= 4
