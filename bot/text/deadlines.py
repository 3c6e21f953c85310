"""Words for what the clock causes: a deadline passed, a reminder sent, the evidence window
closed, a proposal expired, a follow-up overdue. History and export show them plainly."""

from __future__ import annotations

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.phrases import when
from bot.text.record import EntryWords, plain_export, plain_line, thread, to_person

# What a reminder asks for, by the kind of deadline (`proposal:2` → `proposal`).
_REMINDER_ACTIONS = {
    "response": "`join` or `decline`",
    "statements": "submit your statement (`statement`)",
    "proposal": "answer proposal #N (`accept N`, `reject N` or `counter N`)",
    "followup": "confirm follow-up #N once it is done (`confirm N`)",
    "review": "submit your final position (`position`)",
    "recommendation": "answer the mediator's recommendation (`recommendation accept` or "
                      "`recommendation reject`)",
}


def _passed(case: Case, entry: JournalEntry) -> list[Reply]:
    if entry.payload["key"] == "appeal":
        return [thread(case, f"The window to appeal the decision in case {case.id} closed: "
                             "the decision is final.")]
    return [thread(case, f"The {entry.payload['key']} deadline of case {case.id} passed.")]


def _reminded(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    action = _REMINDER_ACTIONS.get(p["deadline"].partition(":")[0], "act")
    number = p["deadline"].partition(":")[2]
    text = (f"Reminder: case {case.id} ({case.title}) waits for you to "
            f"{action.replace('N', number)} by {when(p['due_at'])}.")
    return [to_person(case, user_id, text) for user_id in p["to"]]


def _window_closed(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, "The evidence window closed: later evidence is still accepted, "
                         "marked as late.")]


def _expired(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"Proposal #{entry.payload['number']} expired unanswered.")]


def _overdue(case: Case, entry: JournalEntry) -> list[Reply]:
    number = entry.payload["number"]
    followup = case.agreement.followup(number) if case.agreement else None
    what = f" ({followup.what})" if followup else ""
    text = (f"Follow-up #{number}{what} of the agreement in case {case.id} is overdue: "
            "not confirmed by both sides in time. The mediators are told.")
    return [thread(case, text), *(to_person(case, party.user_id, text)
                                  for party in case.parties())]


DEADLINE_WORDS: dict[str, EntryWords[Case]] = {
    kinds.DEADLINE_PASSED: EntryWords(
        announcement=_passed, history_line=plain_line, export=plain_export),
    kinds.REMINDER_SENT: EntryWords(
        announcement=_reminded, history_line=plain_line, export=plain_export),
    kinds.EVIDENCE_WINDOW_CLOSED: EntryWords(
        announcement=_window_closed, history_line=plain_line, export=plain_export),
    kinds.PROPOSAL_EXPIRED: EntryWords(
        announcement=_expired, history_line=plain_line, export=plain_export),
    kinds.FOLLOWUP_OVERDUE: EntryWords(
        announcement=_overdue, history_line=plain_line, export=plain_export),
}
