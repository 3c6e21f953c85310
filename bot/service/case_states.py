"""The folded states of the records (cases and campaigns) this process acted on lately, kept so
that a command does not fold a record's whole journal again: a cached state is brought up to
date with the entries written after it (by this process or another one) whenever it is
read."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from bot.domain.kinds import CONTENT_ERASED as ERASED
from bot.ports import Journal
from bot.service.streams import Streams

State = Any  # a Case or a CampaignState: whatever its stream folds


class CaseStates:
    def __init__(self, store: Journal, streams: Streams, size: int = 2000) -> None:
        self.store = store
        self.streams = streams
        self.size = size
        self._cases: OrderedDict[str, State] = OrderedDict()

    def cached(self, case_id: str) -> State | None:
        """The state last known here, perhaps behind the journal (the version check on
        writing catches a stale one)."""
        return self._cases.get(case_id)

    async def latest(self, case_id: str) -> State | None:
        """The record as journaled: the cached state brought up to date with newer entries."""
        cached = self._cases.get(case_id)
        new = await self.store.entries(case_id, after_seq=cached.version if cached else 0)
        if not new:
            return cached
        if cached is not None and any(e.kind == ERASED for e in new):
            # Content was erased since (by another process): what is kept here still holds
            # it, so the record is read again from the journal.
            new = await self.store.entries(case_id)
            cached = None
        case = cached
        apply = self.streams.of(case_id).apply
        for entry in new:
            case = apply(case, entry)
        assert case is not None
        self.remember(case)
        return case

    async def read(self, case_ids: Sequence[str]) -> None:
        """Read the cases not kept here yet, all in one go, and keep them (ahead of commands
        on many cases at once: one query instead of one per case)."""
        missing = [case_id for case_id in dict.fromkeys(case_ids) if case_id not in self._cases]
        if not missing:
            return
        case: State | None = None
        for entry in await self.store.entries_of(missing[: self.size]):
            if case is not None and case.id != entry.case_id:
                self.remember(case)
                case = None
            case = self.streams.of(entry.case_id).apply(case, entry)
        if case is not None:
            self.remember(case)

    def remember(self, case: State) -> None:
        self._cases[case.id] = case
        self._cases.move_to_end(case.id)
        while len(self._cases) > self.size:
            self._cases.popitem(last=False)

    def forget(self, case_id: str) -> None:
        """Drop a case's state: it moved on elsewhere."""
        self._cases.pop(case_id, None)
