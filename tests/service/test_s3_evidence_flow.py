"""A mediation whose evidence lives in object storage (a real S3 API server): a file added to
a case is an object under its hash; exports and signed bundles read it from there; `verify`
checks it there; erasing the person who brought it deletes the object."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

import pytest

from bot.domain import kinds
from bot.domain.phases import Phase
from bot.service.store_audit import verify_case
from storage.repository import SqlCaseStore
from storage.s3_access import s3_client
from storage.s3_evidence import S3EvidenceStore

from .desk import CLEO, MO, Clock, Desk

FILE = b"%PDF-1.7 the creator's insights export"


@pytest.fixture
def bucket_store(s3_env: dict[str, str]) -> S3EvidenceStore:
    client: Any = s3_client(s3_env)
    bucket = f"flow-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return S3EvidenceStore(client, bucket, "evidence", max_bytes=1024 * 1024)


async def test_evidence_in_a_bucket_is_exported_verified_and_erased(
        store: SqlCaseStore, bucket_store: S3EvidenceStore, clock: Clock) -> None:
    desk = await Desk.over(store, bucket_store, clock)
    case_id = await desk.case_in(Phase.NEGOTIATION)
    added = await desk.attach(CLEO, case_id, FILE, "insights.pdf", "the insights")
    [entry] = [e for e in added.entries if e.kind == kinds.EVIDENCE_ADDED]
    sha = entry.payload["sha256"]
    listed = bucket_store.client.list_objects_v2(Bucket=bucket_store.bucket)["Contents"]
    assert [o["Key"] for o in listed] == [f"evidence/{sha[:2]}/{sha}"]
    [reply] = (await desk.say(MO, "export bundle", case_id)).replies
    assert reply.attachment is not None
    with zipfile.ZipFile(io.BytesIO(reply.attachment.content)) as bundle:
        files = [n for n in bundle.namelist() if sha in n]
        assert files and bundle.read(files[0]) == FILE
        assert json.loads(bundle.read("manifest.json"))
    assert await verify_case(store, bucket_store, case_id) == []
    await desk.service.erasing.erase(case_id, CLEO.user_id, "the creator asked", "dana")
    assert bucket_store.client.list_objects_v2(Bucket=bucket_store.bucket).get(
        "Contents", []) == []
    assert await verify_case(store, bucket_store, case_id) == []
