"""The values in a Discord payload, read defensively: option values, ids and names. Pure.

Discord documents their types, but a payload is still input: a value of the wrong type, a
lone surrogate, or an id that is no snowflake must not reach the journal or raise. Text is
cleaned as the core cleans it (`clean_text`); ids are refused unless they are snowflakes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.domain.text import clean_text
from bot.input.grammar import CASE_ID

_SNOWFLAKE = re.compile(r"[0-9]{1,20}")
MAX_SNOWFLAKE = 2**64 - 1
# Discord's longest option value (a string option, 6,000 characters); longer is not Discord's.
MAX_OPTION = 6000


class Malformed(ValueError):
    """A payload no Discord client sends; the message says what, for the person."""


def snowflake(value: Any) -> int | None:
    """`value` as a Discord id (a snowflake: digits, below 2**64), or None."""
    if type(value) is int:  # as discord.py gives ids: every message's are checked
        return value if 0 <= value <= MAX_SNOWFLAKE else None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value)
    if not _SNOWFLAKE.fullmatch(text) or int(text) > MAX_SNOWFLAKE:
        return None
    return int(text)


def text(value: Any, limit: int = MAX_OPTION) -> str:
    """A string value as storable text ("" for none); Malformed for another type."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise Malformed("An option has the wrong type.")
    return clean_text(str(value)[:limit]).strip()


def choice(values: Mapping[str, Any], option: str, allowed: tuple[str, ...]) -> str:
    """A choice option's value ("" for none); Malformed for one Discord would not send."""
    value = text(values.get(option), 20).lower()
    if value and value not in allowed:
        raise Malformed(f"{option}: one of {', '.join(allowed)}.")
    return value


def name(user: Mapping[str, Any] | None, fallback: str = "someone") -> str:
    """The shown name of a user object from a raw payload, cleaned."""
    if not isinstance(user, Mapping):
        return fallback
    for key in ("global_name", "username"):
        value = user.get(key)
        if isinstance(value, str) and value.strip():
            return clean_text(value[:100]).strip() or fallback
    return fallback


def subcommand(data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The subcommand and its option values (by name) from a `/mediate` payload; Malformed
    when an option is not an object with a name and a plain value."""
    top = data.get("options") or []
    if not isinstance(top, list) or not top or not isinstance(top[0], dict):
        return "help", {}
    sub = top[0]
    raw = sub.get("options") or []
    if not isinstance(raw, list) or not isinstance(sub.get("name", ""), str):
        raise Malformed("That command is malformed.")
    values: dict[str, Any] = {}
    for option in raw:
        if not isinstance(option, dict) or not isinstance(option.get("name"), str):
            raise Malformed("An option of that command is malformed.")
        value = option.get("value")  # a boolean option's is a bool: `text` refuses it
        if value is not None and not isinstance(value, str | int | float):
            raise Malformed(f"The option {clean_text(option['name'][:30])!r} is malformed.")
        values[option["name"]] = value
    return str(sub.get("name", "")), values


def case(values: Mapping[str, Any]) -> str | None:
    """The `case` option as a case id; Malformed for anything else."""
    raw = text(values.get("case"), 200)
    if not raw:
        return None
    token = raw.split(":", 1)[0].strip()  # autocomplete values are ids; typed text may not be
    if not CASE_ID.match(token):
        raise Malformed(f"{raw[:40]!r} is not a case id: they look like MB-7K2Q9X.")
    return token.upper()


def mention(value: Any) -> str:
    """A user option as a mention; Malformed unless it is a snowflake (Discord sends ids)."""
    member = snowflake(value)
    if member is None:
        raise Malformed("That is not a member of this server: pick one from the list.")
    return f"<@{member}>"


def focused_text(data: Mapping[str, Any]) -> str:
    """What the person has typed so far into the focused option (autocomplete)."""
    top = data.get("options")
    first = top[0] if isinstance(top, list) and top else None
    options = first.get("options") if isinstance(first, dict) else None
    for option in options if isinstance(options, list) else ():
        if isinstance(option, dict) and option.get("focused"):
            return text(option.get("value"), 100) if isinstance(option.get("value"), str) \
                else ""
    return ""
