"""Words for the life of a campaign's payment milestones: started, due, invoiced, marked paid,
confirmed, disputed. Amounts come from the terms in force; dates from the entries, on the
agreement's clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.campaign.life.milestone_life import MilestonePhase, phase_words
from bot.campaign.parties import Duty
from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.campaign_phrases import (
    milestone_amount,
    milestone_of,
    moment,
    party_name,
    party_names,
    terms_of,
    trigger_words,
)
from bot.text.phrases import stamp
from bot.text.record import Described, EntryWords, thread

Said = Callable[[CampaignState, JournalEntry], str]


def _by(state: CampaignState, entry: JournalEntry) -> str:
    return party_name(state, entry.payload.get("by", ""), entry.actor_name)


def _with(duty: Duty, state: CampaignState) -> str:
    return party_names(p for p in terms_of(state).parties if duty in p.duties)


def _started(state: CampaignState, entry: JournalEntry) -> str:
    key = entry.payload["milestone"]
    milestone = milestone_of(terms_of(state), key)
    due = "" if milestone is None else (
        f", due {trigger_words(milestone.trigger)}, net {milestone.net_days} days")
    return f"Milestone {key} ({milestone_amount(terms_of(state), key)}{due}) is pending."


def _due(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    key = p["milestone"]
    return (f"Milestone {key} is due: {milestone_amount(terms_of(state), key)} by "
            f"{moment(p['due_on'], state)}. {_with(Duty.PAYEE, state)} to invoice it; "
            f"{_with(Duty.PAYER, state)} to pay it.")


def _invoiced(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    key = p["milestone"]
    return (f"Milestone {key} ({milestone_amount(terms_of(state), key)}) invoiced by "
            f"{_by(state, entry)}: {p['invoice']}.")


def _paid(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    key = p["milestone"]
    reference = f", reference {p['reference']}" if p.get("reference") else ""
    return (f"Milestone {key} ({milestone_amount(terms_of(state), key)}) marked paid by "
            f"{_by(state, entry)}{reference}. {_with(Duty.PAYEE, state)} to confirm the "
            "money arrived.")


def _confirmed(state: CampaignState, entry: JournalEntry) -> str:
    key = entry.payload["milestone"]
    return (f"Milestone {key} ({milestone_amount(terms_of(state), key)}): "
            f"{_by(state, entry)} confirmed the payment arrived.")


def _disputed(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    key = p["milestone"]
    side = f" (the {p['side']} side)" if p.get("side") else ""
    return (f"Milestone {key} ({milestone_amount(terms_of(state), key)}) disputed by "
            f"{_by(state, entry)}{side} while {phase_words(MilestonePhase(p['from']))}: "
            f"{p['reason']}")


_SAID: dict[str, Said] = {
    "milestone_started": _started, "milestone_due": _due, "milestone_invoiced": _invoiced,
    "milestone_marked_paid": _paid, "payment_confirmed": _confirmed,
    "milestone_disputed": _disputed,
}
_LINES = {
    "milestone_started": "milestone {key} pending",
    "milestone_due": "milestone {key} due",
    "milestone_invoiced": "milestone {key} invoiced",
    "milestone_marked_paid": "milestone {key} marked paid",
    "payment_confirmed": "payment of milestone {key} confirmed",
    "milestone_disputed": "milestone {key} disputed",
}
_FIELDS = {"triggered_at": "Triggered", "due_on": "Due", "net_days": "Net days",
           "invoice": "Invoice", "reference": "Payment reference", "from": "Disputed while",
           "side": "Disputed by the side"}
_TIMES = {"triggered_at", "due_on"}


def _announce(said: Said) -> Callable[[CampaignState, JournalEntry], list[Reply]]:
    def announce(state: CampaignState, entry: JournalEntry) -> list[Reply]:
        return [thread(state, said(state, entry))]
    return announce


def _line(entry: JournalEntry) -> str:
    p = entry.payload
    extra = {"milestone_due": f" by {p.get('due_on', '')[:10]}",
             "milestone_invoiced": f": {p.get('invoice')}"}.get(entry.kind, "")
    return _LINES[entry.kind].format(key=p["milestone"]) + extra


def _export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    fields = [(label, stamp(p[key], None) if key in _TIMES else str(p[key]))
              for key, label in _FIELDS.items() if p.get(key)]
    headline = _LINES[item["kind"]].format(key=p["milestone"])
    return Described(headline[0].upper() + headline[1:], fields, text=p.get("reason") or None)


MILESTONE_WORDS: dict[str, EntryWords[CampaignState]] = {
    kind: EntryWords(announcement=_announce(_SAID[kind]), history_line=_line, export=_export)
    for kind in sorted(kinds.MILESTONE_KINDS)}
