"""The one `/mediate` grammar: `/mediate <subcommand> [case id] [arguments] [field=value ...]`.

Parsing never fails on odd input: quotes may be unbalanced, anything may be typed; what does
not fit becomes a positional argument, and the service explains what it expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.text import clean_text

CASE_ID = re.compile(r"^MB-[0-9A-Z]{6}$", re.IGNORECASE | re.ASCII)
PREFIX = "/mediate"
INPUT_LIMIT = 40_000

_TOKEN = re.compile(
    r"""(?P<key>[a-z_]+)=(?:"(?P<dq>[^"]*)"|(?P<bare>\S*))"""
    r"""|"(?P<quoted>[^"]*)\""""
    r"""|(?P<word>\S+)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Request:
    """A parsed `/mediate` line (or a submitted form): what is asked, not yet checked."""

    subcommand: str
    case_id: str | None = None
    args: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    text: str = ""  # everything after the subcommand and case id, as typed


def is_command(line: str) -> bool:
    stripped = line.lstrip()
    return stripped == PREFIX or stripped.startswith(PREFIX + " ")


def parse(line: str, field_names: frozenset[str] | None = None) -> Request:
    """Parse a command line, with or without the `/mediate` prefix.

    `field_names` are the names accepted as `name=value`; other `x=y` tokens stay arguments.
    When None, every `name=value` token is taken as a field.
    """
    line = clean_text(line[:INPUT_LIMIT]).strip()
    if line.startswith(PREFIX):
        line = line[len(PREFIX):].strip()
    head, _, rest = line.partition(" ")
    subcommand = head.strip().lower() or "help"
    rest = rest.strip()
    case_id = None
    first, _, remainder = rest.partition(" ")
    if CASE_ID.match(first):
        case_id = first.upper()
        rest = remainder.strip()
    args: list[str] = []
    fields: dict[str, str] = {}
    for match in _TOKEN.finditer(rest):
        key = match.group("key")
        if key is not None:
            name = key.lower()
            value = match.group("dq") if match.group("dq") is not None else match.group("bare")
            if field_names is None or name in field_names:
                fields[name] = value or ""
                continue
            args.append(match.group(0))
        elif match.group("quoted") is not None:
            args.append(match.group("quoted"))
        else:
            args.append(match.group("word"))
    return Request(subcommand, case_id, tuple(args), fields, rest)
