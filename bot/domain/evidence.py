"""Evidence records: the file itself is stored by the service; the journal keeps its hash."""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.commands import AddEvidence
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role
from bot.domain.journal import Event
from bot.domain.policy import Policy

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def add(case: Case, command: AddEvidence, actor: Actor, role: Role, now: datetime,
        policy: Policy) -> list[Event]:
    if not _SHA256.match(command.sha256) or command.size < 0:
        raise Refusal("That file could not be recorded: its hash or size is invalid.")
    due = case.deadlines.get("evidence")
    figures = []
    if command.figures is not None:
        side = case.side_of(actor)
        if side is None:
            raise Refusal("Figures are reported by one of the sides; add the file as plain "
                          "evidence instead.")
        figures = [Event(kinds.METRICS_REPORTED, {**command.figures, "side": side.value,
                                                  "sha256": command.sha256})]
    return [
        Event(
            kinds.EVIDENCE_ADDED,
            {
                "sha256": command.sha256,
                "size": command.size,
                "media_type": command.media_type,
                "filename": command.filename,
                "description": command.description,
                "late": case.evidence_closed or (due is not None and now > due),
            },
        ),
        *figures,
    ]
