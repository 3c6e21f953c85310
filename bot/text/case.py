"""Words for the case itself: opened, joined by the respondent, closed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from bot.campaign.checks.brief_payload import BriefPayload
from bot.campaign.checks.brief_words import brief_words, computed_proposal
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.journal import JournalEntry
from bot.domain.phases import ClosedReason
from bot.exchange import Reply
from bot.text.phrases import stamp, when
from bot.text.record import Described, EntryWords, plain_line, thread, to_person

CLOSED_WORDS = {
    ClosedReason.SETTLED: "settled: both sides signed the agreement",
    ClosedReason.WITHDRAWN: "withdrawn by the party who opened it",
    ClosedReason.DECLINED: "declined by the respondent",
    ClosedReason.NO_RESPONSE: "closed: no response in time",
    ClosedReason.IMPASSE: "closed at an impasse, declared by the mediator",
    ClosedReason.CLOSED_BY_MEDIATOR: "closed by the mediator",
    ClosedReason.DECIDED: "decided: the decision is final, and nothing more is owed under it",
}


# -- case_opened -------------------------------------------------------------------------------
def _opened(case: Case, entry: JournalEntry) -> list[Reply]:
    d = case.details
    amount = f" Amount in dispute: {d['amount']} {d['currency']}." if d.get("amount") else ""
    due = when(entry.payload["response_due"])
    announced = (
        f"Case {case.id} opened by {case.claimant.name} ({case.claimant.kind}) with "
        f"{case.respondent.name} ({case.respondent.kind}): {case.title}. "
        f"Category: {d.get('category', 'other').replace('_', ' ')}.{amount}\n"
        f"Summary: {d.get('summary', '')}\n"
        f"{case.respondent.name}: please `join` or `decline` by {due}."
    )
    if case.campaign:
        brief = cast(BriefPayload, case.campaign)
        announced += "\n\n" + brief_words(brief)
        if computed_proposal(brief) is not None:
            announced += ("\nEither side may put the computed outcome forward as its "
                          "proposal: `propose computed`.")
    invitation = (
        f"{case.claimant.name} opened mediation case {case.id} with you: {case.title}. "
        f"Answer by {due}: `/mediate join {case.id}` or `/mediate decline {case.id}`."
    )
    return [thread(case, announced), to_person(case, case.respondent.user_id, invitation)]


def _opened_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    details = p.get("details", {})
    pairs = [(key.replace("_", " ").title(), str(value)) for key, value in details.items()]
    brief = p.get("campaign")
    if not isinstance(brief, Mapping):
        return Described(f"Opened the case “{p['title']}”", pairs)
    # Opened on a campaign: the version cited, its hash, and the brief as both sides saw it.
    version = brief.get("version", {})
    pairs += [("Campaign", str(brief.get("campaign", ""))),
              ("Agreement version", str(version.get("number", ""))),
              ("Agreement hash", str(version.get("hash", ""))),
              ("In dispute", ", ".join(map(str, brief.get("disputed", []))))]
    return Described(f"Opened the case “{p['title']}”", pairs,
                     brief_words(cast(BriefPayload, brief)))


# -- case_joined -------------------------------------------------------------------------------
def _joined(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    text = (f"{entry.actor_name} agreed to mediate. Both sides: submit your statement "
            f"(`statement`) by {when(p['statements_due'])}. Statements stay sealed until both "
            f"are in. Evidence is welcome until {when(p['evidence_due'])}.")
    return [thread(case, text)]


def _joined_export(item: Mapping[str, Any]) -> Described:
    return Described("Agreed to mediate",
                     [("Statements due", stamp(item["payload"]["statements_due"], None))])


# -- case_closed -------------------------------------------------------------------------------
def _closed(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    note = f" Note: {p['note']}" if p.get("note") else ""
    return [thread(case, f"Case {case.id} is {CLOSED_WORDS[ClosedReason(p['reason'])]}.{note}")]


def _closed_line(entry: JournalEntry) -> str:
    return f"case closed: {entry.payload['reason']}"


def _closed_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    note = [("Note", p["note"])] if p.get("note") else []
    return Described(f"Case closed: {str(p['reason']).replace('_', ' ')}", note)


CASE_WORDS: dict[str, EntryWords[Case]] = {
    kinds.CASE_OPENED: EntryWords(
        announcement=_opened, history_line=plain_line, export=_opened_export),
    kinds.CASE_JOINED: EntryWords(
        announcement=_joined, history_line=plain_line, export=_joined_export),
    kinds.CASE_CLOSED: EntryWords(
        announcement=_closed, history_line=_closed_line, export=_closed_export),
}
