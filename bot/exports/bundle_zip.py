"""Reading a bundle's ZIP without trusting it: every member's name, declared size and CRC.

A bundle may arrive damaged or made to do harm: a member whose compressed bytes were changed,
a ZIP cut short, the same name twice, a name that climbs out of its folder (`../x`), or a
member that declares gigabytes. Each is answered with one line naming the member and what is
wrong, never an exception. Memory stays bounded: only the two JSON members are kept in
memory (at most `JSON_CAP` each); every other member is hashed as it is read (at most
`FILE_CAP`), and a member declaring more than its cap is refused before a byte is read.
"""

from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from bot.exports.html_page import THUMBNAIL_MAX_BYTES

MIB = 1024 * 1024
JSON_CAP = 64 * MIB
FILE_CAP = 256 * MIB
IMAGE_ENDINGS = (".png", ".jpg", ".gif", ".webp")  # the names ledger.py gives images
MAX_MEMBERS = 100_000
_LOCAL_HEADER = 30  # bytes of a member's record before its name
_END_RECORD = 22  # bytes of the end-of-directory record, with no comment
_CHUNK = MIB

# What reading a damaged archive or member may raise, whatever the damage.
_DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
           NotImplementedError, RuntimeError, zlib.error, struct.error, IndexError,
           OverflowError, UnicodeError)


@dataclass(frozen=True)
class Member:
    """One member as read: its hash and size, and its bytes when it was asked to be kept."""

    name: str
    sha256: str
    size: int
    data: bytes | None = None


class ZipProblem(Exception):
    """The first thing wrong with the ZIP itself, as the line a person reads."""


def unsafe_name(name: str) -> str | None:
    """Why a member's name is not one a bundle holds, or None when it is a plain path."""
    if not name:
        return "an empty name"
    if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return "an absolute or non-portable path"
    if any(part in ("", ".", "..") for part in name.split("/")):
        return "a path that leaves its folder or has empty parts"
    if any(ord(c) < 32 for c in name):
        return "control characters in its name"
    return None


def read_members(source: str | IO[bytes], keep: frozenset[str], *,
                 keep_images: bool = False) -> dict[str, Member]:
    """Every member of the bundle, checked; the bytes of those named in `keep` (JSON ones)
    and, with `keep_images`, of evidence images small enough for the HTML's thumbnails.

    Raises ZipProblem with the line to print when the ZIP or one of its members fails."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ZipProblem(f"bundle: more than {MAX_MEMBERS} members")
            _check_names(infos)
            _check_layout(archive, infos)
            return {info.filename: _read(archive, info, info.filename in keep,
                                         keep_images and _thumbnail(info))
                    for info in infos}
    except ZipProblem:
        raise
    except _DAMAGE as error:
        raise ZipProblem(f"not a readable ZIP file ({_said(error)})") from None


def _check_layout(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """The exact layout the bot writes: the members' records back to back from the first
    byte, the directory right after them, nothing after it. A ZIP reader that walks the
    records rather than the directory then sees the very files that were checked."""
    stream = archive.fp
    if stream is None:
        raise ZipProblem("bundle: not a readable ZIP file")
    offset = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != offset:
            raise ZipProblem(f"{info.filename}: bytes hidden before it in the ZIP")
        if info.flag_bits & 0x08:
            raise ZipProblem(f"{info.filename}: sizes written after its data, which a bundle "
                             "never does")
        stream.seek(offset)
        header = stream.read(_LOCAL_HEADER)
        if len(header) != _LOCAL_HEADER or header[:4] != b"PK\x03\x04":
            raise ZipProblem(f"{info.filename}: its record is not where the directory says")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        offset += _LOCAL_HEADER + name_length + extra_length + info.compress_size
    if offset != archive.start_dir:
        raise ZipProblem("bundle: bytes hidden between the last member and the directory")
    stream.seek(-_END_RECORD, 2)
    if archive.comment or stream.read(4) != b"PK\x05\x06":
        raise ZipProblem("bundle: bytes after the ZIP's directory, which a bundle never has")


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if name in seen:
            raise ZipProblem(f"{name}: appears twice in the ZIP")
        seen.add(name)
        why = unsafe_name(name)
        if why is not None:
            shown = name if name.isprintable() else repr(name)
            raise ZipProblem(f"{shown}: not a name a bundle holds ({why})")


def _thumbnail(info: zipfile.ZipInfo) -> bool:
    return (info.filename.startswith("evidence/") and info.file_size <= THUMBNAIL_MAX_BYTES
            and info.filename.lower().endswith(IMAGE_ENDINGS))


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool,
          image: bool = False) -> Member:
    name = info.filename
    cap = JSON_CAP if keep else FILE_CAP
    keep = keep or image
    if info.file_size > cap:
        raise ZipProblem(f"{name}: declares {info.file_size} bytes, over the "
                         f"{cap // MIB} MiB a bundle member may hold")
    if info.flag_bits & 0x1:
        raise ZipProblem(f"{name}: encrypted, which a bundle never is")
    digest = hashlib.sha256()
    kept: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > cap:
                    raise ZipProblem(f"{name}: unpacks to over the {cap // MIB} MiB a bundle "
                                     "member may hold")
                digest.update(chunk)
                if keep:
                    kept.append(chunk)
    except ZipProblem:
        raise
    except _DAMAGE as error:
        raise ZipProblem(f"{name}: damaged in the ZIP ({_said(error)})") from None
    return Member(name, digest.hexdigest(), size, b"".join(kept) if keep else None)


def _said(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 200 else text[:200] + "…"
