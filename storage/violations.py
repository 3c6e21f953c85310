"""Telling integrity errors apart: which constraint did a statement violate?"""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError


def violates(error: IntegrityError, *names: str) -> bool:
    """Whether `error` names one of `names`: a constraint name (PostgreSQL reports it, as
    asyncpg's `constraint_name` and in the message) or a `table.column` (SQLite's message)."""
    original = error.orig
    said = [str(original)]
    for reported in (original, getattr(original, "__cause__", None)):
        name = getattr(reported, "constraint_name", None)
        if name:
            said.append(name)
    text = " ".join(said).lower()
    return any(re.search(rf"(?<![\w.]){re.escape(name.lower())}(?![\w])", text) for name in names)
