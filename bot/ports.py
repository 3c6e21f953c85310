"""What the core needs from storage, as Protocols. `storage/` implements them; tests may too.

The core never imports SQLAlchemy: it sees cases, entries, evidence files and outbox messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from bot.checkpoints import Checkpoint
from bot.domain.journal import JournalEntry
from bot.evidence_files import EvidenceStore as EvidenceStore
from bot.evidence_files import EvidenceTooLarge as EvidenceTooLarge
from bot.evidence_files import StoredFile as StoredFile


class ConflictError(Exception):
    """The case moved on since it was read (another worker appended first): decide again."""


class PolicyChanged(ConflictError):
    """A community's settings changed since its commands were decided (another worker saved
    them first): read them again and decide again."""

    def __init__(self, community_id: str) -> None:
        super().__init__(f"the settings of {community_id!r} changed")
        self.community_id = community_id


class DuplicateSource(Exception):
    """An entry with this source id is already journaled (a retried or replayed event)."""


class AlreadyFired(Exception):
    """Another worker fired this deadline first: nothing of this attempt is written."""


@dataclass(frozen=True)
class Participant:
    user_id: str
    name: str
    role: str  # claimant | respondent | mediator | observer | delegate
    side: str | None


@dataclass(frozen=True)
class DeadlineDue:
    key: str  # response | statements | evidence | proposal:<n> | ... (a campaign's: review:d1 ...)
    due_at: datetime


CASE = "case"
CAMPAIGN = "campaign"
GUIDELINES = "guidelines"  # a community's guidelines record (`GL-…`)
ENDED = "ended"  # a campaign's phase once it is over (a case's is `closed`)


@dataclass(frozen=True)
class CaseSummary:
    """The `cases` row: the folded summary kept for queries, updated with every append."""

    id: str
    community_id: str
    title: str
    phase: str
    closed_reason: str | None
    version: int
    last_hash: str
    opened_at: datetime
    updated_at: datetime
    mediation_requested: bool = False
    kind: str = CASE  # or CAMPAIGN: a campaign's record, journaled like a case
    participants: tuple[Participant, ...] = ()
    deadlines: tuple[DeadlineDue, ...] = ()


@dataclass(frozen=True)
class CaseHead:
    version: int
    last_hash: str


@dataclass(frozen=True)
class EvidenceRecord:
    case_id: str
    seq: int
    sha256: str
    size: int
    media_type: str
    filename: str
    description: str
    uploader_id: str
    uploaded_at: datetime
    late: bool


@dataclass(frozen=True)
class OutboxMessage:
    """A notification that is not a direct answer: delivered later by the platform's process."""

    case_id: str | None
    platform: str
    audience: str  # user:<user_id> | mediators | side:<brand|creator> | thread
    text: str
    kind: str = "notice"
    id: int | None = None
    attempts: int = 0
    created_at: datetime | None = None
    next_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class DueDeadline:
    """A deadline row: the store's id, its case, its key, when it falls due, and the case's
    community (whose name the bot fires it in)."""

    id: int
    case_id: str
    key: str
    due_at: datetime
    community_id: str


@dataclass(frozen=True)
class Community:
    """A Slack workspace, a Discord server, or the console: its policy and its mediators."""

    id: str
    platform: str
    name: str
    policy: dict[str, Any] = field(default_factory=dict)
    mediators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Removal:
    """What an erasure removes, with its `content_erased` entry: each erased entry's remains
    (`seq`, payload JSON); `opening`: the opening is erased (the case row's title and names go
    too); `people`: whose entries were erased (their names go from its participants)."""

    case_id: str
    remains: tuple[tuple[int, str], ...]
    notice: str  # what the case's outbox messages say instead of their text
    opening: bool = False
    people: tuple[str, ...] = ()


class Transaction(Protocol):
    """The writes of one unit of work: they commit together when the block ends, or not at
    all. Reads go to the store; the case version checks, when the writes run, that what was
    read still holds. ConflictError and DuplicateSource may be raised by `append` or when the
    block ends."""

    async def append(
        self, entries: Sequence[JournalEntry], summary: CaseSummary, expected_version: int
    ) -> None:
        """Append entries and update the case row (with its participants and deadlines) if
        the case is still at `expected_version` (0: the case is new, insert it). Raises
        ConflictError when the case moved on and DuplicateSource when an entry's source is
        already journaled."""
        ...

    async def hold_policy(self, community_id: str, stored: Mapping[str, Any]) -> None:
        """Commit only if the community's settings are still `stored` when the writes run;
        PolicyChanged otherwise."""
        ...

    async def add_evidence(self, record: EvidenceRecord) -> None: ...

    async def add_outbox(self, messages: Sequence[OutboxMessage]) -> None: ...

    async def erase(self, removal: Removal) -> None:
        """Replace erased entries' content with their remains; blank the store's copies."""
        ...

    async def add_checkpoints(self, checkpoints: Sequence[Checkpoint]) -> None: ...  # signed

    async def mark_fired(self, deadline_id: int, now: datetime) -> None:
        """Mark a deadline fired with the entries it causes; AlreadyFired (when the batch
        runs) if another worker did first (this one or any other deadline marked in the
        batch), and then nothing of the batch is written."""
        ...


class Journal(Protocol):
    """The journal: units of work that append to it, and its entries read back."""

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """A unit of work that commits when the block ends; an exception inside discards it."""
        ...

    async def head(self, case_id: str) -> CaseHead | None: ...

    async def entries(self, case_id: str, after_seq: int = 0) -> list[JournalEntry]: ...

    async def entries_of(self, case_ids: Sequence[str]) -> list[JournalEntry]:
        """Every entry of each of the cases, case after case, each case's in order."""
        ...

    async def entries_for_source(self, source: str) -> list[JournalEntry]: ...

    async def checkpoints(self, case_id: str) -> list[Checkpoint]: ...  # in entry order

    async def case_ids(self) -> list[str]: ...


class Cases(Protocol):
    """The case rows kept for queries, and each case's evidence records."""

    async def erased_files(self) -> list[str]: ...  # sha256 of files only erased entries record

    async def flush_erased(self) -> None: ...  # no erased content left in the log (SQLite WAL)

    async def case(self, case_id: str) -> CaseSummary | None: ...

    async def cases(
        self, *, user_id: str | None = None, community_id: str | None = None,
        open_only: bool = True, kind: str = CASE,
    ) -> list[CaseSummary]:
        """Cases, or with `kind` campaigns, newest first."""
        ...

    async def evidence(self, case_id: str) -> list[EvidenceRecord]: ...


class Communities(Protocol):
    async def community(self, community_id: str) -> Community | None: ...

    async def save_community(self, community: Community) -> None: ...


class Rooms(Protocol):
    """The platform threads and channels of each case."""

    async def link_room(self, platform: str, room_ref: str, case_id: str, room: str) -> None: ...

    async def room(self, platform: str, room_ref: str) -> tuple[str, str] | None:
        """(case_id, room) for a platform thread or channel, or None."""
        ...

    async def rooms_of(self, case_id: str) -> list[tuple[str, str, str]]:
        """(platform, room_ref, room) of every thread and channel linked to a case."""
        ...


class Outbox(Protocol):
    """Notifications waiting for delivery by their platform's process."""

    async def pending_outbox(self, platform: str, limit: int = 100) -> list[OutboxMessage]: ...

    async def mark_delivered(self, message_ids: Sequence[int]) -> None: ...

    async def claim_outbox(self, platform: str, now: datetime, until: datetime,
                           limit: int = 50) -> list[OutboxMessage]:
        """Messages due for delivery (not delivered, not failed, next attempt reached, not
        claimed by a live worker), each now claimed by the caller until `until`."""
        ...

    async def retry_outbox(self, message_id: int, error: str, at: datetime) -> None:
        """A delivery attempt failed; try again at `at`."""
        ...

    async def fail_outbox(self, message_id: int, error: str, now: datetime) -> None:
        """Give up on a message: kept as failed, with the last error."""
        ...

    async def outbox(self, *, platform: str | None = None, state: str | None = None,
                     limit: int = 100) -> list[OutboxMessage]:
        """Outbox messages, newest first; `state` one of pending, delivered, failed."""
        ...


class Deadlines(Protocol):
    async def due_deadlines(self, now: datetime, limit: int = 100) -> list[DueDeadline]:
        """Deadlines neither fired nor cancelled, due by `now`, oldest first."""
        ...

    async def next_due_times(self, after: datetime, until: datetime,
                             limit: int = 1000) -> list[datetime]:
        """The distinct times active deadlines fall due in (after, until], earliest first."""
        ...


class CaseStore(Journal, Cases, Communities, Rooms, Outbox, Deadlines, Protocol):
    """The whole store, for whoever wires the parts together; everyone else names the
    roles it uses."""
