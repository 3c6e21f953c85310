"""The words of one kind of journal entry, in each of the three places the bot says them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.domain.case import Case
from bot.domain.journal import JournalEntry
from bot.exchange import THREAD, Reply, to_user


@dataclass(frozen=True)
class Described:
    """An entry in the HTML or PDF export, as plain text each renderer escapes."""

    headline: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    text: str | None = None  # the person's own words, shown as a block


Announcement = Callable[[Case, JournalEntry], list[Reply]]
HistoryLine = Callable[[JournalEntry], str]
ExportWords = Callable[[Mapping[str, Any]], Described]


@dataclass(frozen=True, slots=True)
class EntryWords:
    """What the bot says about one kind of entry.

    `announcement`: the announcements and notifications a new entry causes, given the case's
    state after it. `history_line`: its line in `/mediate history`, after who and when.
    `export`: its headline, fields and text in the export, from the document's item.
    """

    announcement: Announcement
    history_line: HistoryLine
    export: ExportWords


def thread(case: Case, text: str) -> Reply:
    """An announcement in the case's thread."""
    return Reply(THREAD, text, case.id)


def to_person(case: Case, user_id: str, text: str) -> Reply:
    """A notification for one person, about the case."""
    return Reply(to_user(user_id), text, case.id)


def says_nothing(case: Case, entry: JournalEntry) -> list[Reply]:
    """No announcement."""
    return []


def plain_line(entry: JournalEntry) -> str:
    """The kind in words, and the few payload fields that tell entries of a kind apart."""
    interesting = {key: value for key, value in entry.payload.items()
                   if key in ("number", "reason", "side", "party", "proposal")}
    extra = " ".join(f"{key}={value}" for key, value in interesting.items())
    return f"{entry.kind.replace('_', ' ')}{' ' + extra if extra else ''}"


def plain_export(item: Mapping[str, Any]) -> Described:
    """The kind as the headline, and every payload field as it is."""
    pairs = [(key, json_text(value)) for key, value in item["payload"].items()]
    return Described(str(item["kind"]).replace("_", " ").capitalize(), pairs)


def json_text(value: Any) -> str:
    """A payload value as text: strings as they are, anything else as Python writes it."""
    return value if isinstance(value, str) else repr(value)
