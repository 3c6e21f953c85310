"""A community's mediation policy: windows, reminder lead time and what silence leads to."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any

MAX_WINDOW = timedelta(days=365)


class OnSilence(StrEnum):
    ESCALATE = "escalate"
    CLOSE = "close"


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

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.total_seconds() if isinstance(value, timedelta) else str(value)
        return out

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
            else:
                value = OnSilence(raw)
            policy = replace(policy, **{f.name: value})
        return policy
