"""Telling integrity errors apart: which constraint did a statement violate?"""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy.exc import IntegrityError


def violates(error: IntegrityError | sqlite3.IntegrityError, *names: str) -> bool:
    """Whether `error` names one of `names`: a constraint name (PostgreSQL reports it, as
    asyncpg's `constraint_name` and in the message) or a `table.column` (SQLite's message).
    `error` may also be the sqlite3 driver's own error, from statements run on it directly."""
    original = error.orig if isinstance(error, IntegrityError) else error
    said = [str(original)]
    for reported in (original, getattr(original, "__cause__", None)):
        name = getattr(reported, "constraint_name", None)
        if name:
            said.append(name)
    text = " ".join(said).lower()
    return any(re.search(rf"(?<![\w.]){re.escape(name.lower())}(?![\w])", text) for name in names)
