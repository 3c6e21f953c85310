"""Whose export it is, and which entries that viewer may see in it.

An export keeps every link of the chain: an entry the viewer may not see becomes a stub with
its place in the chain and, since hash version 2, the fields its hash covers but its content,
so a verifier checks every link without learning what the entry said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.identity import Actor, Role, Side
from bot.domain.journal import JournalEntry
from bot.domain.visibility import can_see, effective

FULL = "full"


@dataclass(frozen=True)
class Scope:
    """The viewer an export is made for. `kind` is `full` (the operator) or the role's name."""

    kind: str
    viewer_id: str
    viewer_name: str
    role: Role
    side: Side | None

    @property
    def full(self) -> bool:
        return self.kind == FULL

    def sees(self, entry: JournalEntry, revealed: bool) -> bool:
        if self.full:
            return True
        return can_see(effective(entry.visibility, entry.kind, revealed), self.role, self.side)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "viewer": {
                "id": self.viewer_id,
                "name": self.viewer_name,
                "role": self.role.value,
                "side": self.side.value if self.side else None,
            },
        }


OPERATOR = Actor("operator", "operator")


def scope_for(case: Case, viewer: Actor, role: Role, *, full: bool = False) -> Scope:
    """The scope of an export for `viewer`, who has `role` in `case` (`full`: the operator)."""
    if full:
        return Scope(FULL, viewer.user_id, viewer.name, Role.SYSTEM, None)
    return Scope(role.value, viewer.user_id, viewer.name, role, case.side_of(viewer))


def check_whole_journal(case_id: str, entries: Sequence[JournalEntry]) -> None:
    """Refuse a journal that is not whole: an export redacts by itself and needs every link."""
    for expected, entry in enumerate(entries, start=1):
        if entry.case_id != case_id:
            raise ValueError(f"entry {entry.seq} belongs to case {entry.case_id}, not {case_id}")
        if entry.seq != expected:
            raise ValueError(
                f"the journal is not whole (entry {expected} is missing): pass every entry of "
                "the case, the export leaves out what the viewer may not see"
            )


def revealed_in(entries: Sequence[JournalEntry]) -> bool:
    """Whether the sealed statements were revealed by the end of these entries."""
    return any(e.kind == kinds.STATEMENTS_REVEALED for e in entries)


def stub(entry: JournalEntry) -> dict[str, Any]:
    """A hidden entry as it appears in an export: its place in the chain and, for a version 2
    entry, every field its hash covers but the content, which only its salted commitment
    stands for. A verifier then recomputes the stub's hash from its link like any other
    entry's, and checks it is one this viewer may not see; nothing in it can be guessed."""
    if entry.content_hash is None:
        return {"seq": entry.seq, "redacted": True, "prev_hash": entry.prev_hash,
                "hash": entry.hash}
    return {"seq": entry.seq, "redacted": True, "at": entry.at, "kind": entry.kind,
            "actor": {"id": entry.actor_id, "role": entry.actor_role},
            "visibility": entry.visibility, "source": entry.source,
            "content_hash": entry.content_hash, "prev_hash": entry.prev_hash,
            "hash": entry.hash}
