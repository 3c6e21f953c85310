"""The words of one kind of journal entry, in each of the three places the bot says them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from bot.domain.journal import JournalEntry
from bot.exchange import THREAD, Reply, to_user


@dataclass(frozen=True)
class Described:
    """An entry in the HTML or PDF export, as plain text each renderer escapes."""

    headline: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    text: str | None = None  # the person's own words, shown as a block


class Journaled(Protocol):
    """Anything journaled under its own id with its own thread: a case, a campaign."""

    @property
    def id(self) -> str: ...


# The state an announcement reads: a case (`Case`), a campaign (`CampaignState`).
StateT = TypeVar("StateT")

Announcement = Callable[[StateT, JournalEntry], list[Reply]]
HistoryLine = Callable[[JournalEntry], str]
ExportWords = Callable[[Mapping[str, Any]], Described]


@dataclass(frozen=True, slots=True)
class EntryWords(Generic[StateT]):
    """What the bot says about one kind of entry of a journal whose state is a `StateT`
    (`EntryWords[Case]`, `EntryWords[CampaignState]`).

    `announcement`: the announcements and notifications a new entry causes, given the state
    after it. `history_line`: its line in a history, after who and when.
    `export`: its headline, fields and text in the export, from the document's item.
    """

    announcement: Announcement[StateT]
    history_line: HistoryLine
    export: ExportWords


def thread(subject: Journaled, text: str) -> Reply:
    """An announcement in the thread of the case or campaign."""
    return Reply(THREAD, text, subject.id)


def to_person(subject: Journaled, user_id: str, text: str) -> Reply:
    """A notification for one person, about the case or campaign."""
    return Reply(to_user(user_id), text, subject.id)


def told(subject: Journaled, text: str, *user_ids: str) -> list[Reply]:
    """`text` in the thread, and to each of `user_ids` directly."""
    return [thread(subject, text),
            *(to_person(subject, user_id, f"Case {subject.id}: {text}") for user_id in user_ids)]


def says_nothing(state: object, entry: JournalEntry) -> list[Reply]:
    """No announcement, whatever the state."""
    return []


def plain_line(entry: JournalEntry) -> str:
    """The kind in words, and the few payload fields that tell entries of a kind apart."""
    interesting = {key: value for key, value in entry.payload.items()
                   if key in ("number", "reason", "side", "party", "proposal")}
    extra = " ".join(f"{key}={value}" for key, value in interesting.items())
    return f"{entry.kind.replace('_', ' ')}{' ' + extra if extra else ''}"


def fields_export(headline: str, *keys: str) -> ExportWords:
    """An export of `headline` (with the payload's values put into its `{…}`) and those of
    the payload's `keys` that have a value, as they are."""

    def export(item: Mapping[str, Any]) -> Described:
        p = item["payload"]
        return Described(headline.format(**p), [
            (key.replace("_", " ").capitalize(), str(p[key])) for key in keys
            if p.get(key) is not None])

    return export


def plain_export(item: Mapping[str, Any]) -> Described:
    """The kind as the headline, and every payload field as it is."""
    pairs = [(key, json_text(value)) for key, value in item["payload"].items()]
    return Described(str(item["kind"]).replace("_", " ").capitalize(), pairs)


def json_text(value: Any) -> str:
    """A payload value as text: strings as they are, anything else as Python writes it."""
    return value if isinstance(value, str) else repr(value)
