"""A unit of work: writes queued while the service decides, run together when the block ends.

Reads happen before (deciding works on a case state and its version); the writes then go in
one database transaction whose first statement is the version-guarded UPDATE of the case row,
so a state that went stale in between is refused (ConflictError), never overwritten. Keeping
the writes together lets a transaction run in one call on the database's side (the SQLite
writer, or one `run_sync` on PostgreSQL): per-statement hops between the event loop and the
driver cost more than the statements themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from bot.domain.journal import JournalEntry
from bot.ports import CaseSummary, EvidenceRecord, OutboxMessage
from storage import cases, deadlines, evidence, outbox
from storage.sqlite_writer import Operation

Clock = Callable[[], datetime]
Write = Callable[[Sequence[Operation], bool], Awaitable[None]]
"""Runs a batch's operations in one transaction; the flag is `alone` (see `UnitOfWork`)."""


class WriteBatch:
    """The writes of one unit of work (implements `bot.ports.Transaction`).

    `append`, `add_evidence`, `add_outbox` and `mark_fired` queue their writes; they run in
    one database transaction when the `async with` block ends, and ConflictError,
    DuplicateSource or AlreadyFired are raised from there.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.operations: list[Operation] = []

    async def append(
        self,
        entries: Sequence[JournalEntry],
        summary: CaseSummary,
        expected_version: int,
        *,
        participants_changed: bool,
        deadlines_changed: bool,
    ) -> None:
        """Queue `entries` and the case row `summary`, if the case is still at
        `expected_version` when the batch runs (0: the case is new)."""
        if expected_version < 0:
            raise ValueError(f"expected_version must be >= 0, not {expected_version}")
        for entry in entries:
            if entry.case_id != summary.id:
                raise ValueError(f"entry {entry.seq} of {entry.case_id!r} is not in {summary.id!r}")
        self.operations.append(cases.append(
            entries, summary, expected_version,
            participants_changed=participants_changed, deadlines_changed=deadlines_changed))

    async def add_evidence(self, record: EvidenceRecord) -> None:
        """Queue an evidence record (its bytes are in the evidence store under its sha256)."""
        self.operations.append(lambda connection: evidence.insert_evidence(connection, record))

    async def mark_fired(self, deadline_id: int, now: datetime) -> None:
        """Queue marking a deadline fired; it runs first in the batch, so that on PostgreSQL
        its row lock makes a second worker firing the same deadline wait, then give up."""
        self.operations.insert(
            0, lambda connection: deadlines.mark_fired(connection, deadline_id, now))

    async def add_outbox(self, messages: Sequence[OutboxMessage]) -> None:
        """Queue notifications, committed together with the entries that caused them."""
        if not messages:
            return
        queued, now = tuple(messages), self._clock()
        self.operations.append(
            lambda connection: outbox.insert_messages(connection, queued, now))


class UnitOfWork:
    """`async with store.transaction() as batch:` runs the batch's writes when the block
    ends without an exception (a class: it runs for every append)."""

    __slots__ = ("_alone", "_batch", "_write")

    def __init__(self, write: Write, clock: Clock, alone: bool) -> None:
        self._write, self._batch, self._alone = write, WriteBatch(clock), alone

    async def __aenter__(self) -> WriteBatch:
        return self._batch

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None and self._batch.operations:
            await self._write(self._batch.operations, self._alone)
