"""Evidence from the console: a local file, read in chunks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

CHUNK = 256 * 1024


async def read_chunks(path: Path) -> AsyncIterator[bytes]:
    """A file's bytes in chunks, read in a thread so the loop never blocks."""
    handle = await asyncio.to_thread(path.open, "rb")
    try:
        while chunk := await asyncio.to_thread(handle.read, CHUNK):
            yield chunk
    finally:
        handle.close()
