"""What this store last wrote of each case's participants and deadline rows, and at which
version, so that an append writes them only when they changed.

The core hands every append the whole case row, participants and deadlines included. Most
appends (a message in a thread) change neither, and rewriting them would more than double
an append's statements. The memory holds only while the case is at the version this store
left it: an append that expects any other version (another process wrote in between, or
this store has not written the case yet) writes both.
"""

from __future__ import annotations

from bot.ports import CaseSummary, DeadlineDue, Participant

CASES_KEPT = 4096
"""How many cases' rows are remembered; the least recently written are forgotten first."""


class WrittenRows:
    def __init__(self, size: int = CASES_KEPT) -> None:
        self._size = size
        self._known: dict[str, tuple[int, tuple[Participant, ...], tuple[DeadlineDue, ...]]] = {}

    def changes(self, summary: CaseSummary, expected_version: int) -> tuple[bool, bool]:
        """Whether the participants, and whether the deadlines, must be written with
        `summary` for a case expected at `expected_version`."""
        known = self._known.get(summary.id)
        if known is None or known[0] != expected_version:
            return True, True
        return known[1] != summary.participants, known[2] != summary.deadlines

    def remember(self, summary: CaseSummary) -> None:
        """Call once `summary` is committed."""
        known = self._known
        known.pop(summary.id, None)
        known[summary.id] = (summary.version, summary.participants, summary.deadlines)
        if len(known) > self._size:
            del known[next(iter(known))]
