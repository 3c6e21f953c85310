"""Downloading a shared file for evidence: the bot token goes only to the allowed file hosts.

Every hop is checked before it is requested (redirects are followed by hand, never by the
HTTP client), and an HTML page where a file was expected (Slack's sign-in page, served with
status 200 when the token lacks `files:read`) is refused before a byte is stored.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urljoin, urlsplit

import aiohttp

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
MAX_REDIRECTS = 3
REDIRECTS = (301, 302, 303, 307, 308)


class FileRefused(Exception):
    """A file that is not downloaded (or not stored): the message says why, for the uploader."""


def allowed(url: str, hosts: tuple[str, ...]) -> bool:
    """Whether `url` is on an allowed file host: a bare host name allows exactly that host over
    https (default port); a full origin (`http://127.0.0.1:8080`) allows exactly that origin."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        return False
    origin = f"{parts.scheme}://{parts.netloc.lower()}"
    for entry in hosts:
        if "://" in entry:
            if origin == entry:
                return True
        elif parts.scheme == "https" and host == entry and port in (None, 443):
            return True
    return False


def size_words(size: int) -> str:
    """A byte limit as people read it: `20 MiB`, `256 KiB`."""
    mib = 1024 * 1024
    return f"{size // mib} MiB" if size >= mib else f"{size // 1024} KiB"


class Downloads:
    def __init__(self, hosts: tuple[str, ...], max_bytes: int) -> None:
        self.hosts = hosts
        self.max_bytes = max_bytes

    @asynccontextmanager
    async def open(self, url: str, token: str) -> AsyncIterator[AsyncIterator[bytes]]:
        """The file's bytes as chunks, once its host, status and type have been checked."""
        if not allowed(url, self.hosts):
            raise FileRefused("Files from that host are not accepted as evidence: only files "
                              "uploaded to Slack are.")
        timeout = aiohttp.ClientTimeout(total=300, sock_connect=10, sock_read=60)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            response = await self._follow(session, url, token)
            try:
                yield self._chunks(response)
            finally:
                response.release()

    async def _follow(self, session: aiohttp.ClientSession, url: str,
                      token: str) -> aiohttp.ClientResponse:
        headers = {"Authorization": f"Bearer {token}"}
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = await session.get(url, headers=headers, allow_redirects=False)
            except (aiohttp.ClientError, TimeoutError) as problem:
                log.warning("file download failed: %s", type(problem).__name__)
                raise FileRefused("The file could not be downloaded from Slack; please "
                                  "upload it again.") from None
            if response.status in REDIRECTS:
                target = urljoin(url, response.headers.get("Location", ""))
                response.release()
                if not allowed(target, self.hosts):
                    raise FileRefused("Slack redirected the download to a host that is not "
                                      "allowed; the file was not fetched.")
                url = target
                continue
            self._check(response)
            return response
        raise FileRefused("The download was redirected too many times.")

    def _check(self, response: aiohttp.ClientResponse) -> None:
        if response.status != 200:
            response.release()
            raise FileRefused(f"Slack answered {response.status} for the file; it was not "
                              "stored.")
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type == "text/html":
            response.release()
            raise FileRefused("Slack sent a sign-in page instead of the file: the app needs "
                              "the files:read scope (reinstall it). Nothing was stored.")
        length = response.content_length
        if length is not None and length > self.max_bytes:
            response.release()
            raise FileRefused(f"The file is larger than the {size_words(self.max_bytes)} "
                              "limit; nothing was stored.")

    @staticmethod
    async def _chunks(response: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
        async for chunk in response.content.iter_chunked(CHUNK):
            yield chunk
