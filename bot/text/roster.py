"""Words for who takes part besides the parties: a hand-off, a briefing, observers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import parse_time
from bot.domain.journal import JournalEntry
from bot.exchange import ACTOR, Reply, to_user
from bot.text.briefing import briefing_text
from bot.text.record import Described, EntryWords, thread, to_person


def _handed_off(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [thread(case, f"{p['from']['name']} handed case {case.id} to "
                         f"{p['mediator']['name']}, who mediates it from now on. Reason: "
                         f"{p['reason']}")]


def _handed_off_line(entry: JournalEntry) -> str:
    p = entry.payload
    return f"hands the case to {p['mediator']['name']}: {p['reason']}"


def _handed_off_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Case handed from {p['from']['name']} to {p['mediator']['name']}",
                     [("Reason", p["reason"])])


def _briefed(case: Case, entry: JournalEntry) -> list[Reply]:
    to = entry.payload["to"]
    text = briefing_text(case, parse_time(entry.at))
    return [Reply(ACTOR if to == entry.actor_id else to_user(to), text, case.id,
                  kind="briefing")]


def _briefed_line(entry: JournalEntry) -> str:
    return f"briefing shown to {entry.payload['name']} (mediators only)"


def _briefed_export(item: Mapping[str, Any]) -> Described:
    return Described(f"Briefing shown to {item['payload']['name']}, as the case stood "
                     f"at entry #{item['seq'] - 1} (mediators only)")


def _observer_added(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    acts = " and may act for it" if p["acts"] else ""
    text = f"{p['name']} now reads along with the {p['side']} side{acts}."
    return [thread(case, text),
            to_person(case, p["user_id"], f"Case {case.id} ({case.title}): {entry.actor_name} "
                      f"added you as an observer with the {p['side']} side{acts}. You read "
                      "what that side reads (`status`, `history`, `export`).")]


def _observer_removed(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"An observer of the {entry.payload['side']} side no longer reads "
                         "along.")]


ROSTER_WORDS: dict[str, EntryWords[Case]] = {
    kinds.MEDIATOR_HANDED_OFF: EntryWords(_handed_off, _handed_off_line, _handed_off_export),
    kinds.BRIEFING_GIVEN: EntryWords(_briefed, _briefed_line, _briefed_export),
    kinds.OBSERVER_ADDED: EntryWords(
        _observer_added,
        lambda e: f"adds {e.payload['name']} as an observer with the {e.payload['side']} side"
                  + (" (may act for it)" if e.payload["acts"] else ""),
        lambda item: Described(f"Observer added: {item['payload']['name']}", [
            ("Side", item["payload"]["side"]),
            ("Acts for the side", "yes" if item["payload"]["acts"] else "no")])),
    kinds.OBSERVER_REMOVED: EntryWords(
        _observer_removed,
        lambda e: f"removes an observer of the {e.payload['side']} side",
        lambda item: Described(f"Observer removed from the {item['payload']['side']} side")),
}
