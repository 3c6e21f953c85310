"""Slack's message markup → the text as the person wrote it. Pure: no I/O, no Slack SDK.

Slack sends what people type in messages with `&`, `<` and `>` escaped as `&amp;`, `&lt;` and
`&gt;`, and uses `<…>` only for its own markup: `<@U123>` (a person), `<#C123|name>` (a
channel), `<!here>` (a broadcast), `<!subteam^S123>` (a user group), `<!date^…|fallback>` and
`<https://…|label>` (a link). The journal keeps what people typed, so a typed `<@U123>` (which
arrives as `&lt;@U123&gt;`) stays those seven characters, and a real mention becomes `@Name`;
the markup itself is kept next to it (see docs/slack.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_ENTITY = re.compile(r"&(amp|lt|gt);")
_CHARACTER = {"amp": "&", "lt": "<", "gt": ">"}
# Slack never sends a bare `<` or `>`, so every `<…>` is markup; `|` separates its label.
_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_BROADCASTS = ("here", "channel", "everyone")


def unescape(text: str) -> str:
    """Slack's escaping undone, in one pass: a typed `&amp;` arrives as `&amp;amp;`."""
    return _ENTITY.sub(lambda m: _CHARACTER[m.group(1)], text)


def mentioned_users(markup: str) -> list[str]:
    """The user ids `<@U123>` in Slack's text, in order, each once."""
    found: list[str] = []
    for match in _MARKUP.finditer(markup):
        target = match.group(1)
        if target.startswith("@") and target[1:] not in found:
            found.append(target[1:])
    return found


def readable(markup: str, names: Mapping[str, str] | None = None) -> str:
    """Slack's text as people read it: markup replaced by what Slack shows for it, the rest
    unescaped. `names`: display names by user id (an id without a name shows as itself)."""
    names = names or {}
    out: list[str] = []
    at = 0
    for match in _MARKUP.finditer(markup):
        out.append(unescape(markup[at : match.start()]))
        out.append(_shown(unescape(match.group(1)), _label(match.group(2)), names))
        at = match.end()
    out.append(unescape(markup[at:]))
    return "".join(out)


def _label(raw: str | None) -> str | None:
    return unescape(raw) if raw else None


def _shown(target: str, label: str | None, names: Mapping[str, str]) -> str:
    if target.startswith("@"):
        user = target[1:]
        return "@" + (names.get(user) or label or user)
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        command = target[1:]
        if command in _BROADCASTS:
            return "@" + command
        if command.startswith("subteam^"):
            return label or "@" + command.removeprefix("subteam^")
        return label or command  # `<!date^…|fallback>` and the like: what Slack falls back to
    # A link: what the person typed (Slack links a typed `example.com` as
    # `<http://example.com|example.com>`), with the address when the label hides it.
    if label is None or label == target or target.split(":", 1)[-1].lstrip("/") == label:
        return label or target
    return f"{label} ({target})"
