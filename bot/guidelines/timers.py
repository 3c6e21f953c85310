"""The guidelines record's deadline rows: each active strike's expiry, each suspension's
end and the moment each breach noticed counts, fired by the same scheduler as cases'
deadlines (exactly once, across workers)."""

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
    for breach in state.breaches:
        if breach.open:
            rows[f"breach:{breach.number}"] = breach.counts_at
    return rows
