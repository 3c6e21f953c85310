"""Evidence files in S3-compatible object storage, against a real S3 API server (moto's,
over HTTP): streamed in and hashed, capped without holding the file, stored under their
SHA-256, known content not stored twice, and nothing left behind (no object, no unfinished
multipart upload) when a file is too large, its source fails or an upload fails."""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator, Iterable
from typing import Any

import pytest

from bot.ports import EvidenceTooLarge
from storage.s3_access import EvidenceUrl, StoreUnavailable, s3_client
from storage.s3_evidence import S3EvidenceStore

MIB = 1024 * 1024
PART = 5 * MIB  # S3's smallest part


async def stream(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


@pytest.fixture
def client(s3_env: dict[str, str]) -> Any:
    return s3_client(s3_env)


@pytest.fixture
def store(client: Any) -> S3EvidenceStore:
    bucket = f"evidence-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return S3EvidenceStore(client, bucket, "cases", max_bytes=20 * MIB, part_bytes=PART)


def objects(store: S3EvidenceStore) -> list[str]:
    found = store.client.list_objects_v2(Bucket=store.bucket).get("Contents", [])
    return sorted(o["Key"] for o in found)


def unfinished(store: S3EvidenceStore) -> list[str]:
    return [u["Key"] for u in store.client.list_multipart_uploads(
        Bucket=store.bucket).get("Uploads", [])]


@pytest.mark.parametrize("size", [0, 1, 511, 513, PART - 1, PART, PART + 1, 3 * PART + 7])
async def test_a_file_is_stored_under_its_hash_read_back_and_checked(
        store: S3EvidenceStore, size: int) -> None:
    content = os.urandom(size)
    pieces = [content[i:i + 64 * 1024] for i in range(0, size, 64 * 1024)]
    stored = await store.put(stream(pieces))
    digest = hashlib.sha256(content).hexdigest()
    assert (stored.sha256, stored.size, stored.head) == (digest, size, content[:512])
    assert objects(store) == [f"cases/{digest[:2]}/{digest}"]  # nothing else, no temporary
    assert unfinished(store) == []
    assert await store.read(digest) == content
    assert await store.check(digest)


async def test_known_content_is_not_stored_twice(store: S3EvidenceStore) -> None:
    small, large = b"the signed brief", os.urandom(2 * PART + 1)
    for content in (small, large, small, large):
        await store.put(stream([content[i:i + MIB] for i in range(0, len(content), MIB)]))
    assert len(objects(store)) == 2 and unfinished(store) == []


async def test_over_the_cap_nothing_is_stored_and_the_source_stops(
        store: S3EvidenceStore) -> None:
    read = []

    async def big() -> AsyncIterator[bytes]:
        for _ in range(30):
            read.append(1)
            yield b"x" * MIB

    with pytest.raises(EvidenceTooLarge):
        await store.put(big())
    assert len(read) == 21  # stopped at the first chunk over the 20 MiB cap
    assert objects(store) == [] and unfinished(store) == []
    exactly = await store.put(stream([b"y" * MIB] * 20))
    assert exactly.size == 20 * MIB


async def test_a_failing_source_or_server_leaves_nothing(store: S3EvidenceStore) -> None:
    async def broken() -> AsyncIterator[bytes]:
        for _ in range(12):  # two parts are sent before the connection drops
            yield b"a" * MIB
        raise ConnectionResetError("peer went away")

    with pytest.raises(ConnectionResetError):
        await store.put(broken())
    assert objects(store) == [] and unfinished(store) == []
    gone = S3EvidenceStore(store.client, f"no-such-bucket-{uuid.uuid4().hex[:8]}", "", MIB)
    with pytest.raises(Exception, match="NoSuchBucket"):
        await gone.put(stream([b"z" * 100]))


async def test_check_notices_a_damaged_or_missing_file_and_remove_deletes(
        store: S3EvidenceStore) -> None:
    stored = await store.put(stream([b"original evidence"]))
    key = store.key(stored.sha256)
    store.client.put_object(Bucket=store.bucket, Key=key, Body=b"tampered")
    assert not await store.check(stored.sha256)
    assert await store.remove(stored.sha256)
    assert not await store.check(stored.sha256)
    assert not await store.remove(stored.sha256)
    with pytest.raises(FileNotFoundError):
        await store.read(stored.sha256)


@pytest.mark.parametrize("bad", ["", "../" + "a" * 61, "A" * 64, "a" * 63, "g" * 64])
async def test_a_bad_sha256_names_no_object(store: S3EvidenceStore, bad: str) -> None:
    with pytest.raises(ValueError, match="64 lowercase"):
        await store.read(bad)


@pytest.mark.parametrize(("url", "bucket", "prefix"), [
    ("s3://evidence", "evidence", ""), ("s3://my.bucket-1/cases/", "my.bucket-1", "cases"),
    ("s3://b12/a/b", "b12", "a/b")])
def test_an_evidence_url_names_a_bucket_and_a_prefix(url: str, bucket: str,
                                                    prefix: str) -> None:
    assert EvidenceUrl.parse(url) == EvidenceUrl(bucket, prefix)


@pytest.mark.parametrize("url", ["s3://", "s3://UPPER", "file:///tmp/x", "s3://a", "evidence",
                                 "s3://a..b/x", "s3://ab-.c/x", "s3://192.168.1.1/x",
                                 "s3://KEY:secret@evidence/cases"])
def test_a_bad_evidence_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="s3://bucket/prefix"):
        EvidenceUrl.parse(url)


async def test_uploading_again_repairs_a_damaged_copy(store: S3EvidenceStore) -> None:
    for content in (b"the signed brief, small", os.urandom(PART + 3)):
        pieces = [content[i:i + MIB] for i in range(0, len(content), MIB)]
        stored = await store.put(stream(pieces))
        store.client.put_object(Bucket=store.bucket, Key=store.key(stored.sha256),
                                Body=b"damaged")
        assert not await store.check(stored.sha256)
        await store.put(stream(pieces))
        assert await store.check(stored.sha256)
    assert unfinished(store) == [] and all("incoming" not in k for k in objects(store))


async def test_a_cancelled_upload_leaves_no_part_of_itself(store: S3EvidenceStore) -> None:
    started = asyncio.Event()

    async def slow() -> AsyncIterator[bytes]:
        for _ in range(7):  # a part is sent, then the source stalls
            yield b"c" * MIB
        started.set()
        await asyncio.sleep(30)
        yield b"never"

    upload = asyncio.create_task(store.put(slow()))
    await started.wait()
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload
    assert objects(store) == [] and unfinished(store) == []


async def test_a_bucket_that_answers_with_an_error_is_an_os_error(
        store: S3EvidenceStore) -> None:
    gone = S3EvidenceStore(store.client, f"gone-{uuid.uuid4().hex[:8]}", "", MIB)
    with pytest.raises(StoreUnavailable, match="NoSuchBucket"):
        await gone.read("a" * 64)
    with pytest.raises(OSError, match="NoSuchBucket"):
        await gone.check("a" * 64)
