"""Words for what a campaign's clock causes, and for its end: a reminder before a deadline, to
each person who must act; an overdue notice, in the thread and to each of them; the campaign
ended."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.campaign_phrases import moment, party_name, row_words, terms_of
from bot.text.phrases import stamp, when
from bot.text.record import Described, EntryWords, thread, to_person


# -- campaign_reminder_sent --------------------------------------------------------------------
def _reminded(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    text = (f"Reminder: campaign {state.id} ({state.title}) waits for "
            f"{row_words(terms_of(state), p['deadline'])} from you by "
            f"{moment(p['due_at'], state)}.")
    return [to_person(state, user_id, text) for user_id in p["to"]]


def _reminded_line(entry: JournalEntry) -> str:
    return f"reminder sent: {entry.payload['deadline']} due {when(entry.payload['due_at'])}"


def _reminded_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Reminder sent before the deadline {p['deadline']}",
                     [("Due", stamp(p["due_at"], None)), ("Sent to", ", ".join(p["to"]))])


# -- campaign_overdue --------------------------------------------------------------------------
def _overdue(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    who = [party_name(state, user_id) for user_id in p["to"]]
    from_whom = f", from {', '.join(who)}" if who else ""
    what = row_words(terms_of(state), p["key"])
    said = (f"Overdue in campaign {state.id} ({state.title}): {what}{from_whom}, due "
            f"{moment(p['due_at'], state)}.")
    notice = (f"Campaign {state.id} ({state.title}): {what} is overdue — it was due from you "
              f"by {moment(p['due_at'], state)}.")
    return [thread(state, said), *(to_person(state, user_id, notice) for user_id in p["to"])]


def _overdue_line(entry: JournalEntry) -> str:
    return f"overdue: {entry.payload['key']} was due {when(entry.payload['due_at'])}"


def _overdue_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Overdue: {p['key']}",
                     [("Was due", stamp(p["due_at"], None)), ("Awaited from", ", ".join(p["to"]))])


# -- campaign_ended ----------------------------------------------------------------------------
def _ended(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    who = party_name(state, p.get("by", ""), entry.actor_name)
    reason = f" Reason: {p['reason']}" if p.get("reason") else ""
    after = ("Its deliverables stop; its payments still go on." if state.agreed
             else "Nothing was agreed.")
    return [thread(state, f"Campaign {state.id} ({state.title}) was ended by {who}. "
                          f"{after}{reason}")]


def _ended_line(entry: JournalEntry) -> str:
    reason = entry.payload.get("reason")
    return "campaign ended" + (f": {reason}" if reason else "")


def _ended_export(item: Mapping[str, Any]) -> Described:
    return Described("Ended the campaign", text=item["payload"].get("reason") or None)


TIMER_WORDS: dict[str, EntryWords[CampaignState]] = {
    kinds.CAMPAIGN_REMINDER_SENT: EntryWords(
        announcement=_reminded, history_line=_reminded_line, export=_reminded_export),
    kinds.CAMPAIGN_OVERDUE: EntryWords(
        announcement=_overdue, history_line=_overdue_line, export=_overdue_export),
    kinds.CAMPAIGN_ENDED: EntryWords(
        announcement=_ended, history_line=_ended_line, export=_ended_export),
}
