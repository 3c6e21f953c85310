"""Evidence files in S3-compatible object storage (AWS S3, MinIO, Cloudflare R2, GCS in S3
mode), content-addressed like the local folder: `<prefix>/<sha256[:2]>/<sha256>`.

A file is streamed in and hashed as it comes, never held whole: up to one part (8 MiB) is
buffered. A file that fits in one part is written once, under its hash, after it is hashed
(and not at all when that content is stored already). A larger one is sent as a multipart
upload to a temporary key, then copied to its hash's key and the temporary object deleted.
Going over the cap, a failed part, a failed source or a cancellation aborts the upload: no
temporary object and no unfinished multipart upload is left behind (a cancellation lets the
call under way finish first, so what it began is known; a file it had already stored whole,
under its hash, stays, as a later upload of the same bytes would find it). A copy of another
size under a hash's key can only be damaged: uploading the file again replaces it.

boto3 is synchronous: every call runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import re
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from bot.ports import EvidenceTooLarge, StoredFile
from storage.s3_access import StoreUnavailable, missing

HEAD_BYTES = 512  # as `storage.evidence_store`: the start of a file, for sniffing its type
PART_BYTES = 8 * 1024 * 1024  # a multipart upload's part (S3 wants at least 5 MiB)
_READ_BYTES = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
T = TypeVar("T")


async def _settled(call: Callable[[], T]) -> T:
    """`call()` in a worker thread, run to its end even if the caller is cancelled (the
    cancellation is raised once it has ended): what it did is then known to whoever cleans
    up."""
    running = asyncio.ensure_future(asyncio.to_thread(call))
    try:
        return await asyncio.shield(running)
    except asyncio.CancelledError:
        with contextlib.suppress(BaseException):
            await asyncio.shield(running)
        raise


class S3EvidenceStore:
    """`bot.ports.EvidenceStore` in a bucket, with a size cap per file."""

    def __init__(self, client: Any, bucket: str, prefix: str, max_bytes: int,
                 part_bytes: int = PART_BYTES) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.max_bytes = max_bytes
        self.part_bytes = part_bytes

    def key(self, sha256: str) -> str:
        """The object key of the file with this SHA-256; refuses anything but 64 lowercase
        hex characters, so no argument can name another object."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError("a sha256 must be 64 lowercase hexadecimal characters")
        return "/".join(p for p in (self.prefix, sha256[:2], sha256) if p)

    async def put(self, chunks: AsyncIterator[bytes]) -> StoredFile:
        """Stream a file in, hashing as it goes, and store it under its SHA-256. Raises
        EvidenceTooLarge as soon as the file goes over the cap; then nothing is stored."""
        upload = _Upload(self, f"{self.prefix}/incoming/{uuid.uuid4().hex}".lstrip("/"))
        try:
            size = 0
            head = bytearray()
            async for chunk in chunks:
                size += len(chunk)
                if size > self.max_bytes:
                    with contextlib.suppress(Exception):
                        await chunks.aclose()  # type: ignore[attr-defined]
                    raise EvidenceTooLarge(self.max_bytes)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                upload.buffer += chunk
                if len(upload.buffer) >= self.part_bytes:
                    await _settled(upload.send_part)
            sha256 = await _settled(upload.finish)
        except BaseException:
            # Also when cancelled: the call under way was let finish (a thread cannot be
            # stopped), so the upload it may have begun is known, and is aborted now, in a
            # thread of its own that a second cancellation does not interrupt either.
            await _settled(upload.discard)
            raise
        return StoredFile(sha256=sha256, size=size, head=bytes(head))

    async def read(self, sha256: str) -> bytes:
        """The stored file's bytes; FileNotFoundError if there is none."""
        key = self.key(sha256)
        try:
            return await asyncio.to_thread(self._get, key)
        except Exception as error:
            if missing(error):
                raise FileNotFoundError(key) from None
            raise StoreUnavailable(error) from error

    async def check(self, sha256: str) -> bool:
        """Whether the stored object is there and still hashes to its name."""
        key = self.key(sha256)
        try:
            return await asyncio.to_thread(self._hashes_to, key, sha256)
        except Exception as error:
            if missing(error):
                return False
            raise StoreUnavailable(error) from error

    async def remove(self, sha256: str) -> bool:
        """Delete an erased file's object (and, where the bucket keeps versions, every
        version of it). Whether there was one."""
        key = self.key(sha256)
        return await asyncio.to_thread(self._delete, key)

    # -- in a worker thread -----------------------------------------------------------------
    def _get(self, key: str) -> bytes:
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        try:
            return bytes(body.read())
        finally:
            body.close()

    def _hashes_to(self, key: str, sha256: str) -> bool:
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        digest = hashlib.sha256()
        try:
            while block := body.read(_READ_BYTES):
                digest.update(block)
        finally:
            body.close()
        return digest.hexdigest() == sha256

    def stored_size(self, key: str) -> int | None:
        """The stored object's size, or None when there is none. Without `s3:ListBucket`,
        S3 answers 403 for a missing key: that too is "none" (a write follows, which says
        plainly when access is really denied)."""
        try:
            answer = self.client.head_object(Bucket=self.bucket, Key=key)
        except Exception as error:
            response = getattr(error, "response", None)
            code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
            if missing(error) or str(code) in ("403", "AccessDenied"):
                return None
            raise
        return int(answer.get("ContentLength", -1))

    def _delete(self, key: str) -> bool:
        existed = self.stored_size(key) is not None
        with contextlib.suppress(Exception):  # a bucket without versioning answers nothing
            versions = self.client.list_object_versions(Bucket=self.bucket, Prefix=key)
            for version in versions.get("Versions", []) + versions.get("DeleteMarkers", []):
                if version.get("Key") == key:
                    self.client.delete_object(Bucket=self.bucket, Key=key,
                                              VersionId=version["VersionId"])
        self.client.delete_object(Bucket=self.bucket, Key=key)
        return existed


class _Upload:
    """One file on its way in: hashed part by part, sent as parts once larger than one."""

    def __init__(self, store: S3EvidenceStore, temporary: str) -> None:
        self.store = store
        self.temporary = temporary  # the multipart upload's key, until the hash is known
        self.buffer = bytearray()
        self.hash = hashlib.sha256()
        self.upload_id: str | None = None
        self.parts: list[dict[str, Any]] = []
        self.assembled = False  # the temporary object exists (to delete on failure)
        self.sent = 0  # bytes sent as parts

    def send_part(self) -> None:
        client, bucket = self.store.client, self.store.bucket
        data = bytes(self.buffer)
        self.buffer.clear()
        self.hash.update(data)
        self.sent += len(data)
        if self.upload_id is None:
            self.upload_id = client.create_multipart_upload(
                Bucket=bucket, Key=self.temporary)["UploadId"]
        number = len(self.parts) + 1
        answer = client.upload_part(Bucket=bucket, Key=self.temporary, PartNumber=number,
                                    UploadId=self.upload_id, Body=data)
        self.parts.append({"ETag": answer["ETag"], "PartNumber": number})

    def finish(self) -> str:
        """Give the bytes their content address; the SHA-256."""
        client, bucket = self.store.client, self.store.bucket
        if self.upload_id is None:  # one part at most: written once, under its hash
            data = bytes(self.buffer)
            self.hash.update(data)
            sha256 = self.hash.hexdigest()
            key = self.store.key(sha256)
            if self.store.stored_size(key) != len(data):  # none, or a damaged copy: (re)written
                client.put_object(Bucket=bucket, Key=key, Body=data)
            return sha256
        if self.buffer:
            self.send_part()
        sha256 = self.hash.hexdigest()
        key = self.store.key(sha256)
        if self.store.stored_size(key) == self.sent:  # known content: what was sent is not kept
            self.discard()
            return sha256
        client.complete_multipart_upload(
            Bucket=bucket, Key=self.temporary, UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts})
        self.assembled = True
        client.copy_object(Bucket=bucket, Key=key,
                           CopySource={"Bucket": bucket, "Key": self.temporary})
        client.delete_object(Bucket=bucket, Key=self.temporary)
        self.assembled = False
        self.upload_id = None
        return sha256

    def discard(self) -> None:
        """Leave nothing behind: abort the multipart upload, delete the temporary object."""
        client, bucket = self.store.client, self.store.bucket
        if self.upload_id is not None and not self.assembled:
            with contextlib.suppress(Exception):
                client.abort_multipart_upload(Bucket=bucket, Key=self.temporary,
                                              UploadId=self.upload_id)
        if self.assembled:
            with contextlib.suppress(Exception):
                client.delete_object(Bucket=bucket, Key=self.temporary)
        self.upload_id = None
        self.assembled = False
