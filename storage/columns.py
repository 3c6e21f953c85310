"""Each table's columns, defined once: by the fields of the value the port hands over.

A table's column list is the matching port dataclass's fields, in their order. Every read
selects these columns and unpacks a row straight into the value (`EvidenceRecord(*row)`), and
every write takes the values from it by the same names. A field that is not a column (a
summary's participants) is left out; a column named otherwise than its field is in `_RENAMED`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from sqlalchemy import Column

from bot.domain.journal import JournalEntry
from bot.ports import (
    CaseSummary,
    DeadlineDue,
    DueDeadline,
    EvidenceRecord,
    OutboxMessage,
    Participant,
)
from storage.models import (
    CaseRow,
    DeadlineRow,
    EvidenceRow,
    JournalEntryRow,
    OutboxRow,
    ParticipantRow,
)

# Field name → column name, where they differ.
_RENAMED = {"payload_json": "payload"}

Values = Callable[[Any], tuple[Any, ...]]


def _field_names(value_type: type, skip: Sequence[str]) -> tuple[str, ...]:
    return tuple(field.name for field in fields(value_type) if field.name not in skip)


def _columns(model: Any, value_type: type, skip: Sequence[str] = ()
             ) -> tuple[Column[Any], ...]:
    return tuple(model.__table__.c[_RENAMED.get(name, name)]
                 for name in _field_names(value_type, skip))


def _values(value_type: type, skip: Sequence[str] = ()) -> Values:
    """A function giving a value's column values as a tuple, in its column list's order."""
    return attrgetter(*_field_names(value_type, skip))  # several names: it gives a tuple


# Bound parameters per IN (...) list: well under SQLite's and asyncpg's limits.
_IN_CHUNK = 500


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """`items` in slices small enough for one IN (...) list of bound parameters."""
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def named(columns: Sequence[Column[Any]], values: Sequence[Any]) -> dict[str, Any]:
    """Column values by column name, for Core statements."""
    return {column.key: value for column, value in zip(columns, values, strict=True)}


ENTRY_COLUMNS = _columns(JournalEntryRow, JournalEntry)
"""A journal row, in `JournalEntry`'s field order."""
entry_values = _values(JournalEntry)

_NOT_CASE_COLUMNS = ("participants", "deadlines")  # rows of their own tables
CASE_COLUMNS = _columns(CaseRow, CaseSummary, _NOT_CASE_COLUMNS)
"""A case row, in `CaseSummary`'s field order."""
case_values = _values(CaseSummary, _NOT_CASE_COLUMNS)

_SET_ONCE = ("id", "community_id", "opened_at", "kind")  # when the case opens
CHANGING_CASE_COLUMNS = _columns(CaseRow, CaseSummary, (*_NOT_CASE_COLUMNS, *_SET_ONCE))
"""The case row's columns an append may change."""
changing_case_values = _values(CaseSummary, (*_NOT_CASE_COLUMNS, *_SET_ONCE))

PARTICIPANT_COLUMNS = _columns(ParticipantRow, Participant)
"""A participant row but for its case and position, in `Participant`'s field order."""
participant_values = _values(Participant)

ACTIVE_DEADLINE_COLUMNS = _columns(DeadlineRow, DeadlineDue)
"""What a case summary lists of a deadline, in `DeadlineDue`'s field order."""
DUE_DEADLINE_COLUMNS = _columns(DeadlineRow, DueDeadline, ("community_id",))
"""A deadline for the firing loop, in `DueDeadline`'s field order (its case's community
comes from the case's row)."""

EVIDENCE_COLUMNS = _columns(EvidenceRow, EvidenceRecord)
"""An evidence row but for its id, in `EvidenceRecord`'s field order."""
evidence_values = _values(EvidenceRecord)

OUTBOX_COLUMNS = _columns(OutboxRow, OutboxMessage)
"""An outbox row but for its claim, in `OutboxMessage`'s field order."""
outbox_values = _values(OutboxMessage)
