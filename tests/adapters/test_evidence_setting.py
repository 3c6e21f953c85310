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
from storage.s3_access import s3_client
from storage.s3_evidence import S3EvidenceStore


def test_without_an_evidence_url_evidence_stays_in_the_folder() -> None:
    assert isinstance(evidence_store(Settings.from_env({})), FileEvidenceStore)


@pytest.mark.parametrize("bad", ["s3://", "s3://Upper-Case", "https://bucket", "bucket",
                                 "s3://AKIAEXAMPLE:wJalr-SECRET@evidence/cases"])
def test_a_bad_evidence_url_is_named_at_start_up_without_repeating_it(bad: str) -> None:
    with pytest.raises(SettingsError, match="EVIDENCE_URL must be an s3://bucket/prefix") \
            as refused:
        Settings.from_env({"EVIDENCE_URL": bad})
    assert "SECRET" not in str(refused.value) and "AKIA" not in str(refused.value)


def test_a_bucket_that_does_not_answer_stops_the_start(s3_env: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match="bucket 'no-such-bucket-here' answered"):
        Settings.from_env({**s3_env, "EVIDENCE_URL": "s3://no-such-bucket-here/cases"})


def test_an_evidence_cap_s3_cannot_copy_is_refused() -> None:
    with pytest.raises(SettingsError, match="EVIDENCE_MAX_MB must be at most 5120"):
        Settings.from_env({"EVIDENCE_MAX_MB": "6000"})


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
