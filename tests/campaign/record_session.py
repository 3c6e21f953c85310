"""A campaign told as a conversation, for the record's tests (like `tests/domain/session.py`).

`CampaignSession.do(actor, command, now)` decides the command, chains the events into journal
entries exactly as the service will (`bot.domain.journal.chain`) and folds them; after every
move it checks that the chain verifies and that replaying the whole journal gives the same
state. `refused(...)` expects a `Refusal` and returns its message.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

import pytest

from bot.campaign.calendar import Calendar
from bot.campaign.record.commands import CampaignCommand
from bot.campaign.record.decide import decide_campaign
from bot.campaign.record.fold import apply, replay
from bot.campaign.record.state import CampaignState
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM, Actor, Role
from bot.domain.journal import GENESIS_HASH, JournalEntry, chain, verify_chain

CAMPAIGN_ID = "CP-GLOW26"
NEW_YORK = Calendar.named("America/New_York")


def record(state: CampaignState | None, events: list, actor: Actor, now: datetime,
           campaign_id: str = CAMPAIGN_ID) -> tuple[list[JournalEntry], CampaignState | None]:
    """Chain `events` after `state`'s last entry and fold them in, as the service will."""
    # A campaign's parties are not a case's claimant and respondent: the journal's role column
    # only tells the bot from people here.
    role = Role.SYSTEM if actor == SYSTEM else Role.OUTSIDER
    entries = chain(campaign_id, events, actor=actor, role=role, now=now,
                    after_seq=state.version if state else 0,
                    after_hash=state.last_hash if state else GENESIS_HASH, source=None)
    for entry in entries:
        state = apply(state, entry)
    return entries, state


def stored(journal: list[JournalEntry]) -> list[JournalEntry]:
    """The entries as a store reads them back: fields only, each payload parsed from its text."""
    return [dataclasses.replace(entry) for entry in journal]


@dataclass
class CampaignSession:
    calendar: Calendar = NEW_YORK
    state: CampaignState | None = None
    journal: list[JournalEntry] = field(default_factory=list)

    def do(self, actor: Actor, command: CampaignCommand, now: datetime) -> list[JournalEntry]:
        events = decide_campaign(self.state, command, actor, now, self.calendar)
        entries, self.state = record(self.state, events, actor, now)
        self.journal += entries
        assert verify_chain(CAMPAIGN_ID, self.journal) is None
        assert replay(self.journal) == self.state
        assert replay(stored(self.journal)) == self.state
        return entries

    def refused(self, actor: Actor, command: CampaignCommand, now: datetime) -> str:
        with pytest.raises(Refusal) as refusal:
            decide_campaign(self.state, command, actor, now, self.calendar)
        return refusal.value.message

    @property
    def now_state(self) -> CampaignState:
        assert self.state is not None
        return self.state

    def kinds(self, entries: list[JournalEntry]) -> list[str]:
        return [e.kind for e in entries]
