"""What people paste as DATABASE_URL, and what the bot connects with."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from storage.database_url import DEFAULT_URL, normalize, redact


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("sqlite:///mediation.db", "sqlite+aiosqlite:///mediation.db"),
        ("sqlite:////var/lib/bot/cases.db", "sqlite+aiosqlite:////var/lib/bot/cases.db"),
        ("sqlite:///:memory:", "sqlite+aiosqlite:///:memory:"),
        ("sqlite+pysqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("  sqlite:///x.db\n", "sqlite+aiosqlite:///x.db"),
        ("postgres://u:pw@db.example:5432/bot", "postgresql+asyncpg://u:pw@db.example:5432/bot"),
        ("postgresql://u:pw@db.example/bot", "postgresql+asyncpg://u:pw@db.example/bot"),
        ("postgresql+psycopg://u@db.example/bot", "postgresql+asyncpg://u@db.example/bot"),
        ("postgresql+psycopg2://u@db.example/bot", "postgresql+asyncpg://u@db.example/bot"),
        (
            "postgres://u:pw@h/bot?sslmode=require",
            "postgresql+asyncpg://u:pw@h/bot?ssl=require",
        ),
        (
            "postgres://u:pw@h/bot?application_name=bot&sslmode=verify-full",
            "postgresql+asyncpg://u:pw@h/bot?application_name=bot&ssl=verify-full",
        ),
        # Already async: untouched.
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        (
            "postgresql+asyncpg://u:pw@h/bot?ssl=require",
            "postgresql+asyncpg://u:pw@h/bot?ssl=require",
        ),
    ],
)
def test_accepted_forms_become_async_urls(pasted: str, expected: str) -> None:
    assert normalize(pasted) == expected


def test_normalizing_twice_changes_nothing() -> None:
    once = normalize("postgres://u:pw@h/bot?sslmode=require")
    assert normalize(once) == once


def test_escaped_password_survives() -> None:
    url = normalize("postgres://bot:p%40ss%2Fw0rd@h:5432/bot")
    assert make_url(url).password == "p@ss/w0rd"


def test_default_is_a_local_sqlite_file() -> None:
    assert DEFAULT_URL == "sqlite:///mediation.db"
    assert make_url(normalize(DEFAULT_URL)).database == "mediation.db"


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "mysql://root:hunter2@localhost/bot",
        "http://user:hunter2@example.com/",
        "postgresql+nosuchdriver://u:hunter2@h/bot",
        "just some words",
        "postgres://u:hunter2@h:notaport/bot",
        "postgres://u:hunter2@h/bot?sslmode=sometimes",
        "postgres://u:hunter2@h/bot?sslmode=require&ssl=disable",
    ],
)
def test_anything_else_is_refused_without_echoing_the_password(bad: str) -> None:
    with pytest.raises(ValueError) as refused:
        normalize(bad)
    message = str(refused.value)
    assert "hunter2" not in message
    assert message  # says something useful


def test_refusal_names_the_accepted_forms() -> None:
    with pytest.raises(ValueError, match=r"sqlite:///.*postgresql://"):
        normalize("mysql://root@localhost/bot")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+asyncpg://bot:hunter2@h:5432/db", "postgresql+asyncpg://bot:***@h:5432/db"),
        ("postgres://bot:p@ss/w@h/db", "postgres://bot:***@h/db"),
        (
            "postgres://bot@h/db?password=hunter2&ssl=require",
            "postgres://bot@h/db?password=***&ssl=require",
        ),
        ("postgres://u:hunter2@h:notaport/db", "postgres://u:***@h:notaport/db"),
        ("sqlite:///data/x.db", "sqlite:///data/x.db"),
        ("sqlite:///C:/data/x.db", "sqlite:///C:/data/x.db"),
        ("postgresql://bot@h/db", "postgresql://bot@h/db"),
    ],
)
def test_redact_hides_passwords_only(url: str, expected: str) -> None:
    assert redact(url) == expected
