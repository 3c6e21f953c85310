"""Database URLs as people paste them, turned into the async URLs SQLAlchemy needs.

Hosting platforms hand out `postgres://...` (Heroku style) or `postgresql://...?sslmode=require`;
people type `sqlite:///mediation.db`. The bot only talks to databases through asyncio drivers
(aiosqlite, asyncpg), so every accepted form is rewritten to use one of them.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, make_url
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

# For text that does not even parse as a URL: hide whatever sits between `user:` and `@`.
_USERINFO_PASSWORD = re.compile(r"(?P<head>://[^:/?#@]*:)[^@/?#]*(?P<tail>@)")
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
        parsed = make_url(text)
    except (ArgumentError, ValueError):
        raise ValueError(
            f"{redact(text)!r} is not a database URL. Use one of: {ACCEPTED_FORMS}."
        ) from None

    driver = parsed.drivername.lower()
    if driver in _SQLITE_DRIVERS:
        return _render(parsed.set(drivername=SQLITE_ASYNC))
    if driver in _POSTGRES_DRIVERS:
        return _render(_asyncpg_query(parsed.set(drivername=POSTGRES_ASYNC)))
    raise ValueError(
        f"Unsupported database URL {redact(text)!r}: only SQLite and PostgreSQL are supported. "
        f"Use one of: {ACCEPTED_FORMS}."
    )


def redact(url: str) -> str:
    """`url` with its password replaced by `***`, safe for logs and error messages."""
    try:
        parsed = make_url(url.strip())
    except (ArgumentError, ValueError):
        # Not a URL SQLAlchemy understands: still never echo what looks like a password.
        hidden = _USERINFO_PASSWORD.sub(r"\g<head>***\g<tail>", url)
        return _QUERY_PASSWORD.sub(r"\g<head>***", hidden)
    if "password" in parsed.query:
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True)


def _asyncpg_query(url: URL) -> URL:
    """Translate libpq's `sslmode` into asyncpg's `ssl` (asyncpg refuses unknown arguments)."""
    if "sslmode" not in url.query:
        return url
    mode = url.query["sslmode"]
    if not isinstance(mode, str) or mode not in _SSL_MODES:
        raise ValueError(
            f"Unsupported sslmode {mode!r} in {redact(url.render_as_string(False))!r}: "
            f"use one of {', '.join(sorted(_SSL_MODES))}."
        )
    existing = url.query.get("ssl")
    if existing is not None and existing != mode:
        raise ValueError(
            f"The database URL sets both ssl={existing!r} and sslmode={mode!r}: keep one."
        )
    return url.difference_update_query(["sslmode"]).update_query_dict({"ssl": mode})


def _render(url: URL) -> str:
    # The real password must survive normalisation: the result is what we connect with.
    return url.render_as_string(hide_password=False)
