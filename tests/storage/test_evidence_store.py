"""Evidence files: streamed in, hashed, capped, stored under their SHA-256."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import pytest

from bot.ports import EvidenceTooLarge
from storage.evidence_store import HEAD_BYTES, FileEvidenceStore
from tests.conftest import EVIDENCE_TEST_CAP


async def stream(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def test_put_hashes_like_hashlib_and_stores_by_content(
    evidence_store: FileEvidenceStore,
) -> None:
    data = os.urandom(300_000)
    chunks = [data[i : i + 7_001] for i in range(0, len(data), 7_001)]

    stored = await evidence_store.put(stream(chunks))

    digest = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == digest
    assert stored.size == len(data)
    assert stored.head == data[:HEAD_BYTES]
    assert files_under(evidence_store.root) == [evidence_store.root / digest[:2] / digest]
    assert await evidence_store.read(digest) == data
    assert await evidence_store.check(digest)


async def test_small_and_empty_files(evidence_store: FileEvidenceStore) -> None:
    small = await evidence_store.put(stream([b"%PDF", b"-1.7"]))
    assert small.head == b"%PDF-1.7" and small.size == 8
    empty = await evidence_store.put(stream([]))
    assert empty.sha256 == hashlib.sha256(b"").hexdigest() and empty.size == 0
    assert await evidence_store.read(empty.sha256) == b""


async def test_the_same_content_is_stored_once(evidence_store: FileEvidenceStore) -> None:
    data = b"the same screenshot" * 1000
    first = await evidence_store.put(stream([data]))
    path = evidence_store.path(first.sha256)
    inode = path.stat().st_ino

    second = await evidence_store.put(stream([data[:5], data[5:]]))

    assert second == first
    assert files_under(evidence_store.root) == [path]
    assert path.stat().st_ino == inode  # the existing copy was kept


async def test_exactly_the_cap_is_accepted(evidence_store: FileEvidenceStore) -> None:
    data = b"x" * EVIDENCE_TEST_CAP
    stored = await evidence_store.put(stream([data[:1000], data[1000:]]))
    assert stored.size == EVIDENCE_TEST_CAP


async def test_over_the_cap_nothing_is_stored(evidence_store: FileEvidenceStore) -> None:
    consumed: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for n in range(10_000):
            consumed.append(n)
            yield b"y" * 100_000

    with pytest.raises(EvidenceTooLarge) as refused:
        await evidence_store.put(endless())

    assert refused.value.limit == EVIDENCE_TEST_CAP
    assert "1 MiB" in str(refused.value)
    assert files_under(evidence_store.root) == []  # no temporary file left either
    assert len(consumed) == 11  # stopped reading at the first chunk over the cap


async def test_a_failing_download_leaves_nothing(tmp_path: Path) -> None:
    store = FileEvidenceStore(tmp_path / "evidence", max_bytes=4 * 1024 * 1024)

    async def broken() -> AsyncIterator[bytes]:
        # Enough to have reached the disk before the connection drops.
        for _ in range(3):
            yield b"a" * (512 * 1024)
        raise ConnectionResetError("peer went away")

    with pytest.raises(ConnectionResetError):
        await store.put(broken())
    assert files_under(store.root) == []


async def test_check_notices_a_damaged_or_missing_file(evidence_store: FileEvidenceStore) -> None:
    stored = await evidence_store.put(stream([b"original bytes"]))
    path = evidence_store.path(stored.sha256)
    assert await evidence_store.check(stored.sha256)

    path.write_bytes(b"tampered bytes")
    assert not await evidence_store.check(stored.sha256)

    path.unlink()
    assert not await evidence_store.check(stored.sha256)
    with pytest.raises(FileNotFoundError):
        await evidence_store.read(stored.sha256)


async def test_a_damaged_copy_of_another_size_is_replaced(
    evidence_store: FileEvidenceStore,
) -> None:
    data = b"the real file"
    stored = await evidence_store.put(stream([data]))
    evidence_store.path(stored.sha256).write_bytes(b"trunc")
    await evidence_store.put(stream([data]))
    assert await evidence_store.check(stored.sha256)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "../../etc/passwd",
        "a" * 63,
        "a" * 65,
        "A" * 64,  # upper case: not how we name files
        "g" * 64,
        "a" * 63 + "/",
        "a" * 64 + "\n",
        "/" + "a" * 63,
        "..",
    ],
)
async def test_bad_sha256_is_refused(evidence_store: FileEvidenceStore, bad: str) -> None:
    with pytest.raises(ValueError):
        await evidence_store.read(bad)
    with pytest.raises(ValueError):
        await evidence_store.check(bad)


def test_a_cap_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        FileEvidenceStore(tmp_path, max_bytes=0)
