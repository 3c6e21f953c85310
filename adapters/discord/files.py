"""Attachments from Discord's CDN: checked, then streamed in with a size cap.

Only the configured CDN origins are ever contacted (redirects are checked again), so a crafted
URL cannot make the bot fetch an internal address. Discord's attachment URLs are signed, so no
token is sent at all. Links expire: the handler downloads at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import discord
import yarl

from adapters.discord.settings import origin
from adapters.discord.translate import FileRef

CHUNK = 64 * 1024
MAX_REDIRECTS = 3


def attachment_fields(attachment: discord.Attachment) -> dict[str, Any]:
    """The fields of a message's attachment that `translate.file_ref` reads."""
    return {"id": attachment.id, "url": attachment.url, "filename": attachment.filename,
            "size": attachment.size}


class FileRefused(Exception):
    """A file the bot will not fetch or keep; the message says why, for the uploader."""


def check_url(url: str, origins: tuple[str, ...]) -> None:
    """Refuse any URL outside Discord's CDN (the configured origins)."""
    if origin(url) not in origins:
        raise FileRefused("Files are only taken from Discord's CDN; this link is not.")


def check_size(file: FileRef, max_bytes: int) -> None:
    if file.size > max_bytes:
        raise FileRefused(f"{file.filename} is larger than the {size_words(max_bytes)} limit.")


def size_words(size: int) -> str:
    """A limit as people read it: 8 MiB, 256 KiB."""
    mib = 1024 * 1024
    return f"{size // mib} MiB" if size >= mib else f"{max(size // 1024, 1)} KiB"


async def download(session: aiohttp.ClientSession, file: FileRef, origins: tuple[str, ...],
                   max_bytes: int) -> AsyncIterator[bytes]:
    """The file's bytes in chunks; FileRefused for a foreign host or an oversize file."""
    check_url(file.url, origins)
    check_size(file, max_bytes)
    url = yarl.URL(file.url, encoded=True)
    for _ in range(MAX_REDIRECTS + 1):
        async with session.get(url, allow_redirects=False) as response:
            if response.status in (301, 302, 303, 307, 308):
                url = url.join(yarl.URL(response.headers.get("Location", "")))
                check_url(str(url), origins)
                continue
            if response.status != 200:
                raise FileRefused(
                    f"Discord's CDN answered {response.status} for {file.filename}; "
                    "upload it again.")
            length = response.content_length
            if length is not None and length > max_bytes:
                check_size(FileRef(file.id, file.url, file.filename, length), max_bytes)
            received = 0
            async for chunk in response.content.iter_chunked(CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    check_size(FileRef(file.id, file.url, file.filename, received), max_bytes)
                yield chunk
            return
    raise FileRefused(f"Too many redirects for {file.filename}.")
