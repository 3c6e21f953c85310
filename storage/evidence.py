"""The evidence table: the records of files added to cases (the bytes are in the evidence
store, under their sha256)."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.ports import EvidenceRecord
from storage.columns import EVIDENCE_COLUMNS, evidence_values, named
from storage.models import EvidenceRow


async def evidence(connection: AsyncConnection, case_id: str) -> list[EvidenceRecord]:
    """The case's evidence records in journal order."""
    result = await connection.execute(
        select(*EVIDENCE_COLUMNS)
        .where(EvidenceRow.case_id == case_id)
        .order_by(EvidenceRow.seq, EvidenceRow.id)
    )
    return [EvidenceRecord(*row) for row in result.all()]


def insert_evidence(connection: Connection, record: EvidenceRecord) -> None:
    """Insert an evidence record."""
    connection.execute(insert(EvidenceRow), [named(EVIDENCE_COLUMNS, evidence_values(record))])
