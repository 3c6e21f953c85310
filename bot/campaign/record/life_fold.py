"""Folding the lives of deliverables and milestones: each event the lifecycle deciders record
(`deliverable_moves`, `milestone_moves`) read back into the state they returned.

A property test holds this fold to the deciders: the state folded from their events equals
the state they decided (`tests/campaign/test_record_properties.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.campaign.life.deliverable_life import (
    DeliverablePhase,
    DeliverableState,
    Publication,
    start_deliverable,
)
from bot.campaign.life.milestone_life import MilestonePhase, MilestoneState, start_milestone
from bot.domain.clock import parse_time
from bot.domain.identity import Side

_D = DeliverablePhase
_M = MilestonePhase
Payload = Mapping[str, Any]

# The phase each event puts its deliverable or milestone in, when that is all it changes.
_DELIVERABLE_PHASE = {
    "product_received": _D.IN_PRODUCTION, "draft_approved": _D.APPROVED,
    "draft_rejected": _D.REJECTED, "draft_auto_approved": _D.AUTO_APPROVED,
    "kept_live": _D.KEPT_LIVE, "taken_down_early": _D.TAKEN_DOWN_EARLY,
}
_MILESTONE_PHASE = {"payment_confirmed": _M.CONFIRMED}


def fold_deliverable(life: DeliverableState | None, kind: str, p: Payload, at: str
                     ) -> DeliverableState:
    """The deliverable after one event of its life (`at`: the entry's time)."""
    if kind == "deliverable_started":
        return start_deliverable(p["deliverable"], p["phase"] == _D.AWAITING_PRODUCT)
    assert life is not None, f"{kind} before deliverable_started"
    if kind in _DELIVERABLE_PHASE:
        return replace(life, phase=_DELIVERABLE_PHASE[kind])
    if kind == "draft_submitted":
        return replace(life, phase=_D.DRAFT_SUBMITTED, drafts=int(p["submission"]),
                       draft=p["draft"], submitted_at=parse_time(at))
    if kind == "changes_requested":
        return replace(life, phase=_D.CHANGES_REQUESTED, rounds_used=life.rounds_used + 1)
    if kind == "went_live":
        publication = Publication(p["permalink"], parse_time(p["published_at"]), p["caption"])
        return replace(life, phase=_D.LIVE, publication=publication)
    if kind == "deliverable_cancelled":
        stage = DeliverablePhase(p["stage"])
        side = Side(p["side"]) if p.get("side") in tuple(Side) else None
        return replace(life, phase=_D.CANCELLED, cancelled_at_stage=stage, cancelled_by=side)
    raise ValueError(f"{kind} is not an event of a deliverable's life")


def fold_milestone(life: MilestoneState | None, kind: str, p: Payload, at: str
                   ) -> MilestoneState:
    """The milestone after one event of its life (`at`: the entry's time)."""
    if kind == "milestone_started":
        return start_milestone(p["milestone"])
    assert life is not None, f"{kind} before milestone_started"
    if kind in _MILESTONE_PHASE:
        return replace(life, phase=_MILESTONE_PHASE[kind])
    if kind == "milestone_due":
        return replace(life, phase=_M.DUE, triggered_at=parse_time(p["triggered_at"]),
                       due_on=parse_time(p["due_on"]))
    if kind == "milestone_invoiced":
        return replace(life, phase=_M.INVOICED, invoice=p["invoice"])
    if kind == "milestone_marked_paid":
        return replace(life, phase=_M.PAID, paid_at=parse_time(at),
                       payment_reference=p["reference"])
    if kind == "milestone_disputed":
        return replace(life, phase=_M.DISPUTED, disputed_from=MilestonePhase(p["from"]))
    raise ValueError(f"{kind} is not an event of a milestone's life")
