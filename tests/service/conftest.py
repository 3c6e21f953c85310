"""Service fixtures: a desk (the real MediationService over the real stores) and its clock."""

from __future__ import annotations

import pytest

from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .desk import Clock, Desk


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def desk(store: SqlCaseStore, evidence_store: FileEvidenceStore, clock: Clock) -> Desk:
    return await Desk.over(store, evidence_store, clock)
