"""The deadlines table: rows kept in step with a case's summary, found when due, fired once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.ports import AlreadyFired, CaseSummary, DueDeadline
from storage.columns import DUE_DEADLINE_COLUMNS
from storage.models import DeadlineRow


def active() -> tuple[ColumnElement[Any], ...]:
    """The condition of a deadline neither fired nor cancelled."""
    return DeadlineRow.fired_at.is_(None), DeadlineRow.cancelled_at.is_(None)


async def due_deadlines(connection: AsyncConnection, now: datetime, limit: int
                        ) -> list[DueDeadline]:
    """Active deadlines due by `now`, oldest first."""
    result = await connection.execute(
        select(*DUE_DEADLINE_COLUMNS)
        .where(*active(), DeadlineRow.due_at <= now)
        .order_by(DeadlineRow.due_at, DeadlineRow.id)
        .limit(limit)
    )
    return [DueDeadline(*row) for row in result.all()]


async def next_due_times(connection: AsyncConnection, after: datetime, until: datetime,
                         limit: int) -> list[datetime]:
    """The distinct times active deadlines fall due in (after, until], earliest first."""
    result = await connection.execute(
        select(DeadlineRow.due_at)
        .where(*active(), DeadlineRow.due_at > after, DeadlineRow.due_at <= until)
        .group_by(DeadlineRow.due_at)
        .order_by(DeadlineRow.due_at)
        .limit(limit)
    )
    return list(result.scalars())


def mark_fired(connection: Connection, deadline_id: int, now: datetime) -> None:
    """Mark an active deadline fired; AlreadyFired if it is not active any more."""
    result = connection.execute(
        update(DeadlineRow)
        .where(DeadlineRow.id == deadline_id, *active())
        .values(fired_at=now)
    )
    if result.rowcount != 1:
        raise AlreadyFired(f"deadline {deadline_id} was fired (or cancelled) already")


def reconcile_deadlines(connection: Connection, summary: CaseSummary) -> None:
    """Make the case's active deadline rows match `summary.deadlines`.

    Active rows that are no longer wanted (key gone, or due at another time) are cancelled at
    the summary's time; wanted deadlines without a row are inserted. Fired rows are left alone
    and count as present: a deadline that already fired must not be inserted again (and fire
    twice) just because the summary still lists it.
    """
    wanted = {(deadline.key, _utc(deadline.due_at)) for deadline in summary.deadlines}
    rows = connection.execute(
        select(DeadlineRow.id, DeadlineRow.key, DeadlineRow.due_at, DeadlineRow.fired_at)
        .where(DeadlineRow.case_id == summary.id, DeadlineRow.cancelled_at.is_(None))
        .order_by(DeadlineRow.id)
    )
    present: set[tuple[str, datetime]] = set()
    cancelled: list[int] = []
    for row_id, key, due_at, fired_at in rows.all():
        pair = (key, due_at)
        if fired_at is None and (pair not in wanted or pair in present):
            cancelled.append(row_id)
        else:
            present.add(pair)
    if cancelled:
        connection.execute(
            update(DeadlineRow)
            .where(DeadlineRow.id.in_(cancelled))
            .values(cancelled_at=summary.updated_at)
        )
    missing = sorted(wanted - present, key=lambda pair: (pair[1], pair[0]))
    if missing:
        connection.execute(
            insert(DeadlineRow),
            [
                {"case_id": summary.id, "key": key, "due_at": due_at, "fired_at": None,
                 "cancelled_at": None}
                for key, due_at in missing
            ],
        )


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: deadlines need timezone-aware times")
    return moment.astimezone(UTC)
