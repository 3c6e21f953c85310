"""Words for what people write in a case's rooms: messages, their edits, their deletions.

The platform shows them already, so the bot announces nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.journal import JournalEntry
from bot.text.record import Described, EntryWords, says_nothing

ROOM_WORDS = {"thread": "case thread", "caucus:brand": "brand caucus (private)",
              "caucus:creator": "creator caucus (private)"}


def _room_tag(payload: Mapping[str, Any]) -> str:
    """The room in a history line; the thread goes without saying."""
    return "" if payload["room"] == "thread" else f" [{payload['room']}]"


# -- message_posted ----------------------------------------------------------------------------
def _posted_line(entry: JournalEntry) -> str:
    p = entry.payload
    recovered = ", recovered" if p.get("recovered") else ""
    return f"says{_room_tag(p)} ({p['ref']}{recovered}): {p['text']}"


def _posted_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    room = ROOM_WORDS.get(p["room"], p["room"])
    recovered = " (recovered from the platform's history)" if p.get("recovered") else ""
    return Described(f"Message {p['ref']} in {room}{recovered}", text=p["text"])


# -- message_edited ----------------------------------------------------------------------------
def _edited_line(entry: JournalEntry) -> str:
    p = entry.payload
    return f"says{_room_tag(p)} (edit, version {p['version']} of {p['ref']}): {p['text']}"


def _edited_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    room = ROOM_WORDS.get(p["room"], p["room"])
    return Described(f"Edited message {p['ref']} (version {p['version']}) in {room}",
                     text=p["text"])


# -- message_deleted ---------------------------------------------------------------------------
def _deleted_line(entry: JournalEntry) -> str:
    return f"deleted message {entry.payload['ref']} (its content stays in the journal)"


def _deleted_export(item: Mapping[str, Any]) -> Described:
    return Described(f"Deleted message {item['payload']['ref']} (its versions stay in the "
                     "journal)")


MESSAGE_WORDS: dict[str, EntryWords[Case]] = {
    kinds.MESSAGE_POSTED: EntryWords(
        announcement=says_nothing, history_line=_posted_line, export=_posted_export),
    kinds.MESSAGE_EDITED: EntryWords(
        announcement=says_nothing, history_line=_edited_line, export=_edited_export),
    kinds.MESSAGE_DELETED: EntryWords(
        announcement=says_nothing, history_line=_deleted_line, export=_deleted_export),
}
