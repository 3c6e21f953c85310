"""What kind of file a piece of evidence is, from its first bytes (names can lie)."""

from __future__ import annotations

import mimetypes
import posixpath

from bot.domain.text import clean_text

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
)


def sniff(head: bytes, filename: str) -> str:
    """The media type by magic bytes; then by name for text-like files; else octet-stream."""
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            if media_type == "application/zip":
                guessed = mimetypes.guess_type(filename)[0]
                return guessed or media_type  # docx, xlsx, ... are zip files
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character may be cut at the end of the head; retry without the tail.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
    guessed = mimetypes.guess_type(filename)[0]
    if guessed and (guessed.startswith("text/") or guessed in ("application/json",
                                                               "application/csv")):
        return guessed
    return "text/plain"


def display_name(filename: str) -> str:
    """A file name fit to show and journal: no folders, no control characters, bounded."""
    name = posixpath.basename(clean_text(filename).replace("\\", "/")).strip()
    return (name or "file")[:200]
