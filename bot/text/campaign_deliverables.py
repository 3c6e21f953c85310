"""Words for the life of a campaign's deliverables: started, product received, each draft and
its review, live, kept live or taken down early, cancelled. Each says what happened, to which
deliverable, in plain words; the dates are the entry's own, on the agreement's clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.campaign.life.deliverable_life import DeliverablePhase, phase_words
from bot.campaign.parties import Duty
from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState
from bot.campaign.terms.approval import OnSilence
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.campaign_phrases import (
    deliverable_name,
    moment,
    party_name,
    party_names,
    terms_of,
)
from bot.text.phrases import stamp
from bot.text.record import Described, EntryWords, thread, to_person

Said = Callable[[CampaignState, JournalEntry], str]


def _said(what: Said) -> Callable[[CampaignState, JournalEntry], list[Reply]]:
    """An announcement in the thread: `Deliverable d1 (ig_reel): <what happened>.`"""
    def announce(state: CampaignState, entry: JournalEntry) -> list[Reply]:
        name = deliverable_name(terms_of(state), entry.payload["deliverable"])
        return [thread(state, f"Deliverable {name}: {what(state, entry)}")]
    return announce


def _by(state: CampaignState, entry: JournalEntry) -> str:
    return party_name(state, entry.payload.get("by", ""), entry.actor_name)


def _started(state: CampaignState, entry: JournalEntry) -> str:
    return f"starts, {phase_words(DeliverablePhase(entry.payload['phase']))}."


def _product(state: CampaignState, entry: JournalEntry) -> str:
    return f"{_by(state, entry)} confirmed the product arrived; it is in production."


def _submitted(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    review = ""
    if p.get("review_ends"):
        approvers = [party for party in terms_of(state).parties if Duty.APPROVER in party.duties]
        silence = (" Silence approves it then." if terms_of(state).approval.on_silence
                   is OnSilence.APPROVE else "")
        review = (f" {party_names(approvers)} to approve it, ask for changes or reject it by "
                  f"{moment(p['review_ends'], state)}.{silence}")
    return f"draft {p['submission']} submitted by {_by(state, entry)}: {p['draft']}.{review}"


def _submitted_announce(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    """In the thread, and to each approver: the review window runs from now."""
    replies = _said(_submitted)(state, entry)
    if not entry.payload.get("review_ends"):
        return replies
    notice = f"Campaign {state.id}: {replies[0].text}"
    return [*replies, *(to_person(state, party.user_id, notice)
                        for party in terms_of(state).parties if Duty.APPROVER in party.duties)]


def _approved(state: CampaignState, entry: JournalEntry) -> str:
    return f"draft approved by {_by(state, entry)}. It may go live in its publish window."


def _changes(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    return (f"{_by(state, entry)} asked for changes (round {p['round']}): {p['notes']}\n"
            "A changed draft is awaited.")


def _rejected(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    notes = f": {p['notes']}" if p.get("notes") else ""
    return (f"{_by(state, entry)} rejected the draft for breaking objective requirement "
            f"{p['requirement']}{notes}. A reshoot is awaited.")


def _auto_approved(state: CampaignState, entry: JournalEntry) -> str:
    return (f"draft approved by silence — the review window ended on "
            f"{moment(entry.payload['review_ended'], state)} with no answer.")


def _live(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    return (f"live since {moment(p['published_at'], state)}, reported by {_by(state, entry)}: "
            f"{p['permalink']}")


def _kept(state: CampaignState, entry: JournalEntry) -> str:
    return (f"done: it stayed live for the agreed time, until "
            f"{moment(entry.payload['kept_live_until'], state)}.")


def _taken_down(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    notes = f" Note: {p['notes']}" if p.get("notes") else ""
    return (f"taken down early, reported by {_by(state, entry)}: it was to stay live until "
            f"{moment(p['keep_live_ends'], state)}.{notes}")


def _cancelled(state: CampaignState, entry: JournalEntry) -> str:
    p = entry.payload
    side = f" (the {p['side']} side)" if p.get("side") else ""
    reason = f" Reason: {p['reason']}" if p.get("reason") else ""
    return (f"cancelled by {_by(state, entry)}{side} while "
            f"{phase_words(DeliverablePhase(p['stage']))}.{reason}")


# History lines and export headlines, by kind: `{key}` is the deliverable's key.
_LINES = {
    "deliverable_started": "deliverable {key} started",
    "product_received": "product received for deliverable {key}",
    "draft_submitted": "draft submitted for deliverable {key}",
    "draft_approved": "draft of deliverable {key} approved",
    "changes_requested": "changes requested to deliverable {key}",
    "draft_rejected": "draft of deliverable {key} rejected",
    "draft_auto_approved": "draft of deliverable {key} approved by silence",
    "went_live": "deliverable {key} live",
    "kept_live": "deliverable {key} kept live for the agreed time",
    "taken_down_early": "deliverable {key} taken down early",
    "deliverable_cancelled": "deliverable {key} cancelled",
}
_SAID: dict[str, Said] = {
    "deliverable_started": _started, "product_received": _product,
    "draft_approved": _approved, "changes_requested": _changes, "draft_rejected": _rejected,
    "draft_auto_approved": _auto_approved, "went_live": _live, "kept_live": _kept,
    "taken_down_early": _taken_down, "deliverable_cancelled": _cancelled,
}
# Payload fields the export shows, with their labels; times are stamped in UTC.
_FIELDS = {"draft": "Draft", "submission": "Submission", "review_ends": "Review window ends",
           "notes": "Notes", "round": "Round", "requirement": "Requirement broken",
           "review_ended": "Review window ended", "permalink": "Permalink",
           "published_at": "Published", "caption": "Caption",
           "kept_live_until": "Kept live until", "keep_live_ends": "Was to stay live until",
           "stage": "Stage reached", "side": "Cancelled by the side", "reason": "Reason"}
_TIMES = {"review_ends", "review_ended", "published_at", "kept_live_until", "keep_live_ends"}


def _line(entry: JournalEntry) -> str:
    p = entry.payload
    extra = {"draft_submitted": f": {p.get('draft')}", "went_live": f": {p.get('permalink')}",
             "draft_rejected": f" ({p.get('requirement')})"}.get(entry.kind, "")
    return _LINES[entry.kind].format(key=p["deliverable"]) + extra


def _export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    fields = [(label, stamp(p[key], None) if key in _TIMES else str(p[key]))
              for key, label in _FIELDS.items() if p.get(key) and key != "caption"]
    caption = p.get("caption") or None
    headline = _LINES[item["kind"]].format(key=p["deliverable"])
    return Described(headline[0].upper() + headline[1:], fields, text=caption)


def _words(kind: str) -> EntryWords[CampaignState]:
    announcement = _submitted_announce if kind == "draft_submitted" else _said(_SAID[kind])
    return EntryWords(announcement=announcement, history_line=_line, export=_export)


DELIVERABLE_WORDS: dict[str, EntryWords[CampaignState]] = {
    kind: _words(kind) for kind in sorted(kinds.DELIVERABLE_KINDS)}
