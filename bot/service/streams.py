"""The three kinds of record the journal keeps, each a hash chain under its own id: a case
(`MB-…`), a campaign's agreement record (`CP-…`) and a community's guidelines record (`GL-…`,
one per community, its id derived from the community's). The pipeline (`journaling.py`,
`batch_write.py`) is the same for both; what differs — how a command is decided, how entries
fold, what the `cases` row says, what the bot announces — is a `Stream`, chosen by the id.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, Generic, TypeVar

from bot.campaign.calendar import Calendar
from bot.campaign.record import fold as campaign_fold
from bot.campaign.record.commands import CampaignCommand, FireTimer, ProposeAgreement
from bot.campaign.record.deadlines import campaign_deadlines
from bot.campaign.record.decide import decide_campaign
from bot.campaign.record.state import CampaignState, campaign_calendar, who_must_accept
from bot.campaign.record.talk import Talk
from bot.domain import fold as case_fold
from bot.domain.case import Case
from bot.domain.commands import Command, FireDeadline, OpenCase
from bot.domain.decide import decide, record
from bot.domain.identity import SYSTEM, Actor, Role
from bot.domain.journal import GENESIS_HASH, Event, JournalEntry, chain
from bot.domain.kinds import EVIDENCE_ADDED
from bot.domain.policy import Policy
from bot.exchange import Outcome, Reply
from bot.guidelines import fold as guidelines_fold
from bot.guidelines.commands import FireGuidelinesTimer, GuidelinesCommand
from bot.guidelines.decide import StartGuidelines, decide_guidelines
from bot.guidelines.kinds import REPORT_MADE
from bot.guidelines.record import GuidelinesRecord, is_guidelines
from bot.guidelines.timers import guidelines_deadlines
from bot.ports import (
    CAMPAIGN,
    ENDED,
    GUIDELINES,
    CaseSummary,
    DeadlineDue,
    EvidenceRecord,
    Participant,
)
from bot.service.case_row import CaseRows
from bot.text.campaign import campaign_replies_for
from bot.text.guidelines import guidelines_replies_for
from bot.text.table import replies_for

S = TypeVar("S", Case, CampaignState, GuidelinesRecord)
C = TypeVar("C")

CAMPAIGN_PREFIX = "CP-"

# Whatever command some stream decides.
RecordCommand = Command | CampaignCommand | Talk | GuidelinesCommand | StartGuidelines


class Stream(Generic[S, C]):
    """What the pipeline needs to know of one kind of record."""

    noun = "record"
    keyed = False  # True: the id is derived from the community, never drawn afresh

    def starts(self, command: C) -> str | None:
        """The community of the record `command` starts, or None: it acts on one that is."""
        raise NotImplementedError

    def with_id(self, command: C, record_id: str) -> C:
        """A starting command under another id (the one it had was taken)."""
        raise NotImplementedError

    def apply(self, state: S | None, entry: JournalEntry) -> S:
        raise NotImplementedError

    def decide(self, state: S | None, command: C, actor: Actor, now: datetime,
               policy: Policy) -> list[Event]:
        raise NotImplementedError

    def record(self, state: S | None, record_id: str, events: list[Event], actor: Actor,
               now: datetime, source: str | None) -> tuple[list[JournalEntry], S]:
        raise NotImplementedError

    def chained(self, state: S | None, record_id: str, events: list[Event], actor: Actor,
                role: Role, now: datetime, source: str | None) -> tuple[list[JournalEntry], S]:
        """The events as entries continuing the record's chain, and the state after them."""
        entries = chain(record_id, events, actor=actor, role=role, now=now,
                        after_seq=state.version if state else 0,
                        after_hash=state.last_hash if state else GENESIS_HASH, source=source)
        for entry in entries:
            state = self.apply(state, entry)
        assert state is not None
        return entries, state

    def summarize(self, state: S, now: datetime, policy: Policy) -> CaseSummary:
        raise NotImplementedError

    def rescheduled(self, before: S | None, after: S) -> bool:
        """Whether the record's deadline rows may have moved."""
        raise NotImplementedError

    def replies(self, state: S, entry: JournalEntry) -> list[Reply]:
        raise NotImplementedError

    def evidence(self, entry: JournalEntry, now: datetime) -> EvidenceRecord | None:
        """The evidence row a new entry records (the file it stored), if any: it keeps the
        file while the entry's content is kept."""
        return None

    def outcome(self, record_id: str, entries: tuple[JournalEntry, ...],
                replies: tuple[Reply, ...], state: S | None, duplicate: bool = False
                ) -> Outcome:
        raise NotImplementedError

    def timer(self, key: str, due_at: datetime) -> C:
        """The bot's command when the deadline row `key` falls due."""
        raise NotImplementedError


class CaseStream(Stream[Case, Command]):
    noun = "case"

    def __init__(self) -> None:
        self.rows = CaseRows()

    def starts(self, command: Command) -> str | None:
        return command.community_id if isinstance(command, OpenCase) else None

    def with_id(self, command: Command, record_id: str) -> Command:
        assert isinstance(command, OpenCase)
        return replace(command, case_id=record_id)

    def apply(self, state: Case | None, entry: JournalEntry) -> Case:
        return case_fold.apply(state, entry)

    def decide(self, state: Case | None, command: Command, actor: Actor, now: datetime,
               policy: Policy) -> list[Event]:
        return decide(state, command, actor, now, policy)

    def record(self, state: Case | None, record_id: str, events: list[Event], actor: Actor,
               now: datetime, source: str | None) -> tuple[list[JournalEntry], Case]:
        return record(state, record_id, events, actor=actor, now=now, source=source)

    def summarize(self, state: Case, now: datetime, policy: Policy) -> CaseSummary:
        return self.rows.summarize(state, now, policy)

    def rescheduled(self, before: Case | None, after: Case) -> bool:
        return (before is None or before.deadlines is not after.deadlines
                or before.reminded is not after.reminded)

    def replies(self, state: Case, entry: JournalEntry) -> list[Reply]:
        return replies_for(state, entry)

    def evidence(self, entry: JournalEntry, now: datetime) -> EvidenceRecord | None:
        if entry.kind != EVIDENCE_ADDED:
            return None
        p = entry.payload
        return EvidenceRecord(entry.case_id, entry.seq, p["sha256"], p["size"],
                              p["media_type"], p["filename"], p["description"],
                              entry.actor_id, now, p["late"])

    def outcome(self, record_id: str, entries: tuple[JournalEntry, ...],
                replies: tuple[Reply, ...], state: Case | None, duplicate: bool = False
                ) -> Outcome:
        return Outcome(record_id, entries, replies, state, duplicate=duplicate)

    def timer(self, key: str, due_at: datetime) -> Command:
        return FireDeadline(key, due_at)


class CampaignStream(Stream[CampaignState, CampaignCommand | Talk]):
    noun = "campaign"

    def starts(self, command: CampaignCommand | Talk) -> str | None:
        return command.community_id if isinstance(command, ProposeAgreement) else None

    def with_id(self, command: CampaignCommand | Talk, record_id: str
                ) -> CampaignCommand | Talk:
        assert isinstance(command, ProposeAgreement)
        return replace(command, campaign_id=record_id)

    def apply(self, state: CampaignState | None, entry: JournalEntry) -> CampaignState:
        return campaign_fold.apply(state, entry)

    def decide(self, state: CampaignState | None, command: CampaignCommand | Talk,
               actor: Actor, now: datetime, policy: Policy) -> list[Event]:
        calendar = Calendar.named("UTC") if state is None else campaign_calendar(state)
        return decide_campaign(state, command, actor, now, calendar)

    def record(self, state: CampaignState | None, record_id: str, events: list[Event],
               actor: Actor, now: datetime, source: str | None
               ) -> tuple[list[JournalEntry], CampaignState]:
        role = Role.SYSTEM if actor == SYSTEM else Role.PARTY
        return self.chained(state, record_id, events, actor, role, now, source)

    def summarize(self, state: CampaignState, now: datetime, policy: Policy) -> CaseSummary:
        rows = campaign_deadlines(state, campaign_calendar(state))
        phase = ENDED if state.ended else "agreed" if state.agreed else "proposed"
        version = state.discussed_version or state.agreed_version or state.versions[-1]
        people = {p.user_id: Participant(p.user_id, p.name, p.role.value, p.side.value)
                  for p in who_must_accept(state, version)}
        return CaseSummary(
            id=state.id, community_id=state.community_id, title=state.title, phase=phase,
            closed_reason=None, version=state.version, last_hash=state.last_hash,
            opened_at=now, updated_at=now, kind=CAMPAIGN,
            participants=tuple(people.values()),
            deadlines=tuple(DeadlineDue(k, v) for k, v in sorted(rows.items())))

    def rescheduled(self, before: CampaignState | None, after: CampaignState) -> bool:
        return True  # a campaign moves seldom: its rows are worked out again each time

    def replies(self, state: CampaignState, entry: JournalEntry) -> list[Reply]:
        return campaign_replies_for(state, entry)

    def outcome(self, record_id: str, entries: tuple[JournalEntry, ...],
                replies: tuple[Reply, ...], state: CampaignState | None,
                duplicate: bool = False) -> Outcome:
        return Outcome(record_id, entries, replies, campaign=state, duplicate=duplicate)

    def timer(self, key: str, due_at: datetime) -> CampaignCommand | Talk:
        return FireTimer(key)


class GuidelinesStream(Stream[GuidelinesRecord, GuidelinesCommand | StartGuidelines]):
    noun = "guidelines record"
    keyed = True

    def starts(self, command: GuidelinesCommand | StartGuidelines) -> str | None:
        return command.community_id if isinstance(command, StartGuidelines) else None

    def with_id(self, command: GuidelinesCommand | StartGuidelines, record_id: str
                ) -> GuidelinesCommand | StartGuidelines:
        return command

    def apply(self, state: GuidelinesRecord | None, entry: JournalEntry) -> GuidelinesRecord:
        return guidelines_fold.apply(state, entry)

    def decide(self, state: GuidelinesRecord | None,
               command: GuidelinesCommand | StartGuidelines, actor: Actor, now: datetime,
               policy: Policy) -> list[Event]:
        return decide_guidelines(state, command, actor, now, policy)

    def record(self, state: GuidelinesRecord | None, record_id: str, events: list[Event],
               actor: Actor, now: datetime, source: str | None
               ) -> tuple[list[JournalEntry], GuidelinesRecord]:
        role = Role.SYSTEM if actor == SYSTEM else Role.MEDIATOR if actor.is_mediator \
            else Role.PARTY
        return self.chained(state, record_id, events, actor, role, now, source)

    def summarize(self, state: GuidelinesRecord, now: datetime, policy: Policy
                  ) -> CaseSummary:
        rows = guidelines_deadlines(state)
        return CaseSummary(
            id=state.id, community_id=state.community_id, title="Community guidelines",
            phase="in_force", closed_reason=None, version=state.version,
            last_hash=state.last_hash, opened_at=now, updated_at=now, kind=GUIDELINES,
            deadlines=tuple(DeadlineDue(k, v) for k, v in sorted(rows.items())))

    def rescheduled(self, before: GuidelinesRecord | None, after: GuidelinesRecord) -> bool:
        return True

    def replies(self, state: GuidelinesRecord, entry: JournalEntry) -> list[Reply]:
        return guidelines_replies_for(state, entry)

    def evidence(self, entry: JournalEntry, now: datetime) -> EvidenceRecord | None:
        file = entry.payload.get("file") if entry.kind == REPORT_MADE else None
        if not file:
            return None
        return EvidenceRecord(entry.case_id, entry.seq, file["sha256"], file["size"],
                              file["media_type"], file["filename"],
                              f"report R{entry.payload['number']}", entry.actor_id, now, False)

    def outcome(self, record_id: str, entries: tuple[JournalEntry, ...],
                replies: tuple[Reply, ...], state: GuidelinesRecord | None,
                duplicate: bool = False) -> Outcome:
        return Outcome(record_id, entries, replies, duplicate=duplicate)

    def timer(self, key: str, due_at: datetime) -> GuidelinesCommand | StartGuidelines:
        return FireGuidelinesTimer(key)


class Streams:
    """One pipeline's streams (each keeps what it derived for the records it wrote)."""

    def __init__(self) -> None:
        self.cases = CaseStream()
        self.campaigns = CampaignStream()
        self.guidelines = GuidelinesStream()

    def of(self, record_id: str) -> Stream[Any, Any]:
        """The kind of record an id names: campaigns' ids start with `CP-`, guidelines
        records' with `GL-`."""
        if is_campaign(record_id):
            return self.campaigns
        return self.guidelines if is_guidelines(record_id) else self.cases


def is_campaign(record_id: str) -> bool:
    return record_id.startswith(CAMPAIGN_PREFIX)
