"""Helpers for bundle tests: make one, and rewrite one with a member changed."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from bot.domain.identity import Role
from bot.exports import render
from tests.domain.session import ANA, CLEO, MO, T0, Session
from tests.exports.story import evidence_reader, story

VIEWERS = {"brand": (ANA, Role.CLAIMANT), "creator": (CLEO, Role.RESPONDENT),
           "mediator": (MO, Role.MEDIATOR)}


def make_bundle(who: str = "brand", full: bool = False, s: Session | None = None) -> bytes:
    """A bundle of the story (a fresh one unless given: each journal has its own salts)."""
    s = s or story()
    actor, role = VIEWERS[who]
    return render("bundle", s.state, s.journal, actor, role, T0, evidence_reader,
                  full=full).content


def members(bundle: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return archive.namelist()


def rewritten(bundle: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The bundle rewritten member by member through `change` (None drops the member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info, data)
    return out.getvalue()


def flip_byte(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]
