"""Words for retention, legal holds and erasure, and for what an erased entry leaves: its
kind, and "erased on … (reason)" where its content was."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.erasure import ERASED, RETENTION
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.phrases import when
from bot.text.record import Described, EntryWords, fields_export, thread


def erased_note(payload: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The erasure's note an erased entry's remains carry, else None."""
    note = payload.get(ERASED)
    return note if isinstance(note, Mapping) else None


def _why(reason: object) -> str:
    return "the community's retention period ended" if reason == RETENTION else str(reason)


def erased_words(kind: str, note: Mapping[str, Any]) -> str:
    """`message posted: erased on 2027-03-01 (GDPR request)`."""
    return (f"{kind.replace('_', ' ')}: erased on {str(note.get('at', ''))[:10]} "
            f"({_why(note.get('reason'))}; entry {note.get('entry')})")


def erased_export(item: Mapping[str, Any], note: Mapping[str, Any]) -> Described:
    return Described(str(item["kind"]).replace("_", " ").capitalize(),
                     [("Erased on", str(note.get("at", ""))),
                      ("Why", _why(note.get("reason"))),
                      ("By entry", str(note.get("entry")))])


# -- the entries ------------------------------------------------------------------------------
def _retention_line(entry: JournalEntry) -> str:
    return (f"content kept until {entry.payload['until'][:10]} "
            f"(retention of {entry.payload['days']} days)")


def _retention(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"This community keeps a closed case's content for "
                         f"{entry.payload['days']} days: what was said in case {case.id} "
                         f"is erased on {when(entry.payload['until'])}, unless a legal hold "
                         "is placed. The record of who did what, and when, stays.")]


def _held_line(entry: JournalEntry) -> str:
    return f"legal hold placed: {entry.payload['reason']}"


def _held(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"A legal hold was placed on case {case.id} "
                         f"({entry.payload['reason']}): nothing in it is erased while it "
                         "holds.")]


def _lifted_line(entry: JournalEntry) -> str:
    return f"legal hold lifted: {entry.payload['reason']}"


def _lifted(case: Case, entry: JournalEntry) -> list[Reply]:
    after = (f" Its content is erased on {when(format_time(case.retain_until))}."
             if case.retain_until is not None and not case.retained else "")
    return [thread(case, f"The legal hold on case {case.id} was lifted "
                         f"({entry.payload['reason']}).{after}")]


def _erasure_scope(payload: Mapping[str, Any]) -> str:
    if payload.get("through") is not None:
        return f"everything said up to entry {payload['through']}"
    listed = payload.get("entries")  # a list; from a forged bundle, anything
    count = len(listed) if isinstance(listed, list) else 0
    kept = payload.get("kept") or 0
    older = f"; {kept} older entries could not be erased" if kept else ""
    return f"{count} entries of {payload.get('person')}{older}"


def _erasure_line(entry: JournalEntry) -> str:
    p = entry.payload
    return f"content erased ({_why(p['reason'])}): {_erasure_scope(p)}"


def _erasure(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [thread(case, f"Content was erased from case {case.id} ({_why(p['reason'])}): "
                         f"{_erasure_scope(p)}. The record keeps each entry's place, kind, "
                         "time and hash, so the history still verifies.")]


def _erasure_export(item: Mapping[str, Any]) -> Described:
    described = fields_export("Content erased", "reason", "person")(item)
    return replace(described, fields=[*described.fields,
                                      ("What", _erasure_scope(item["payload"]))])


ERASURE_WORDS: dict[str, EntryWords[Case]] = {
    kinds.RETENTION_SET: EntryWords(announcement=_retention, history_line=_retention_line,
                                    export=fields_export("Retention set", "until", "days")),
    kinds.LEGAL_HOLD_PLACED: EntryWords(announcement=_held, history_line=_held_line,
                                        export=fields_export("Legal hold placed", "reason")),
    kinds.LEGAL_HOLD_LIFTED: EntryWords(announcement=_lifted, history_line=_lifted_line,
                                        export=fields_export("Legal hold lifted", "reason")),
    kinds.CONTENT_ERASED: EntryWords(announcement=_erasure, history_line=_erasure_line,
                                     export=_erasure_export),
}
