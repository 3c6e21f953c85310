"""The guidelines record's deadline rows: each active strike's expiry and each suspension's
end, fired by the same scheduler as cases' deadlines (exactly once, across workers)."""

from __future__ import annotations

from datetime import datetime

from bot.guidelines.record import GuidelinesRecord


def guidelines_deadlines(state: GuidelinesRecord) -> dict[str, datetime]:
    rows: dict[str, datetime] = {}
    for incident in state.incidents:
        if incident.overturned:
            continue
        if not incident.expired:
            rows[f"strike:{incident.number}"] = incident.expires_at
        ends = incident.suspension_ends
        if ends is not None and not incident.suspension_over:
            rows[f"suspension:{incident.number}"] = ends
    return rows
