"""Review, recommendation, decision, appeal and reopening as a fold over the case's entries
(`bot.domain.review` and `bot.domain.ruling` decide them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.domain import kinds
from bot.domain.agreement import APPEAL_KEY
from bot.domain.case import Case
from bot.domain.clock import parse_time
from bot.domain.deadlines import REMIND
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.domain.phases import Phase
from bot.domain.records import Agreement, FollowUp, Mediator, Review, Ruling
from bot.domain.review import RECOMMENDATION_KEY, REVIEW_KEY

Changes = dict[str, Any]
# Deadlines a ruling ends: the review's, a recommendation's answer window, proposals and
# bidding rounds left open.
_ENDED = (REVIEW_KEY, RECOMMENDATION_KEY, "proposal:", "bidding:")
_BINDING = ("in_force", "appealed", "upheld")  # a decision's statuses while it binds


def _rearmed(case: Case, *keys: str) -> frozenset[str]:
    """The reminders sent, but those of deadlines set anew (a second recommendation's)."""
    return frozenset(k for k in case.reminded
                     if not k.removeprefix(REMIND).startswith(keys))


def _deadlines(case: Case, *ended: str, **due: Any) -> dict[str, Any]:
    kept = {k: v for k, v in case.deadlines.items() if not (ended and k.startswith(ended))}
    return {**kept, **due}


def _ruling(p: Mapping[str, Any], status: str) -> Ruling:
    m = p["mediator"]
    due = p.get("due_at")
    return Ruling(p["number"], Mediator(m["user_id"], m["name"]), dict(p["terms"]),
                  p["reasons"], tuple(p["cites"]), parse_time(due) if due else None, status)


def _set_last(rulings: tuple[Ruling, ...], **changes: Any) -> tuple[Ruling, ...]:
    return (*rulings[:-1], replace(rulings[-1], **changes)) if rulings else rulings


def _review_opened(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    due = parse_time(p["due_at"])
    return {"phase": Phase.REVIEW, "review": Review(p["by"], due),
            "deadlines": _deadlines(case, **{REVIEW_KEY: due}),
            "reminded": _rearmed(case, REVIEW_KEY)}


def _position(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    review = case.review
    assert review is not None
    positions = {**review.positions, Side(p["side"]): dict(p["position"])}
    return {"review": replace(review, positions=positions)}


def _positions_revealed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    review = case.review
    assert review is not None
    return {"review": replace(review, due_at=None), "deadlines": _deadlines(case, REVIEW_KEY)}


def _recommended(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    ruling = _ruling(p, "open")
    return {"phase": Phase.RECOMMENDATION,
            "recommendations": (*case.recommendations, ruling),
            "deadlines": _deadlines(case, *_ENDED, **{RECOMMENDATION_KEY: ruling.due_at}),
            "reminded": _rearmed(case, RECOMMENDATION_KEY)}


def _answered(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    current = case.recommendation
    assert current is not None
    answers = {**current.answers, Side(p["side"]): p["answer"]}
    status = ("rejected" if "rejected" in answers.values()
              else "accepted" if len(answers) == len(Side) else "open")
    changes: Changes = {"recommendations": _set_last(case.recommendations, answers=answers,
                                                     status=status)}
    if status != "open":
        changes["deadlines"] = _deadlines(case, RECOMMENDATION_KEY)
    return changes


def _lapsed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    return {"recommendations": _set_last(case.recommendations, status="lapsed"),
            "deadlines": _deadlines(case, RECOMMENDATION_KEY)}


def _decided(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    ruling = _ruling(p, "in_force")
    earlier = _set_last(case.decisions, status="replaced") if p.get("replaces") else \
        case.decisions
    followups = tuple(FollowUp.from_json(f) for f in p.get("followups", ()))
    due = {f"followup:{f.number}": f.due_at for f in followups}
    if ruling.due_at is not None:
        due[APPEAL_KEY] = ruling.due_at
    return {"phase": Phase.DECIDED, "decisions": (*earlier, ruling),
            "agreement": Agreement(None, p["text"], p["text_hash"], followups=followups,
                                   decision=ruling.number),
            "deadlines": _deadlines(case, *_ENDED, APPEAL_KEY, "followup:", **due),
            "reminded": _rearmed(case, "followup:")}


def _appealed(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    decision = case.decision
    assert decision is not None
    # The decision's follow-ups wait for the appeal; its mediator steps aside.
    return {"phase": Phase.APPEAL, "decisions": _set_last(case.decisions, status="appealed"),
            "recused": case.recused | {decision.by.user_id}, "mediator": None,
            "mediation_requested": True,
            "deadlines": _deadlines(case, APPEAL_KEY, "followup:")}


def _upheld(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    agreement = case.agreement
    due = {f"followup:{f.number}": f.due_at for f in agreement.followups
           if not f.done and not f.overdue} if agreement is not None else {}
    return {"phase": Phase.DECIDED,
            "decisions": _set_last(case.decisions, status="upheld", due_at=None),
            "deadlines": _deadlines(case, **due)}


def _reopened(case: Case, entry: JournalEntry, p: Mapping[str, Any]) -> Changes:
    """Back to where the case stood, with fresh deadlines. What the closing left pending
    ends with it: open bidding failed, an open recommendation lapsed, a decision set aside
    (so that a new road can be taken); open proposals keep their expiry."""
    phase = Phase(p["phase"])
    m = p["mediator"]
    deadlines: dict[str, Any] = {f"proposal:{n}": pr.expires_at
                                 for n, pr in case.proposals.items() if pr.status == "open"}
    if p.get("due_at"):
        key = "response" if phase is Phase.AWAITING_RESPONSE else "statements"
        deadlines[key] = parse_time(p["due_at"])
    bidding = case.bidding
    if bidding is not None and bidding.status in ("proposed", "open"):
        bidding = replace(bidding, status="failed", due_at=None)
    recommendations = case.recommendations
    if recommendations and recommendations[-1].status == "open":
        recommendations = _set_last(recommendations, status="lapsed")
    decisions = tuple(replace(d, status="set_aside") if d.status in _BINDING else d
                      for d in case.decisions)
    return {"phase": phase, "closed_reason": None, "closed_at": None, "closed_from": None,
            "retain_until": None, "deadlines": deadlines, "agreement": None,
            "reminded": frozenset(), "review": None, "bidding": bidding,
            "recommendations": recommendations, "decisions": decisions,
            "mediator": Mediator(m["user_id"], m["name"])}


REVIEW_FOLDS = {
    kinds.REVIEW_OPENED: _review_opened,
    kinds.POSITION_SUBMITTED: _position,
    kinds.POSITIONS_REVEALED: _positions_revealed,
    kinds.RECOMMENDATION_MADE: _recommended,
    kinds.RECOMMENDATION_ANSWERED: _answered,
    kinds.RECOMMENDATION_LAPSED: _lapsed,
    kinds.DECISION_MADE: _decided,
    kinds.APPEAL_LODGED: _appealed,
    kinds.DECISION_UPHELD: _upheld,
    kinds.CASE_REOPENED: _reopened,
}
