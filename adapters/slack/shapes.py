"""What Slack's ids look like. An id that does not look like one is refused at the edge: ids
end up in journal sources, message refs and room keys, so nothing else may pass for one (a
lone surrogate, for one, cannot even be encoded for the database)."""

from __future__ import annotations

import re
from typing import Any

_SHAPES = {
    "team": re.compile(r"T[A-Z0-9]{1,20}"),
    "enterprise": re.compile(r"E[A-Z0-9]{1,20}"),
    "user": re.compile(r"[UWB][A-Z0-9]{1,20}"),  # B: some bot users
    "channel": re.compile(r"[CDG][A-Z0-9]{1,20}"),
    "file": re.compile(r"F[A-Z0-9]{1,20}"),
    "view": re.compile(r"V[A-Z0-9]{1,20}"),
    "ts": re.compile(r"[0-9]{1,12}\.[0-9]{1,9}"),
    "event": re.compile(r"Ev[A-Za-z0-9]{1,40}"),
    "trigger": re.compile(r"[A-Za-z0-9._-]{1,200}"),
}


def looks_like(kind: str, value: Any) -> bool:
    """Whether `value` is a string shaped like a Slack id of `kind` (`team`, `user`, …)."""
    return isinstance(value, str) and _SHAPES[kind].fullmatch(value) is not None


def optional(kind: str, value: Any) -> bool:
    """Absent (None) or shaped like a Slack id of `kind`."""
    return value is None or looks_like(kind, value)
