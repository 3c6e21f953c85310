"""Erasure and legal holds, as the operator asks for them and as retention fires them.

An erasure is journaled like anything else: a command decided on the case (`bot/domain/
retention.py`) whose `content_erased` entry is written in one transaction with the removal it
records (`removal`: each erased entry's remains, and the store's other copies blanked). After
the commit, the case's cached state is dropped (it still holds the text), the files only
erased entries recorded are deleted, and the database's log is flushed (`finish`); if the
process stops in between, the next `finish` (any erasure, or `mediator erase --finish`) does it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.commands import EraseContent, HoldCase
from bot.domain.entry_hash import canonical_json
from bot.domain.erasure import coverage, erasable, note, of_person, remains
from bot.domain.errors import Refusal, TryAgain
from bot.domain.identity import operator
from bot.domain.journal import JournalEntry
from bot.exchange import Context, Outcome
from bot.ports import CaseStore, EvidenceStore, Journal, Removal
from bot.service.retrying import MAX_ATTEMPTS

if TYPE_CHECKING:
    from bot.service.mediation import MediationService

log = logging.getLogger(__name__)


async def removal(store: Journal, erasure: JournalEntry,
                  written: Sequence[JournalEntry]) -> Removal:
    """What the `content_erased` entry `erasure` removes: read from the journal (and from the
    entries written before it in the same batch)."""
    before = [*await store.entries(erasure.case_id),
              *(e for e in written if e.seq < erasure.seq)]
    covers = coverage(erasure.payload)
    reason = erasure.payload["reason"]
    made = note(erasure.at, reason, erasure.seq)
    erased = [e for e in before if covers(e.seq) and erasable(e)]
    return Removal(
        erasure.case_id,
        tuple((e.seq, canonical_json(remains(e.kind, e.payload, made))) for e in erased),
        f"(This message was erased on {erasure.at[:10]}: {reason}.)",
        opening=any(e.kind == kinds.CASE_OPENED for e in erased),
        people=tuple(sorted({e.actor_id for e in erased})))


class Erasing:
    """The operator's erasures and holds on a service's cases, and what follows each
    erasure once committed."""

    def __init__(self, service: MediationService) -> None:
        self.service = service
        self.store: CaseStore = service.store
        self.evidence: EvidenceStore = service.evidence
        self._tasks: set[asyncio.Task[None]] = set()
        service.journaling.writer.on_erased = self._erased

    async def erase(self, case_id: str, person: str, reason: str, by: str) -> Outcome:
        """Erase `person`'s content in the case, journaled as done by operator `by`."""
        for _ in range(MAX_ATTEMPTS):
            case = await self.service.case(case_id)
            entries = await self.store.entries(case_id)
            theirs = set(of_person(entries, person))
            if not any(e.actor_id == person for e in entries):
                raise Refusal(f"{person} wrote nothing in case {case_id}.")
            chosen = [e for e in entries if e.seq in theirs]
            command = EraseContent(
                person=person, reason=reason,
                entries=tuple(e.seq for e in chosen if erasable(e)), version=case.version,
                kept=sum(1 for e in chosen if e.content_hash is None))
            try:
                outcome = await self._act(case, command, by)
            except TryAgain:
                continue
            await self.finish()
            return outcome
        raise TryAgain(f"Case {case_id} kept moving; try the erasure again.")

    async def hold(self, case_id: str, reason: str, by: str, *, lift: bool = False
                   ) -> Outcome:
        case = await self.service.case(case_id)
        return await self._act(case, HoldCase(reason, lift=lift), by)

    async def _act(self, case: Case, command: EraseContent | HoldCase, by: str) -> Outcome:
        platform = await self.service.platform_of(case.community_id)
        return await self.service.journaling.act(
            Context(operator(by), case.community_id, platform), case.id, command)

    async def finish(self) -> int:
        """Delete the files that only erased entries recorded, and flush the database's
        log; how many files went."""
        removed = 0
        for sha256 in await self.store.erased_files():
            removed += await self.evidence.remove(sha256)
        await self.store.flush_erased()
        return removed

    def _erased(self, case_id: str) -> None:
        """An erasure was committed: finish it in the background."""
        task = asyncio.get_running_loop().create_task(self._finish_quietly(case_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finish_quietly(self, case_id: str) -> None:
        try:
            await self.finish()
        except Exception:
            log.exception("finishing an erasure failed (the next one tries again)",
                          extra={"case_id": case_id})
