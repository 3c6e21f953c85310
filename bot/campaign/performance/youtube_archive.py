"""The zip YouTube Studio's Advanced mode exports (`Table data.csv`, `Chart data.csv`,
`Totals.csv`), opened from its bytes with limits, so a damaged, locked or inflating archive
is refused instead of read.

The archive is recognised by its member names; only the members the bot reads are
inflated, each read with a bound whatever size the archive declares.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from functools import cache
from importlib import resources
from pathlib import PurePosixPath

from bot.campaign.performance.table_text import LARGEST_FILE, header_key
from bot.domain.errors import Refusal

MOST_MEMBERS = 20
_ZIP_STARTS = (b"PK\x03\x04", b"PK\x05\x06")
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError)


@cache
def member_names() -> dict[str, str]:
    """Member file names, made comparable, to the part they hold ("table", "chart",
    "totals"), in every language the aliases list."""
    path = resources.files("bot.campaign.performance").joinpath("aliases", "youtube.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {header_key(name): part for part, names in raw["files"].items() for name in names}


def is_zip(content: bytes) -> bool:
    return content.startswith(_ZIP_STARTS)


def members(content: bytes) -> dict[str, bytes] | None:
    """The bytes of the table and chart members of a YouTube Studio zip, by part; None when
    the zip has no `Table data.csv`, so it is some other archive."""
    if not is_zip(content):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return _read(archive)
    except _DAMAGED:
        raise Refusal("That zip file is damaged or incomplete; download the export from "
                      "YouTube Studio again and send the zip as it is.") from None


def _read(archive: zipfile.ZipFile) -> dict[str, bytes] | None:
    infos = archive.infolist()
    wanted: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        part = member_names().get(header_key(PurePosixPath(info.filename).name))
        if part in ("table", "chart") and not info.is_dir():
            wanted.setdefault(part, info)
    if "table" not in wanted:
        return None
    if len(infos) > MOST_MEMBERS:
        raise Refusal(f"That zip holds {len(infos):,} files; a YouTube Studio export holds "
                      "three. Send the zip exactly as YouTube Studio made it.")
    if any(info.flag_bits & 0x1 for info in infos):
        raise Refusal("That zip is password-protected; send the zip exactly as YouTube "
                      "Studio made it, without a password.")
    if sum(info.file_size for info in infos) > LARGEST_FILE:
        raise Refusal(f"That zip unpacks to over {LARGEST_FILE // (1024 * 1024)} MiB; export "
                      "a shorter range or fewer videos.")
    found: dict[str, bytes] = {}
    left = LARGEST_FILE
    for part, info in wanted.items():
        with archive.open(info) as member:
            data = member.read(left + 1)
        if len(data) > left:
            raise Refusal(f"That zip unpacks to over {LARGEST_FILE // (1024 * 1024)} MiB; "
                          "export a shorter range or fewer videos.")
        left -= len(data)
        found[part] = data
    return found
