"""Real journal entries and case summaries for storage tests, built with the domain's `chain`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain.identity import Actor, Role
from bot.domain.journal import GENESIS_HASH, Event, JournalEntry, chain
from bot.ports import CaseHead, CaseSummary, Community, DeadlineDue, Participant
from storage.repository import SqlCaseStore

T0 = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
COMMUNITY = Community(id="console", platform="console", name="Console")
ANA = Actor(user_id="console:ana", name="Ana")
OTTO = Actor(user_id="console:otto", name="Otto")
CLAIMANT = Participant(user_id=ANA.user_id, name=ANA.name, role="claimant", side="creator")
RESPONDENT = Participant(user_id=OTTO.user_id, name=OTTO.name, role="respondent", side="brand")


def event(kind: str = "message_posted", **payload: Any) -> Event:
    return Event(kind=kind, payload=payload)


def entries_after(
    head: CaseHead | None,
    case_id: str,
    events: Sequence[Event],
    *,
    source: str | None = None,
    actor: Actor = ANA,
    role: Role = Role.CLAIMANT,
    now: datetime = T0,
) -> list[JournalEntry]:
    """Entries continuing the chain after `head` (None: a new case)."""
    return chain(
        case_id,
        events,
        actor=actor,
        role=role,
        now=now,
        after_seq=head.version if head else 0,
        after_hash=head.last_hash if head else GENESIS_HASH,
        source=source,
    )


def summary_after(
    case_id: str,
    entries: Sequence[JournalEntry],
    *,
    previous: CaseSummary | None = None,
    **changes: Any,
) -> CaseSummary:
    """The case row after `entries`: `previous` (or a fresh case) moved to the last entry."""
    base = previous or CaseSummary(
        id=case_id,
        community_id=COMMUNITY.id,
        title="Unpaid invoice for the spring campaign",
        phase="awaiting_response",
        closed_reason=None,
        version=0,
        last_hash=GENESIS_HASH,
        opened_at=T0,
        updated_at=T0,
    )
    last = entries[-1] if entries else None
    moved = replace(
        base,
        version=last.seq if last else base.version,
        last_hash=last.hash if last else base.last_hash,
    )
    return replace(moved, **changes)


async def open_case(
    store: SqlCaseStore,
    case_id: str,
    *,
    source: str | None = None,
    events: Sequence[Event] = (),
    participants: Sequence[Participant] = (CLAIMANT,),
    deadlines: Mapping[str, datetime] | None = None,
    **changes: Any,
) -> tuple[list[JournalEntry], CaseSummary]:
    """Open a case (community included) and return its entries and summary."""
    if await store.community(COMMUNITY.id) is None:
        await store.save_community(COMMUNITY)
    entries = entries_after(
        None, case_id, events or [event("case_opened", title="spring")], source=source
    )
    due = deadlines if deadlines is not None else {"response": T0 + timedelta(days=3)}
    summary = summary_after(
        case_id,
        entries,
        participants=tuple(participants),
        deadlines=tuple(DeadlineDue(key, at) for key, at in sorted(due.items())),
        **changes,
    )
    async with store.transaction() as tx:
        await tx.append(entries, summary, 0)
    return entries, summary


async def append_to(
    store: SqlCaseStore,
    previous: CaseSummary,
    *events: Event,
    source: str | None = None,
    now: datetime = T0,
    **changes: Any,
) -> tuple[list[JournalEntry], CaseSummary]:
    """Append `events` to a case at `previous.version` and return the entries and summary."""
    head = CaseHead(previous.version, previous.last_hash)
    entries = entries_after(head, previous.id, events or [event()], source=source, now=now)
    summary = summary_after(previous.id, entries, previous=previous, updated_at=now, **changes)
    async with store.transaction() as tx:
        await tx.append(
            entries,
            summary,
            previous.version,
        )
    return entries, summary
