"""Evidence through the service: the file is re-hosted under its hash, the journal keeps the
record, late files are flagged, refused files are never stored."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.domain.errors import Refusal
from bot.domain.phases import Phase
from bot.exchange import ACTOR
from storage.evidence_store import FileEvidenceStore

from .desk import ANA, CLEO, OTTO, Desk, chunks_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def stored_files(store: FileEvidenceStore) -> list[Path]:
    root = Path(store.root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def test_evidence_is_stored_listed_and_recorded(
    desk: Desk, evidence_store: FileEvidenceStore
) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    outcome = await desk.attach(
        CLEO, case_id, PNG, "C:\\Users\\cleo\\analytics.txt", "Reach of the story"
    )
    [entry] = outcome.entries
    sha = hashlib.sha256(PNG).hexdigest()
    assert entry.payload == {
        "sha256": sha,
        "size": len(PNG),
        "media_type": "image/png",
        "filename": "analytics.txt",
        "description": "Reach of the story",
        "late": False,
    }
    assert await evidence_store.check(sha)
    [record] = await desk.store.evidence(case_id)
    assert (record.seq, record.uploader_id, record.late) == (entry.seq, CLEO.user_id, False)
    [listing] = (await desk.say(ANA, "evidence-list", case_id)).to(ACTOR)
    assert sha in listing and "analytics.txt" in listing


async def test_evidence_after_the_window_is_flagged_late(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    desk.clock.advance(days=7, seconds=1)
    [entry] = (await desk.attach(ANA, case_id, b"late screenshot", "late.txt")).entries
    assert entry.payload["late"] is True
    [record] = await desk.store.evidence(case_id)
    assert record.late
    assert "LATE" in (await desk.say(CLEO, "evidence-list", case_id)).to(ACTOR)[0]


async def test_a_refused_upload_stores_no_file(
    desk: Desk, evidence_store: FileEvidenceStore
) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    before = await desk.footprint(case_id)
    with pytest.raises(Refusal, match="not a party"):
        await desk.attach(OTTO, case_id, b"outsider's file", "x.txt")
    assert stored_files(evidence_store) == []
    assert await desk.footprint(case_id) == before


async def test_a_file_over_the_cap_is_refused_and_not_kept(
    desk: Desk, evidence_store: FileEvidenceStore
) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    before = await desk.footprint(case_id)
    with pytest.raises(Refusal, match="MiB limit"):
        await desk.service.add_evidence(
            desk.context(ANA, case_id),
            case_id,
            chunks_of(b"x" * (evidence_store.max_bytes + 1), 64 * 1024),
            "big.bin",
        )
    assert stored_files(evidence_store) == []
    assert await desk.footprint(case_id) == before


async def test_evidence_typed_as_a_command_asks_for_a_file(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    assert "Attach a file" in await desk.refused(ANA, "evidence the contract", case_id)
