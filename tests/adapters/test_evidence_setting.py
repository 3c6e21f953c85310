"""`EVIDENCE_URL`: evidence in a bucket when set (checked at start-up, with the S3 client's
usual settings), the local folder otherwise."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest

from adapters.settings import Settings, SettingsError
from adapters.wiring import evidence_store
from storage.evidence_store import FileEvidenceStore
from storage.s3_evidence import S3EvidenceStore, s3_client


def test_without_an_evidence_url_evidence_stays_in_the_folder() -> None:
    assert isinstance(evidence_store(Settings.from_env({})), FileEvidenceStore)


@pytest.mark.parametrize("bad", ["s3://", "s3://Upper-Case", "https://bucket", "bucket"])
def test_a_bad_evidence_url_is_named_at_start_up(bad: str) -> None:
    with pytest.raises(SettingsError, match="EVIDENCE_URL must be an s3://bucket/prefix"):
        Settings.from_env({"EVIDENCE_URL": bad})


async def test_an_evidence_url_stores_evidence_in_its_bucket(
        s3_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    bucket = f"wired-{uuid.uuid4().hex[:10]}"
    s3_client(s3_env).create_bucket(Bucket=bucket)
    for name, value in s3_env.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env({**os.environ, "EVIDENCE_URL": f"s3://{bucket}/cases",
                                  "EVIDENCE_MAX_MB": "2"})
    store = evidence_store(settings)
    assert isinstance(store, S3EvidenceStore)
    assert (store.bucket, store.prefix, store.max_bytes) == (bucket, "cases", 2 * 1024 * 1024)

    async def one() -> AsyncIterator[bytes]:
        yield b"a contract"

    stored = await store.put(one())
    assert await store.read(stored.sha256) == b"a contract"
