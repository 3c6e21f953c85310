"""The outbox table: notifications written with the entries that cause them, then claimed,
delivered, retried or given up on by the platform's process."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.ports import OutboxMessage
from storage.columns import OUTBOX_COLUMNS, chunks, named, outbox_values
from storage.models import OutboxRow

_STATES = {
    "pending": (OutboxRow.delivered_at.is_(None), OutboxRow.failed_at.is_(None)),
    "delivered": (OutboxRow.delivered_at.is_not(None),),
    "failed": (OutboxRow.failed_at.is_not(None),),
}


def insert_messages(connection: Connection, messages: Sequence[OutboxMessage],
                    now: datetime) -> None:
    """Insert new messages, created `now` and not yet attempted."""
    rows = []
    for message in messages:
        new = replace(message, created_at=now, next_attempt_at=None, delivered_at=None,
                      failed_at=None, last_error=None)
        row = named(OUTBOX_COLUMNS, outbox_values(new))
        del row["id"]  # the database numbers them
        rows.append(row)
    connection.execute(insert(OutboxRow), rows)


async def claim(connection: AsyncConnection, platform: str, now: datetime, until: datetime,
                limit: int) -> list[OutboxMessage]:
    """Claim messages due for delivery until `until` (attempts counted), inside the
    connection's transaction."""
    due = (
        select(OutboxRow.id)
        .where(
            OutboxRow.platform == platform,
            *_STATES["pending"],
            or_(OutboxRow.next_attempt_at.is_(None), OutboxRow.next_attempt_at <= now),
            or_(OutboxRow.claimed_until.is_(None), OutboxRow.claimed_until < now),
        )
        .order_by(OutboxRow.id)
        .limit(limit)
    )
    if connection.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list((await connection.execute(due)).scalars())
    if not ids:
        return []
    await connection.execute(
        update(OutboxRow)
        .where(OutboxRow.id.in_(ids))
        .values(claimed_until=until, attempts=OutboxRow.attempts + 1)
    )
    rows = await connection.execute(
        select(*OUTBOX_COLUMNS).where(OutboxRow.id.in_(ids)).order_by(OutboxRow.id))
    return [OutboxMessage(*row) for row in rows.all()]


async def set_state(connection: AsyncConnection, message_id: int, **values: Any) -> None:
    """Record a delivery attempt's end (retry time or failure, last error) and release it."""
    await connection.execute(
        update(OutboxRow).where(OutboxRow.id == message_id).values(claimed_until=None, **values))


async def mark_delivered(connection: AsyncConnection, message_ids: Sequence[int],
                         now: datetime) -> None:
    """Mark messages delivered (already delivered ones keep their first time)."""
    for chunk in chunks(message_ids):
        await connection.execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(chunk), OutboxRow.delivered_at.is_(None))
            .values(delivered_at=now)
        )


async def messages(connection: AsyncConnection, *, platform: str | None, state: str | None,
                   limit: int, oldest_first: bool = False) -> list[OutboxMessage]:
    """Messages, newest first (or oldest), of `platform` and in `state` (pending, delivered,
    failed) when given."""
    query = select(*OUTBOX_COLUMNS)
    if platform is not None:
        query = query.where(OutboxRow.platform == platform)
    if state is not None:
        if state not in _STATES:
            raise ValueError(f"state is pending, delivered or failed, not {state!r}")
        query = query.where(*_STATES[state])
    order = OutboxRow.id if oldest_first else OutboxRow.id.desc()
    rows = await connection.execute(query.order_by(order).limit(limit))
    return [OutboxMessage(*row) for row in rows.all()]
