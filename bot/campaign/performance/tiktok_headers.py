"""How TikTok names its columns and months in the languages its exports come in, read from
`aliases/tiktok.json`, and a cheap look at an upload's header row to tell whether it is one
of TikTok's exports before the whole file is read.

A column has a role: `day`, `link`, `id`, `title`, `published`, a metric's name, or `ignore`
for a TikTok figure with no metric this bot compares (total followers, viewers).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.campaign.performance import table_text
from bot.domain.errors import Refusal

_SNIFF_BYTES = 4096
IGNORE = "ignore"


@cache
def _data() -> dict[str, object]:
    text = resources.files(__package__).joinpath("aliases", "tiktok.json").read_text("utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


@cache
def months() -> dict[str, int]:
    """Month names and abbreviations (English, German, French, Spanish) -> month number."""
    raw = _data()["months"]
    assert isinstance(raw, dict)
    return {name.casefold(): int(number) for number, names in raw.items() for name in names}


@cache
def _roles(section: str) -> dict[str, tuple[str, frozenset[str]]]:
    """header key -> (role, languages it is written in) for "overview" or "videos"."""
    raw = _data()[section]
    assert isinstance(raw, dict)
    found: dict[str, tuple[str, set[str]]] = {}
    for language, roles in raw.items():
        for role, names in roles.items():
            for name in names:
                key = table_text.header_key(name)
                found.setdefault(key, (role, set()))[1].add(language)
    return {key: (role, frozenset(languages)) for key, (role, languages) in found.items()}


@cache
def not_tiktok() -> frozenset[str]:
    """Header cells that mark another platform's export (Meta's post id, YouTube's Content)."""
    raw = _data()["not_tiktok"]
    assert isinstance(raw, list)
    return frozenset(table_text.header_key(name) for name in raw)


@dataclass(frozen=True)
class Columns:
    """An export's header row read against one section's aliases."""

    roles: tuple[str, ...]  # per column: its role, or "" when the header is not known
    language: str  # "en", "de", "fr" or "es": the language most headers are written in

    def first(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    @property
    def decimal_comma(self) -> bool:
        return self.language != "en"

    @property
    def day_order(self) -> str:
        return "mdy" if self.language == "en" else "dmy"


def columns(header: tuple[str, ...], section: str) -> Columns:
    """Each header cell's role in `section`; the first column of a role wins."""
    known = _roles(section)
    roles: list[str] = []
    votes: Counter[str] = Counter()
    for cell in header:
        role, languages = known.get(table_text.header_key(cell), ("", frozenset()))
        roles.append("" if role in roles and role != IGNORE else role)
        votes.update(languages)
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0] != "en", item[0]))
    return Columns(tuple(roles), ranked[0][0] if ranked else "en")


def header_row(content: bytes) -> tuple[str, ...] | None:
    """The first row of an upload read from its first few kilobytes, never raising: None when
    the start is not text with a CSV row."""
    head = content[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = text.splitlines()
    if len(content) > _SNIFF_BYTES:
        lines = lines[:-1]  # the last line read may be cut short
    lines = lines[:2] if lines and lines[0].strip().strip('"').lower().startswith("sep=") \
        else lines[:1]
    try:
        rows = table_text.table("\n".join(lines)).rows
    except Refusal:
        return None
    return rows[0] if rows else None


def foreign(header: tuple[str, ...]) -> bool:
    """Whether a header row names another platform's columns."""
    marks = not_tiktok()
    return any(table_text.header_key(cell) in marks for cell in header)


def unread(header: tuple[str, ...], roles: tuple[str, ...], read: frozenset[str]) -> str:
    """The single warning naming the columns not read, or "" when every column was."""
    names = [cell for cell, role in zip(header, roles, strict=False)
             if role not in read and cell.strip()]
    if not names:
        return ""
    return ("Columns not read (no figure this bot compares): "
            + ", ".join(dict.fromkeys(names)) + ".")
