"""The checkpoints table: signed checkpoints of journal entries, inserted with the entries
and read back in entry order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.checkpoints import Checkpoint
from storage.models import CheckpointRow

COLUMNS = (CheckpointRow.case_id, CheckpointRow.seq, CheckpointRow.hash, CheckpointRow.at,
           CheckpointRow.key_id, CheckpointRow.public_key, CheckpointRow.signature)


async def checkpoints(connection: AsyncConnection, case_id: str) -> list[Checkpoint]:
    """The case's checkpoints in entry order."""
    result = await connection.execute(
        select(*COLUMNS).where(CheckpointRow.case_id == case_id).order_by(CheckpointRow.seq))
    return [Checkpoint(*row) for row in result.all()]


def insert_checkpoints(connection: Connection, made: Sequence[Checkpoint]) -> None:
    """Insert checkpoints (in the transaction that appends their entries)."""
    connection.execute(insert(CheckpointRow), [
        {"case_id": c.case_id, "seq": c.seq, "hash": c.hash, "at": c.at, "key_id": c.key_id,
         "public_key": c.public_key, "signature": c.signature} for c in made])
