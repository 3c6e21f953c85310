"""A campaign's state as a fold over its journal entries, like `bot.domain.fold` for a case:
`apply(state, entry)` returns the next state, `replay(entries)` the state after all of them.
An entry's `case_id` is the campaign's id; its payload is read back from its stored text.

Versions are rebuilt from their canonical JSON and their hash is checked as they are read: a
journal whose terms do not match the hash it recorded does not fold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from bot.campaign.record import kinds
from bot.campaign.record.life_fold import fold_deliverable, fold_milestone
from bot.campaign.record.moments import happened_after
from bot.campaign.record.state import Acceptance, CampaignState, timer_mark
from bot.campaign.record.talk import TALK_KINDS, heard
from bot.campaign.terms.versions import AgreementVersion, terms_from_canonical
from bot.domain.clock import parse_time
from bot.domain.journal import JournalEntry
from bot.domain.kinds import METRICS_REPORTED

Payload = Mapping[str, Any]


def replay(entries: Iterable[JournalEntry]) -> CampaignState | None:
    """The state after all `entries` (in order), or None for no entries."""
    state: CampaignState | None = None
    for entry in entries:
        state = apply(state, entry)
    return state


def apply(state: CampaignState | None, entry: JournalEntry) -> CampaignState:
    """The state after one more entry."""
    p = entry.payload
    if state is None:
        if entry.kind != kinds.AGREEMENT_PROPOSED:
            raise ValueError(f"a campaign starts with {kinds.AGREEMENT_PROPOSED}, "
                             f"not {entry.kind}")
        version = version_in(p)
        state = CampaignState(entry.case_id, p["community_id"], version.terms.title,
                              versions=(version,), discussed=version.hash)
    else:
        state = _folded(state, entry, p)
    at = parse_time(entry.at)
    return replace(state, happened=happened_after(state.happened, entry.kind, p, at),
                   version=entry.seq, last_hash=entry.hash)


def version_in(p: Payload) -> AgreementVersion:
    """The version an entry proposes, counters or amends; its hash is checked."""
    return AgreementVersion(p["number"], p.get("parent"), terms_from_canonical(p["terms"]),
                            p["hash"])


def _folded(state: CampaignState, entry: JournalEntry, p: Payload) -> CampaignState:
    kind = entry.kind
    if kind in (kinds.AGREEMENT_COUNTERED, kinds.AGREEMENT_AMENDED):
        version = version_in(p)
        return replace(state, versions=(*state.versions, version), discussed=version.hash)
    if kind == kinds.AGREEMENT_ACCEPTED:
        acceptance = Acceptance(p["by"], p["name"], parse_time(entry.at))
        acceptances = dict(state.acceptances)
        acceptances[p["hash"]] = (*acceptances.get(p["hash"], ()), acceptance)
        return replace(state, acceptances=acceptances)
    if kind == kinds.AGREEMENT_AGREED:
        return _agreed(state, p["hash"])
    if kind in kinds.DELIVERABLE_KINDS:
        lives = dict(state.deliverables)
        key = p["deliverable"]
        lives[key] = fold_deliverable(lives.get(key), kind, p, entry.at)
        return replace(state, deliverables=lives)
    if kind in kinds.MILESTONE_KINDS:
        payments = dict(state.milestones)
        key = p["milestone"]
        payments[key] = fold_milestone(payments.get(key), kind, p, entry.at)
        return replace(state, milestones=payments)
    if kind == kinds.CAMPAIGN_REMINDER_SENT:
        mark = timer_mark(p["deadline"], parse_time(p["due_at"]))
        return replace(state, reminded=state.reminded | {mark})
    if kind == kinds.CAMPAIGN_OVERDUE:
        mark = timer_mark(p["key"], parse_time(p["due_at"]))
        return replace(state, noticed=state.noticed | {mark})
    if kind in TALK_KINDS:
        return heard(state, entry, p)
    if kind == METRICS_REPORTED:
        return replace(state, reports=(*state.reports, p))
    if kind == kinds.COLUMN_MAPPING_SET:
        return replace(state, column_mapping=dict(p["fields"]))
    if kind == kinds.CAMPAIGN_ENDED:
        return replace(state, ended=True, discussed=None)
    raise ValueError(f"{kind} is not an entry of a campaign's record")


def _agreed(state: CampaignState, version_hash: str) -> CampaignState:
    """The version is in force. Lives of deliverables and milestones it no longer names end
    here (an amendment may drop only cancelled deliverables and pending milestones); those it
    adds start in the entries that follow."""
    version = state.version_of(version_hash)
    assert version is not None, "agreed on a version never proposed"
    terms = version.terms
    keys = {d.key for d in terms.deliverables}
    payments = {m.key for m in terms.payment.milestones}
    return replace(
        state, agreed=version_hash, discussed=None, title=terms.title,
        deliverables={k: v for k, v in state.deliverables.items() if k in keys},
        milestones={k: v for k, v in state.milestones.items() if k in payments})
