"""Words for proposals and the agreement: offers and their answers, the drafted agreement, its
signatures, and the follow-ups each side confirms once done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.phrases import stamp, terms_words, when
from bot.text.record import (
    Described,
    EntryWords,
    plain_export,
    plain_line,
    thread,
    to_person,
)


# -- proposal_made -----------------------------------------------------------------------------
def _made(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    number = p["number"]
    answers = f" (counter to #{p['answers']})" if p.get("answers") else ""
    other = case.party(Side(p["by"]).other)
    text = (
        f"Proposal #{number} by {entry.actor_name}{answers}: "
        f"{terms_words(p['terms']).rstrip('.')}. Open until {when(p['expires_at'])}. "
        f"{other.name} can `accept {number}`, `reject {number}` or `counter {number}`."
    )
    return [thread(case, text), to_person(case, other.user_id, f"Case {case.id}: {text}")]


def _made_line(entry: JournalEntry) -> str:
    return f"proposal #{entry.payload['number']}: {terms_words(entry.payload['terms'])}"


def _term_fields(terms: Mapping[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    if terms.get("amount"):
        pairs.append(("Amount", f"{terms['amount']} {terms.get('currency', '')}".strip()))
    for key in ("deliverables", "dates", "terms"):
        if terms.get(key):
            pairs.append((key.title(), str(terms[key])))
    return pairs


def _made_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    answers = f", countering #{p['answers']}" if p.get("answers") else ""
    return Described(f"Proposal #{p['number']} by the {p['by']} side{answers}",
                     [*_term_fields(p["terms"]), ("Expires", stamp(p["expires_at"], None))])


# -- proposal_accepted, proposal_rejected, proposal_withdrawn: the answers ---------------------
def _accepted(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"{entry.actor_name} accepted proposal #{entry.payload['number']}.")]


def _rejected(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    reason = f" Reason: {p['reason']}" if p.get("reason") else ""
    return [thread(case, f"{entry.actor_name} rejected proposal #{p['number']}.{reason}")]


def _withdrawn(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"{entry.actor_name} withdrew proposal #{entry.payload['number']}.")]


def _answer_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    verb = str(item["kind"]).removeprefix("proposal_")
    reason = [("Reason", p["reason"])] if p.get("reason") else []
    return Described(f"Proposal #{p['number']} {verb}", reason)


# -- proposal_superseded -----------------------------------------------------------------------
def _superseded(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [thread(case, f"Proposal #{p['number']} is closed: superseded by the acceptance of "
                         f"proposal #{p['by']}.")]


def _superseded_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Proposal #{p['number']} superseded by the acceptance of #{p['by']}")


# -- agreement_drafted -------------------------------------------------------------------------
def _drafted(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [thread(case, f"Agreement drafted (SHA-256 {p['text_hash']}):\n{p['text']}\n"
                         "Both sides: `sign` to confirm it.")]


def _drafted_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Agreement drafted from proposal #{p['proposal']}",
                     [("SHA-256 of the text", p["text_hash"])], text=p["text"])


# -- agreement_signed --------------------------------------------------------------------------
def _signed(case: Case, entry: JournalEntry) -> list[Reply]:
    signed = [thread(case, f"{entry.actor_name} signed the agreement "
                           f"(SHA-256 {entry.payload['text_hash']}).")]
    agreement = case.agreement
    if agreement is not None and agreement.fully_signed and agreement.followups:
        signed += [thread(case, f"Both sides signed. Follow-up #{f.number}: {f.what}, due by "
                                f"{when(format_time(f.due_at))}; each side `confirm {f.number}` "
                                "once it is done.")
                   for f in agreement.followups]
    return signed


def _signed_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Agreement signed for the {p['side']} side",
                     [("Signed text SHA-256", p["text_hash"])])


# -- followup_confirmed ------------------------------------------------------------------------
def _confirmed(case: Case, entry: JournalEntry) -> list[Reply]:
    number = entry.payload["number"]
    return [thread(case, f"{entry.actor_name} confirmed follow-up #{number} was done.")]


PROPOSAL_WORDS: dict[str, EntryWords[Case]] = {
    kinds.PROPOSAL_MADE: EntryWords(
        announcement=_made, history_line=_made_line, export=_made_export),
    kinds.PROPOSAL_ACCEPTED: EntryWords(
        announcement=_accepted, history_line=plain_line, export=_answer_export),
    kinds.PROPOSAL_REJECTED: EntryWords(
        announcement=_rejected, history_line=plain_line, export=_answer_export),
    kinds.PROPOSAL_WITHDRAWN: EntryWords(
        announcement=_withdrawn, history_line=plain_line, export=_answer_export),
    kinds.PROPOSAL_SUPERSEDED: EntryWords(
        announcement=_superseded, history_line=plain_line, export=_superseded_export),
    kinds.AGREEMENT_DRAFTED: EntryWords(
        announcement=_drafted, history_line=plain_line, export=_drafted_export),
    kinds.AGREEMENT_SIGNED: EntryWords(
        announcement=_signed, history_line=plain_line, export=_signed_export),
    kinds.FOLLOWUP_CONFIRMED: EntryWords(
        announcement=_confirmed, history_line=plain_line, export=plain_export),
}
