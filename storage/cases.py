"""The cases table and its participants: summaries read back, and the append that moves a case.

An append is one implementation on every database: the version-guarded UPDATE of the case row
first (on PostgreSQL its row lock makes a concurrent writer of the same case wait there, then
find the version changed, before any INSERT), then the INSERT of the entries; participants and
deadlines only when they changed (`storage.written` knows), or the case is new.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.journal import JournalEntry
from bot.domain.phases import Phase
from bot.ports import ENDED, CaseHead, CaseSummary, ConflictError, DeadlineDue, Participant
from storage.columns import (
    ACTIVE_DEADLINE_COLUMNS,
    CASE_COLUMNS,
    CHANGING_CASE_COLUMNS,
    PARTICIPANT_COLUMNS,
    case_values,
    changing_case_values,
    chunks,
    entry_values,
    named,
    participant_values,
)
from storage.deadlines import active, reconcile_deadlines
from storage.journal import insert_entries
from storage.models import CaseRow, DeadlineRow, ParticipantRow
from storage.prepared import PreparedStatement
from storage.sqlite_writer import Operation
from storage.violations import violates

_UPDATE_CASE = PreparedStatement(
    update(CaseRow).where(CaseRow.id == bindparam("b_id"),
                          CaseRow.version == bindparam("b_expected")),
    CHANGING_CASE_COLUMNS, where=("b_id", "b_expected"))


def append(entries: Sequence[JournalEntry], summary: CaseSummary, expected_version: int, *,
           participants_changed: bool, deadlines_changed: bool) -> Operation:
    """The write of `entries` and the case row `summary`, if the case is still at
    `expected_version` (0: the case is new) when it runs."""
    rows = [entry_values(entry) for entry in entries]
    is_new = expected_version == 0
    update_values = (*changing_case_values(summary), summary.id, expected_version)

    def write(connection: Connection) -> None:
        if is_new:
            _insert_case(connection, summary)
        elif _UPDATE_CASE.execute(connection, update_values) != 1:
            raise ConflictError(
                f"case {summary.id!r} is no longer at version {expected_version} (or is unknown)")
        if rows:
            insert_entries(connection, rows)
        if participants_changed:
            _replace_participants(connection, summary)
        if deadlines_changed:
            reconcile_deadlines(connection, summary)

    return write


def _insert_case(connection: Connection, summary: CaseSummary) -> None:
    try:
        connection.execute(insert(CaseRow), named(CASE_COLUMNS, case_values(summary)))
    except IntegrityError as error:
        if violates(error, "pk_cases", "cases.id"):
            raise ConflictError(f"case {summary.id!r} already exists") from error
        raise  # e.g. an unknown community: a bug, not a race


def _replace_participants(connection: Connection, summary: CaseSummary) -> None:
    connection.execute(delete(ParticipantRow).where(ParticipantRow.case_id == summary.id))
    if summary.participants:
        connection.execute(insert(ParticipantRow), [
            {"case_id": summary.id, "position": position,
             **named(PARTICIPANT_COLUMNS, participant_values(participant))}
            for position, participant in enumerate(summary.participants)
        ])


async def head(connection: AsyncConnection, case_id: str) -> CaseHead | None:
    """The case's version and last hash, or None if there is no such case."""
    result = await connection.execute(
        select(CaseRow.version, CaseRow.last_hash).where(CaseRow.id == case_id))
    row = result.first()
    return None if row is None else CaseHead(*row)


def cases_query(*, case_id: str | None = None, user_id: str | None = None,
                community_id: str | None = None, open_only: bool = False,
                kind: str | None = None) -> Select[Any]:
    """Case rows, newest first: the one case, those `user_id` takes part in and/or those of
    `community_id`; only those not closed (or ended) if `open_only`; only cases, or only
    campaigns, with `kind`."""
    query = select(*CASE_COLUMNS)
    if kind is not None:
        query = query.where(CaseRow.kind == kind)
    if case_id is not None:
        query = query.where(CaseRow.id == case_id)
    if user_id is not None:
        query = query.join(ParticipantRow, ParticipantRow.case_id == CaseRow.id).where(
            ParticipantRow.user_id == user_id)
    if community_id is not None:
        query = query.where(CaseRow.community_id == community_id)
    if open_only:
        query = query.where(CaseRow.phase.not_in((Phase.CLOSED.value, ENDED)))
    return query.order_by(CaseRow.opened_at.desc(), CaseRow.id.desc())


async def summaries(connection: AsyncConnection, query: Select[Any]) -> list[CaseSummary]:
    """Case rows from `query` (`cases_query`), completed with their participants and
    active deadlines."""
    rows = (await connection.execute(query)).all()
    ids = [row.id for row in rows]
    participants: dict[str, list[Participant]] = {case_id: [] for case_id in ids}
    deadlines: dict[str, list[DeadlineDue]] = {case_id: [] for case_id in ids}
    for chunk in chunks(ids):
        people = await connection.execute(
            select(ParticipantRow.case_id, *PARTICIPANT_COLUMNS)
            .where(ParticipantRow.case_id.in_(chunk))
            .order_by(ParticipantRow.case_id, ParticipantRow.position))
        for case_id, *person in people.all():
            participants[case_id].append(Participant(*person))
        due = await connection.execute(
            select(DeadlineRow.case_id, *ACTIVE_DEADLINE_COLUMNS)
            .where(DeadlineRow.case_id.in_(chunk), *active())
            .order_by(DeadlineRow.case_id, DeadlineRow.key, DeadlineRow.due_at))
        for case_id, *deadline in due.all():
            deadlines[case_id].append(DeadlineDue(*deadline))
    return [CaseSummary(**named(CASE_COLUMNS, row), participants=tuple(participants[row.id]),
                        deadlines=tuple(deadlines[row.id]))
            for row in rows]


async def case_ids(connection: AsyncConnection) -> list[str]:
    """Every case id, in id order."""
    result = await connection.execute(select(CaseRow.id).order_by(CaseRow.id))
    return list(result.scalars())

