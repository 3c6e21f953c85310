"""Words for what each side puts forward: sealed statements, their reveal, and evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.domain.proposals import case_currency
from bot.exchange import ACTOR, Reply
from bot.text.phrases import size_words
from bot.text.record import Described, EntryWords, plain_line, thread


def statement_words(name: str, statement: Mapping[str, Any]) -> str:
    """One side's statement as revealed in the thread, under its author's name."""
    lines = [f"{name} ({statement.get('position', 'claim').replace('_', ' ')}):",
             f"  What happened: {statement.get('what_happened', '')}",
             f"  Wants: {statement.get('wants', '')}"]
    if statement.get("amount"):
        lines.append(f"  Amount: {statement['amount']} {statement.get('currency', '')}")
    return "\n".join(lines)


# -- statement_submitted -----------------------------------------------------------------------
def _submitted(case: Case, entry: JournalEntry) -> list[Reply]:
    verb = "updated" if entry.payload.get("amended") else "submitted"
    return [
        thread(case, f"{entry.actor_name} {verb} a sealed statement."),
        Reply(ACTOR, "Your statement is recorded. It stays sealed until the other side's "
              "is in.", case.id),
    ]


def _submitted_line(entry: JournalEntry) -> str:
    s = entry.payload["statement"]
    return (f"statement ({s.get('position', '')}): {s.get('what_happened', '')} "
            f"| wants: {s.get('wants', '')}")


def _submitted_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    s = p["statement"]
    pairs = [("What happened", str(s.get("what_happened", ""))),
             ("Wants", str(s.get("wants", "")))]
    if s.get("amount"):
        pairs.append(("Amount", f"{s['amount']} {s.get('currency', '')}".strip()))
    if s.get("position"):
        pairs.append(("Position", str(s["position"]).replace("_", " ")))
    word = "Amended statement" if p.get("amended") else "Statement"
    return Described(f"{word} of the {p['side']} side (sealed until both are in)", pairs)


# -- statements_revealed -----------------------------------------------------------------------
def _revealed(case: Case, entry: JournalEntry) -> list[Reply]:
    statements = entry.payload["statements"]
    parts = [statement_words(case.party(Side(side)).name, statements[side])
             for side in (case.claimant.side.value, case.respondent.side.value)
             if side in statements]
    head = ("Both statements are in and now revealed:" if len(parts) == len(Side) else
            "The statement deadline passed; what was submitted is now revealed:"
            if parts else "The statement deadline passed with no statements.")
    currency = case_currency(case)
    in_currency = f" (amounts in {currency}, the case's currency)" if currency else ""
    return [thread(case, "\n".join([
        head, *parts, f"Next: either side can `propose` settlement terms{in_currency}."]))]


def _revealed_export(item: Mapping[str, Any]) -> Described:
    return Described("Both statements revealed to both sides")


# -- evidence_added ----------------------------------------------------------------------------
def _evidence(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    late = " (late: after the evidence window)" if p["late"] else ""
    text = (f"Evidence from {entry.actor_name}: {p['filename']} ({p['media_type']}, "
            f"{size_words(p['size'])}){late}. SHA-256 {p['sha256']}."
            + (f" {p['description']}" if p.get("description") else ""))
    return [thread(case, text)]


def _evidence_line(entry: JournalEntry) -> str:
    p = entry.payload
    return f"evidence {p['filename']} ({size_words(p['size'])}, sha256 {p['sha256'][:16]}…)"


def _evidence_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    late = " (late)" if p.get("late") else ""
    return Described(f"Evidence: {p['filename']}{late}", [
        ("Type", f"{p['media_type']}, {size_words(p['size'])}"),
        ("SHA-256", p["sha256"]), ("Description", p.get("description", ""))])


STATEMENT_WORDS: dict[str, EntryWords[Case]] = {
    kinds.STATEMENT_SUBMITTED: EntryWords(
        announcement=_submitted, history_line=_submitted_line, export=_submitted_export),
    kinds.STATEMENTS_REVEALED: EntryWords(
        announcement=_revealed, history_line=plain_line, export=_revealed_export),
    kinds.EVIDENCE_ADDED: EntryWords(
        announcement=_evidence, history_line=_evidence_line, export=_evidence_export),
}
