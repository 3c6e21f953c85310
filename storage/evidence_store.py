"""Evidence files on local disk, content-addressed: `<root>/<sha256[:2]>/<sha256>`.

A file's only name is its SHA-256, so nothing a user supplies (a file name, a path) ever
reaches the file system, and the same bytes uploaded twice are stored once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from bot.ports import EvidenceTooLarge, StoredFile

HEAD_BYTES = 512
"""How much of the start of a file `StoredFile.head` carries, for sniffing its type."""

# Chunks are gathered up to this size before a trip to the worker thread: platforms send small
# chunks, and one thread hop per 8 KiB would cost more than the hashing itself.
_FLUSH_BYTES = 1024 * 1024
_READ_BYTES = 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TEMP_PREFIX = ".upload-"


class FileEvidenceStore:
    """`bot.ports.EvidenceStore` in a local folder, with a size cap per file."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        self.root = Path(root)
        self.max_bytes = max_bytes

    async def put(self, chunks: AsyncIterator[bytes]) -> StoredFile:
        """Stream a file in, hashing as it goes, and store it under its SHA-256.

        Raises EvidenceTooLarge as soon as the file goes over the cap; then nothing is stored
        (the partial temporary file is removed). All disk work and hashing run in a thread.
        """
        upload = await asyncio.to_thread(_Upload.start, self.root)
        try:
            size = 0
            head = bytearray()
            pending = bytearray()
            async for chunk in chunks:
                size += len(chunk)
                if size > self.max_bytes:
                    await _close_source(chunks)
                    raise EvidenceTooLarge(self.max_bytes)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                pending += chunk
                if len(pending) >= _FLUSH_BYTES:
                    await asyncio.to_thread(upload.write, bytes(pending))
                    pending.clear()
            if pending:
                await asyncio.to_thread(upload.write, bytes(pending))
            sha256 = await asyncio.to_thread(upload.finish, self.root)
        except BaseException:
            # Also on cancellation: never leave a partial upload behind. A plain unlink is
            # quick enough to do right here, and awaiting may be impossible while cancelled.
            upload.discard()
            raise
        return StoredFile(sha256=sha256, size=size, head=bytes(head))

    async def read(self, sha256: str) -> bytes:
        """The stored file's bytes; FileNotFoundError if there is none."""
        return await asyncio.to_thread(self.path(sha256).read_bytes)

    async def check(self, sha256: str) -> bool:
        """Whether the stored file is there and still hashes to its name."""
        path = self.path(sha256)
        return await asyncio.to_thread(_hashes_to, path, sha256)

    async def remove(self, sha256: str) -> bool:
        """Delete a stored file whose content was erased: overwritten with zeros first (on
        a file system that writes in place, its bytes go from the disk too), then unlinked.
        Whether there was one."""
        return await asyncio.to_thread(_overwrite_and_unlink, self.path(sha256))

    def path(self, sha256: str) -> Path:
        """Where the file with this SHA-256 lives. Refuses anything but 64 lowercase hex
        characters, so no argument can point outside the store."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError("a sha256 must be 64 lowercase hexadecimal characters")
        return self.root / sha256[:2] / sha256


class _Upload:
    """A temporary file inside the store being written and hashed (runs in a worker thread)."""

    def __init__(self, fd: int, path: Path) -> None:
        self._file = os.fdopen(fd, "wb")
        self.path = path
        self._hash = hashlib.sha256()

    @classmethod
    def start(cls, root: Path) -> _Upload:
        root.mkdir(parents=True, exist_ok=True)
        # In the store's own folder, so the final rename never crosses file systems.
        fd, name = tempfile.mkstemp(dir=root, prefix=_TEMP_PREFIX)
        return cls(fd, Path(name))

    def write(self, data: bytes) -> None:
        self._hash.update(data)
        self._file.write(data)

    def finish(self, root: Path) -> str:
        """Make the bytes durable and give them their content address; returns the SHA-256."""
        sha256 = self._hash.hexdigest()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        folder = root / sha256[:2]
        folder.mkdir(exist_ok=True)
        target = folder / sha256
        size = self.path.stat().st_size
        if target.exists() and target.stat().st_size == size:
            # The same content is already stored: keep that copy.
            self.path.unlink()
        else:
            # Atomic: readers see either no file or the whole file. (A copy of another size
            # can only be damaged, since the name is the content's hash: replace it.)
            os.replace(self.path, target)
            _fsync_directory(folder)
        return sha256

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _overwrite_and_unlink(path: Path) -> bool:
    try:
        with path.open("r+b") as file:
            size = file.seek(0, 2)
            file.seek(0)
            for _ in range(0, size, _ZEROS_SIZE):
                file.write(_ZEROS[:min(_ZEROS_SIZE, size - file.tell())])
            file.flush()
            os.fsync(file.fileno())
    except FileNotFoundError:
        return False
    path.unlink(missing_ok=True)
    _fsync_directory(path.parent)
    return True


_ZEROS_SIZE = 1 << 20
_ZEROS = bytes(_ZEROS_SIZE)


def _hashes_to(path: Path, sha256: str) -> bool:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while block := file.read(_READ_BYTES):
                digest.update(block)
    except FileNotFoundError:
        return False
    return digest.hexdigest() == sha256


def _fsync_directory(folder: Path) -> None:
    # The rename is only durable once the directory entry itself is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. platforms that cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


async def _close_source(chunks: AsyncIterator[bytes]) -> None:
    # Stop the download we no longer want (an async generator holds its response open).
    aclose = getattr(chunks, "aclose", None)
    if aclose is not None:
        with contextlib.suppress(Exception):
            await aclose()
