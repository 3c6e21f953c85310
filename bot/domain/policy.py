"""A community's mediation policy: windows, reminder lead time and what silence leads to."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any

MAX_WINDOW = timedelta(days=365)
MAX_RETENTION_DAYS = 3650  # ten years
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([dhms])")
_UNITS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}


def parse_duration(raw: str) -> timedelta:
    """`72h`, `5d`, `1d12h`, `90m`, `30s` → a timedelta; ValueError if it is not one."""
    text = raw.strip().lower().replace(" ", "")
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"a duration such as 72h, 5d, 1d12h or 30m, not {raw!r}")
    value = timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in parts))
    if not timedelta(0) < value <= MAX_WINDOW:
        raise ValueError("more than 0 and at most 365 days")
    return value


def duration_words(value: timedelta) -> str:
    """The shortest exact `1d12h` form of a duration."""
    seconds = int(value.total_seconds())
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += f"{seconds // size}{unit}"
            seconds %= size
    return out or "0s"


def retention_days(raw: object) -> int:
    """A number of whole days from 0 (keep for good) to ten years; ValueError otherwise."""
    text = str(raw).strip()
    if type(raw) not in (int, str) or not text.isascii() or not text.isdigit():
        raise ValueError(f"a whole number of days (0 keeps content for good), not {raw!r}")
    days = int(text)
    if days > MAX_RETENTION_DAYS:
        raise ValueError(f"at most {MAX_RETENTION_DAYS} days")
    return days


class OnSilence(StrEnum):
    ESCALATE = "escalate"
    CLOSE = "close"


class Decisions(StrEnum):
    """Whether a mediator's decision binds the parties (`decide`), or only advises."""

    ADVISORY = "advisory"
    BINDING = "binding"


class ReviewBy(StrEnum):
    """Who may open a review when talking stalls: the mediator, or a party too."""

    MEDIATOR = "mediator"
    PARTY = "party"


@dataclass(frozen=True)
class Policy:
    """Defaults follow PRODUCT.md: respond within 72 h, statements within 5 days, proposals
    expire after 72 h, reminders 24 h before each deadline."""

    response_window: timedelta = timedelta(hours=72)
    statement_window: timedelta = timedelta(days=5)
    evidence_window: timedelta = timedelta(days=7)
    proposal_window: timedelta = timedelta(hours=72)
    reminder_lead: timedelta = timedelta(hours=24)
    on_silence: OnSilence = OnSilence.ESCALATE
    # When talking fails: the final positions' window, the parties' window to answer a
    # recommendation, the window to appeal a decision; whether decisions bind; who reviews.
    review_window: timedelta = timedelta(days=5)
    recommendation_window: timedelta = timedelta(hours=72)
    appeal_window: timedelta = timedelta(days=7)
    decisions: Decisions = Decisions.ADVISORY
    review_by: ReviewBy = ReviewBy.MEDIATOR
    # Days a closed case keeps its content before retention erases it; 0 keeps it for good.
    retention_days: int = 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = (value.total_seconds() if isinstance(value, timedelta)
                           else value if isinstance(value, int) else str(value))
        return out

    def with_settings(self, settings: dict[str, str]) -> Policy:
        """This policy with `name=value` settings as people type them (`response_window=48h`,
        `on_silence=close`); ValueError naming the first one that does not fit."""
        changes: dict[str, Any] = {}
        known = {f.name: f for f in fields(self)}
        for name, raw in settings.items():
            if name not in known:
                raise ValueError(f"{name}: not a setting (settings: {', '.join(known)})")
            current = getattr(self, name)
            try:
                if isinstance(current, timedelta):
                    changes[name] = parse_duration(raw)
                elif isinstance(current, int):
                    changes[name] = retention_days(raw.strip())
                else:
                    changes[name] = type(current)(raw.strip().lower())
            except ValueError as problem:
                hint = (" or ".join(type(current)) if isinstance(current, StrEnum)
                        else problem)
                raise ValueError(f"{name}: {hint}") from None
        return replace(self, **changes)

    def words(self) -> str:
        """One `name=value` line per setting, as `with_settings` reads them."""
        lines = []
        for f in fields(self):
            value = getattr(self, f.name)
            shown = duration_words(value) if isinstance(value, timedelta) else str(value)
            lines.append(f"{f.name}={shown}")
        return "\n".join(lines)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Policy:
        """Read a stored policy; unknown keys are ignored, missing ones take the defaults."""
        policy = cls()
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            current = getattr(policy, f.name)
            if isinstance(current, timedelta):
                seconds = float(raw)
                if not 0 < seconds <= MAX_WINDOW.total_seconds():
                    raise ValueError(f"{f.name} must be more than 0 and at most 365 days")
                value: Any = timedelta(seconds=seconds)
            elif isinstance(current, int):
                value = retention_days(raw)
            else:
                value = type(current)(raw)
            policy = replace(policy, **{f.name: value})
        return policy
