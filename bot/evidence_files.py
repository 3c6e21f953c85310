"""What the core needs from the evidence store: files kept under their SHA-256 (re-exported
by `bot.ports`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol


class EvidenceTooLarge(Exception):
    """A file went over the evidence size cap; nothing was stored."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"The file is larger than the {limit // (1024 * 1024)} MiB limit.")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    head: bytes  # the first bytes, for sniffing the type


class EvidenceStore(Protocol):
    max_bytes: int  # the cap on one file

    async def put(self, chunks: AsyncIterator[bytes]) -> StoredFile:
        """Stream a file in, hashing as it goes; raises EvidenceTooLarge past the cap."""
        ...

    async def read(self, sha256: str) -> bytes: ...

    async def check(self, sha256: str) -> bool:
        """Whether the stored file is there and still hashes to its name."""
        ...

    async def remove(self, sha256: str) -> bool: ...  # delete an erased file; was there one
