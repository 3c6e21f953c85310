"""Words for the mediator's part: asked for, taking the case, a private caucus, a note."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.domain.visibility import side_only
from bot.exchange import ACTOR, Reply
from bot.text.record import Described, EntryWords, plain_line, thread

MEDIATORS = "mediators"  # a reply for the mediators' queue of the case's community


# -- mediator_requested ------------------------------------------------------------------------
def _requested(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    reason = f" Reason: {p['reason']}" if p.get("reason") else ""
    queued = p.get("by") in ("deadline", "bidding", "review")
    asked = ("The case goes to the mediators' queue." if queued
             else f"{entry.actor_name} asked for a mediator.")
    return [
        thread(case, f"{asked} A mediator will step in shortly.{reason}"),
        Reply(MEDIATORS, f"Case {case.id} ({case.title}) asks for a mediator. "
              f"Take it with `/mediate take {case.id}`.", case.id),
    ]


def _requested_export(item: Mapping[str, Any]) -> Described:
    return Described("Asked for a mediator", [("Reason", item["payload"].get("reason", ""))])


# -- mediator_assigned -------------------------------------------------------------------------
def _assigned(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"{entry.actor_name} is now mediating case {case.id}.")]


def _assigned_export(item: Mapping[str, Any]) -> Described:
    return Described(f"{item['payload']['mediator']['name']} took the case as mediator")


# -- caucus_opened -----------------------------------------------------------------------------
def _caucus(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [Reply(side_only(Side(p["side"])), (
        f"{entry.actor_name} opened a private caucus with {p['party']}. What is written here is "
        "seen only by this side and the mediator."), case.id)]


def _caucus_export(item: Mapping[str, Any]) -> Described:
    return Described(f"Private caucus opened with the {item['payload']['side']} side")


# -- mediator_note -----------------------------------------------------------------------------
def _note(case: Case, entry: JournalEntry) -> list[Reply]:
    return [Reply(ACTOR, "Note recorded; only mediators see it.", case.id)]


def _note_line(entry: JournalEntry) -> str:
    return f"note (mediators only): {entry.payload['text']}"


def _note_export(item: Mapping[str, Any]) -> Described:
    return Described("Mediator's note (mediators only)", text=item["payload"]["text"])


MEDIATION_WORDS: dict[str, EntryWords[Case]] = {
    kinds.MEDIATOR_REQUESTED: EntryWords(
        announcement=_requested, history_line=plain_line, export=_requested_export),
    kinds.MEDIATOR_ASSIGNED: EntryWords(
        announcement=_assigned, history_line=plain_line, export=_assigned_export),
    kinds.CAUCUS_OPENED: EntryWords(
        announcement=_caucus, history_line=plain_line, export=_caucus_export),
    kinds.MEDIATOR_NOTE: EntryWords(
        announcement=_note, history_line=_note_line, export=_note_export),
}
