"""The communities and rooms tables: a community's settings, and which case a platform thread
or channel belongs to."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.ports import Community, PolicyChanged
from storage.models import CommunityRow, RoomRow
from storage.prepared import PreparedQuery


async def community(connection: AsyncConnection, community_id: str) -> Community | None:
    """A community's settings, or None if it was never saved."""
    result = await connection.execute(
        select(CommunityRow.id, CommunityRow.platform, CommunityRow.name, CommunityRow.policy,
               CommunityRow.mediators)
        .where(CommunityRow.id == community_id)
    )
    row = result.first()
    if row is None:
        return None
    return Community(id=row.id, platform=row.platform, name=row.name,
                     policy=json.loads(row.policy), mediators=tuple(json.loads(row.mediators)))


# FOR SHARE on PostgreSQL (SQLite writes one at a time anyway): a change of the settings
# waits for the transaction that checked them, so none commits under settings already replaced.
_POLICY = PreparedQuery(
    select(CommunityRow.policy).where(CommunityRow.id == bindparam("b_id"))
    .with_for_update(read=True), where=("b_id",))


def hold_policy(connection: Connection, community_id: str, stored: Mapping[str, Any]) -> None:
    """PolicyChanged unless the community's settings are `stored` (`{}`: none of its own);
    on PostgreSQL the row stays shared-locked until the transaction ends."""
    rows = _POLICY.rows(connection, (community_id,))
    if (json.loads(rows[0][0]) if rows else {}) != stored:
        raise PolicyChanged(community_id)


async def save_community(connection: AsyncConnection, community: Community, now: datetime
                         ) -> None:
    """Create or replace a community's settings (a replaced one keeps its creation time)."""
    values = {
        "id": community.id,
        "platform": community.platform,
        "name": community.name,
        "policy": json.dumps(community.policy, sort_keys=True, ensure_ascii=False),
        "mediators": json.dumps(list(community.mediators), ensure_ascii=False),
        "created_at": now,
    }
    await connection.execute(
        _upsert(connection, CommunityRow, values, keys=("id",), keep=("created_at",)))


async def link_room(connection: AsyncConnection, platform: str, room_ref: str, case_id: str,
                    room: str) -> None:
    """Record that a platform thread or channel is `room` of `case_id` (latest link wins)."""
    values = {"platform": platform, "room_ref": room_ref, "case_id": case_id, "room": room}
    await connection.execute(_upsert(connection, RoomRow, values, keys=("platform", "room_ref")))


async def room(connection: AsyncConnection, platform: str, room_ref: str
               ) -> tuple[str, str] | None:
    """(case_id, room) for a platform thread or channel, or None."""
    result = await connection.execute(
        select(RoomRow.case_id, RoomRow.room)
        .where(RoomRow.platform == platform, RoomRow.room_ref == room_ref)
    )
    row = result.first()
    return None if row is None else (row.case_id, row.room)


async def rooms_of(connection: AsyncConnection, case_id: str) -> list[tuple[str, str, str]]:
    """(platform, room_ref, room) of every thread and channel linked to a case."""
    result = await connection.execute(
        select(RoomRow.platform, RoomRow.room_ref, RoomRow.room)
        .where(RoomRow.case_id == case_id)
        .order_by(RoomRow.platform, RoomRow.room_ref)
    )
    return [(row.platform, row.room_ref, row.room) for row in result.all()]


def _upsert(connection: AsyncConnection, model: Any, values: dict[str, Any], *,
            keys: Sequence[str], keep: Iterable[str] = ()) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE, in the connection's dialect."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(model).values(values)
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(values)
    else:
        raise NotImplementedError(f"no upsert for {dialect}")
    unchanged = {*keys, *keep}
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: statement.excluded[column] for column in values if column not in unchanged},
    )
