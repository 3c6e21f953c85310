"""A unit of work: writes queued while the service decides, run together when the block ends.

Reads happen before (deciding works on a case state and its version); the writes then go in
one database transaction whose first statement is the version-guarded UPDATE of the case row,
so a state that went stale in between is refused (ConflictError), never overwritten. Keeping
the writes together lets a transaction run in one call on the database's side (the SQLite
writer, or one `run_sync` on PostgreSQL): per-statement hops between the event loop and the
driver cost more than the statements themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.checkpoints import Checkpoint
from bot.domain.journal import JournalEntry
from bot.ports import CaseSummary, EvidenceRecord, OutboxMessage, Removal
from storage import cases, checkpoints, communities, deadlines, erasing, evidence, outbox
from storage.sqlite_writer import Operation
from storage.written import WrittenRows

Clock = Callable[[], datetime]
Write = Callable[[Sequence[Operation], bool], Awaitable[None]]
"""Runs a batch's operations in one transaction; the flag says whether no other unit of work
of the store is open (see `UnitOfWork`)."""


class WriteBatch:
    """The writes of one unit of work (implements `bot.ports.Transaction`).

    `append`, `add_evidence`, `add_outbox` and `mark_fired` queue their writes; they run in
    one database transaction when the `async with` block ends, and ConflictError,
    DuplicateSource or AlreadyFired are raised from there.
    """

    def __init__(self, clock: Clock, written: WrittenRows) -> None:
        self._clock = clock
        self._written = written
        self.operations: list[Operation] = []
        self.summaries: list[CaseSummary] = []  # the case rows appended, for `written`
        self._fired: list[int] = []  # the deadlines marked fired in this batch

    async def append(
        self,
        entries: Sequence[JournalEntry],
        summary: CaseSummary,
        expected_version: int,
    ) -> None:
        """Queue `entries` and the case row `summary`, if the case is still at
        `expected_version` when the batch runs (0: the case is new). The participants and
        deadline rows are written when they differ from what this store wrote last."""
        if expected_version < 0:
            raise ValueError(f"expected_version must be >= 0, not {expected_version}")
        for entry in entries:
            if entry.case_id != summary.id:
                raise ValueError(f"entry {entry.seq} of {entry.case_id!r} is not in {summary.id!r}")
        participants_changed, deadlines_changed = self._written.changes(summary, expected_version)
        self.operations.append(cases.append(
            entries, summary, expected_version,
            participants_changed=participants_changed, deadlines_changed=deadlines_changed))
        self.summaries.append(summary)

    async def hold_policy(self, community_id: str, stored: Mapping[str, Any]) -> None:
        """Queue the check that the community's settings are still `stored`
        (PolicyChanged when the batch runs, and nothing of it is written)."""
        held = dict(stored)
        self.operations.append(
            lambda connection: communities.hold_policy(connection, community_id, held))

    async def add_evidence(self, record: EvidenceRecord) -> None:
        """Queue an evidence record (its bytes are in the evidence store under its sha256)."""
        self.operations.append(lambda connection: evidence.insert_evidence(connection, record))

    async def erase(self, removal: Removal) -> None:
        """Queue an erasure (`storage.erasing`), after the entry that records it."""
        self.operations.append(erasing.erase(removal))

    async def mark_fired(self, deadline_id: int, now: datetime) -> None:
        """Queue marking a deadline fired; it runs first in the batch, so that on PostgreSQL
        its row lock makes a second worker firing the same deadline wait, then give up.
        The deadlines of a batch (all decided at one `now`) are marked together, in id
        order."""
        fired = self._fired
        if not fired:
            self.operations.insert(
                0, lambda connection: deadlines.mark_fired(connection, fired, now))
        fired.append(deadline_id)

    async def add_outbox(self, messages: Sequence[OutboxMessage]) -> None:
        """Queue notifications, committed together with the entries that caused them."""
        if not messages:
            return
        queued, now = tuple(messages), self._clock()
        self.operations.append(
            lambda connection: outbox.insert_messages(connection, queued, now))


    async def add_checkpoints(self, made: Sequence[Checkpoint]) -> None:
        """Queue signed checkpoints of entries appended in this batch (after them)."""
        if made:
            queued = tuple(made)
            self.operations.append(
                lambda connection: checkpoints.insert_checkpoints(connection, queued))


class OpenUnits:
    """How many units of work of one store are open (entered and not yet ended)."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 0


class UnitOfWork:
    """`async with store.transaction() as batch:` runs the batch's writes when the block
    ends without an exception (a class: it runs for every append). Whether the unit is the
    store's only open one goes with the writes: on SQLite a lone write may run in place."""

    __slots__ = ("_batch", "_open", "_write", "_written")

    def __init__(self, write: Write, clock: Clock, written: WrittenRows,
                 open_units: OpenUnits) -> None:
        self._write, self._written, self._open = write, written, open_units
        self._batch = WriteBatch(clock, written)

    async def __aenter__(self) -> WriteBatch:
        self._open.count += 1
        return self._batch

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None and self._batch.operations:
                await self._write(self._batch.operations, self._open.count == 1)
                for summary in self._batch.summaries:
                    self._written.remember(summary)
        finally:
            self._open.count -= 1
