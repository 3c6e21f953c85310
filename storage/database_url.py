"""Database URLs as people paste them, turned into the async URLs SQLAlchemy needs.

Hosting platforms hand out `postgres://...` (Heroku style) or `postgresql://...?sslmode=require`;
people type `sqlite:///mediation.db`. The bot only talks to databases through asyncio drivers
(aiosqlite, asyncpg), so every accepted form is rewritten to use one of them.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_URL = "sqlite:///mediation.db"
"""The embedded default: a SQLite file in the working directory, nothing to install."""

ACCEPTED_FORMS = (
    "sqlite:///path/to/file.db, sqlite:///:memory:, "
    "postgresql://user:password@host:5432/dbname (or postgres://...)"
)

SQLITE_ASYNC = "sqlite+aiosqlite"
POSTGRES_ASYNC = "postgresql+asyncpg"

# Drivers whose URLs mean the same database and only need the async driver swapped in.
_SQLITE_DRIVERS = frozenset({"sqlite", "sqlite+pysqlite", SQLITE_ASYNC})
_POSTGRES_DRIVERS = frozenset(
    {
        "postgres",
        "postgresql",
        "postgresql+psycopg",
        "postgresql+psycopg2",
        "postgresql+pg8000",
        POSTGRES_ASYNC,
    }
)

# libpq's sslmode values; asyncpg's `ssl` argument accepts the same words.
_SSL_MODES = frozenset({"disable", "allow", "prefer", "require", "verify-ca", "verify-full"})

# `user:password@`: the greedy `.*` runs to the *last* `@`, so a password with an unescaped
# `@` or `/` in it is hidden whole (hiding a bit too much is the safe way to be wrong).
_USERINFO_PASSWORD = re.compile(r"(?P<head>://[^:/@?#]*:).*(?P<tail>@)")
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)[^&#]*", re.IGNORECASE)


def normalize(url: str) -> str:
    """Return `url` as an async SQLAlchemy URL (aiosqlite or asyncpg).

    Accepts `sqlite:///path`, `sqlite:///:memory:`, `postgres://...`, `postgresql://...` and
    `postgresql+<driver>://...`; `sslmode=` becomes asyncpg's `ssl=`. URLs already naming an
    async driver pass through. Raises ValueError for anything else; the message never contains
    the password.
    """
    text = url.strip() if isinstance(url, str) else ""
    if not text:
        raise ValueError(f"The database URL is empty. Use one of: {ACCEPTED_FORMS}.")
    try:
        # Parsed only to validate and to read the driver: the result is built from the text
        # itself, so paths and passwords come out exactly as they went in.
        driver = make_url(text).drivername.lower()
    except (ArgumentError, ValueError):
        raise ValueError(
            f"{redact(text)!r} is not a database URL. Use one of: {ACCEPTED_FORMS}."
        ) from None

    rest = text[text.index("://") :]
    if driver in _SQLITE_DRIVERS:
        return SQLITE_ASYNC + rest
    if driver in _POSTGRES_DRIVERS:
        return POSTGRES_ASYNC + _asyncpg_query(rest, text)
    raise ValueError(
        f"Unsupported database URL {redact(text)!r}: only SQLite and PostgreSQL are supported. "
        f"Use one of: {ACCEPTED_FORMS}."
    )


def redact(url: str) -> str:
    """`url` with its password replaced by `***`, safe for logs and error messages.

    Works on any text, URL or not, so even a malformed URL never leaks its password.
    """
    hidden = _USERINFO_PASSWORD.sub(r"\g<head>***\g<tail>", url)
    return _QUERY_PASSWORD.sub(r"\g<head>***", hidden)


def _asyncpg_query(rest: str, original: str) -> str:
    """Translate libpq's `sslmode` into asyncpg's `ssl` (asyncpg refuses unknown arguments)."""
    base, mark, query = rest.partition("?")
    if not mark:
        return rest
    params = parse_qsl(query, keep_blank_values=True)
    modes = [value for key, value in params if key == "sslmode"]
    if not modes:
        return rest
    mode = modes[-1]
    if mode not in _SSL_MODES:
        raise ValueError(
            f"Unsupported sslmode {mode!r} in {redact(original)!r}: "
            f"use one of {', '.join(sorted(_SSL_MODES))}."
        )
    existing = [value for key, value in params if key == "ssl"]
    if any(value != mode for value in existing):
        raise ValueError(
            f"The database URL sets both ssl={existing[-1]!r} and sslmode={mode!r}: keep one."
        )
    kept = [(key, value) for key, value in params if key not in ("sslmode", "ssl")]
    return f"{base}?{urlencode([*kept, ('ssl', mode)])}"
