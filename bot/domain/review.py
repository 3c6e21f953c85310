"""Review and recommendation, for when the parties do not settle alone.

A mediator (or a party, where the community allows it) opens a review: each side submits a
final position, sealed like a statement until both are in or the review's deadline passes.
The mediator then recommends terms, with reasons citing the agreement's terms, the findings,
the KPI results and evidence; each side accepts or rejects it within a window. Accepted by
both, it becomes the settlement agreement they sign, as an accepted proposal does. Rejected,
or left unanswered, the mediator may recommend again, decide (`bot.domain.ruling`) where
decisions bind, or close the case as an impasse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.domain import kinds
from bot.domain.agreement import agreement_draft
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import FireDeadline
from bot.domain.errors import Refusal
from bot.domain.identity import PARTY_ROLES, Actor, Role, Side
from bot.domain.journal import Event
from bot.domain.mediation import require_assigned
from bot.domain.phases import Phase
from bot.domain.policy import Policy
from bot.domain.proposals import case_currency
from bot.domain.records import Ruling
from bot.domain.review_commands import AnswerRecommendation, OpenReview, Recommend, SubmitPosition
from bot.domain.visibility import side_only

REVIEW_KEY = "review"  # the final positions' deadline
RECOMMENDATION_KEY = "recommendation"  # the parties' window to answer a recommendation
MAX_CITES = 30


def open_review(case: Case, command: OpenReview, actor: Actor, role: Role, now: datetime,
                policy: Policy) -> list[Event]:
    if role in PARTY_ROLES and not case.party_review:
        raise Refusal("In this community a mediator opens the review: ask for one with "
                      "`mediator <reason>`.")
    if role is Role.MEDIATOR:
        require_assigned(case, actor)
    if case.bidding is not None and case.bidding.status in ("proposed", "open"):
        raise Refusal("Blind bidding is under way: the review waits until it ends.")
    side = case.side_of(actor)
    events = [Event(kinds.REVIEW_OPENED, {
        "by": side.value if side is not None and role in PARTY_ROLES else "mediator",
        "due_at": format_time(now + policy.review_window)})]
    if case.mediator is None and not case.mediation_requested:  # someone must recommend
        events.append(Event(kinds.MEDIATOR_REQUESTED, {
            "reason": "A party opened the review: a mediator recommends.", "by": "review"}))
    return events


def position(case: Case, command: SubmitPosition, actor: Actor, role: Role, now: datetime,
             policy: Policy) -> list[Event]:
    review = case.review
    if review is None or review.revealed:
        raise Refusal("The final positions are in: the mediator recommends next.")
    side = case.side_of(actor)
    assert side is not None
    if side in review.positions:
        raise Refusal("Your final position is already sealed; waiting for the other side.")
    if not command.position.get("position", "").strip():
        raise Refusal("Your final position needs some words: `position position=\"…\"`.")
    events = [Event(kinds.POSITION_SUBMITTED, {"side": side.value,
                                               "position": dict(command.position)},
                    visibility=side_only(side))]
    if side.other in review.positions:
        positions = {**review.positions, side: command.position}
        events.append(revealed(positions, "both"))
    return events


def revealed(positions: Mapping[Side, Mapping[str, str]], cause: str) -> Event:
    return Event(kinds.POSITIONS_REVEALED, {
        "positions": {s.value: dict(p) for s, p in positions.items()}, "cause": cause})


def check_terms(case: Case, terms: Mapping[str, str], reasons: str,
                cites: Sequence[str]) -> tuple[str, ...]:
    """Refuse a recommendation or decision without terms or reasons, in another currency, or
    citing what the case does not hold; the citations, in order, once each."""
    if not any(terms.get(k, "").strip() for k in ("amount", "deliverables", "dates", "terms")):
        raise Refusal("Give the terms: an amount, deliverables, dates or further terms.")
    currency = case_currency(case)
    if currency and terms.get("currency") not in (None, "", currency):
        raise Refusal(f"Every amount in case {case.id} is in {currency}.")
    if not reasons.strip():
        raise Refusal("Give the reasons, citing the agreement's terms, the findings, the KPI "
                      "results and the evidence they rest on.")
    known = citable(case)
    out: list[str] = []
    for cite in cites:
        token = cite.strip()
        if token.upper() in known:
            token = token.upper()
        elif token not in known:
            listed = ", ".join(sorted(known)) or "nothing yet"
            raise Refusal(f"{token[:40]!r} is not in case {case.id}: cite {listed}.")
        if token not in out:
            out.append(token)
    if len(out) > MAX_CITES:
        raise Refusal(f"Cite at most {MAX_CITES} items.")
    return tuple(out)


def citable(case: Case) -> set[str]:
    """What a ruling may cite: evidence E1…, proposals P1…, the campaign's disputed items
    and clauses (d2, m1, c1), its findings F1…, and the KPIs judged K1…."""
    known = {f"E{n}" for n in range(1, len(case.evidence) + 1)}
    known |= {f"P{n}" for n in case.proposals}
    brief = case.campaign or {}
    known |= {str(item.get("key")) for item in brief.get("items", ()) if item.get("key")}
    known |= {str(c) for c in brief.get("outcome", {}).get("clauses", ()) if c}
    known |= {f"F{n}" for n in range(1, len(brief.get("findings", ())) + 1)}
    judged = case.judged
    if judged is not None:
        known |= {f"K{n}" for n in range(1, len(judged.get("kpis", ())) + 1)}
    return known


def recommend(case: Case, command: Recommend, actor: Actor, role: Role, now: datetime,
              policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    if case.phase is Phase.REVIEW and case.review is not None and not case.review.revealed:
        assert case.review.due_at is not None
        raise Refusal("The final positions are sealed until both are in, or until "
                      f"{format_time(case.review.due_at)}.")
    current = case.recommendation
    if current is not None and current.status == "open":
        raise Refusal(f"Recommendation #{current.number} waits for the parties' answers.")
    cites = check_terms(case, command.terms, command.reasons, command.cites)
    assert case.mediator is not None
    return [Event(kinds.RECOMMENDATION_MADE, {
        "number": len(case.recommendations) + 1,
        "mediator": {"user_id": case.mediator.user_id, "name": case.mediator.name},
        "terms": dict(command.terms), "reasons": command.reasons, "cites": list(cites),
        "due_at": format_time(now + policy.recommendation_window)})]


def open_recommendation(case: Case, now: datetime) -> Ruling | None:
    current = case.recommendation
    if (current is None or current.status != "open" or case.phase is not Phase.RECOMMENDATION
            or (current.due_at is not None and now >= current.due_at)):
        return None
    return current


def answer(case: Case, command: AnswerRecommendation, actor: Actor, role: Role,
           now: datetime, policy: Policy) -> list[Event]:
    current = open_recommendation(case, now)
    if current is None:
        raise Refusal("No recommendation waits for your answer.")
    side = case.side_of(actor)
    assert side is not None
    if side in current.answers:
        raise Refusal(f"You have already answered recommendation #{current.number}.")
    if command.accept and not any(current.terms.values()):
        raise Refusal(f"Recommendation #{current.number}'s content was erased: there are no "
                      "terms left to accept. The mediator recommends again.")
    answer = "accepted" if command.accept else "rejected"
    events = [Event(kinds.RECOMMENDATION_ANSWERED, {
        "number": current.number, "side": side.value, "answer": answer,
        "reason": command.reason})]
    if command.accept and current.answers.get(side.other) == "accepted":
        events.append(agreement_draft(
            case, None, current.terms,
            f"Recommendation #{current.number} by {current.by.name}, mediator, accepted by "
            f"both sides on {format_time(now)}."))
    return events


def fire(case: Case, command: FireDeadline) -> list[Event]:
    """The final positions' deadline (revealed as they are), or the window to answer a
    recommendation (it lapses)."""
    if case.deadlines.get(command.key) != command.due_at:
        return []
    review = case.review
    if command.key == REVIEW_KEY and review is not None and not review.revealed:
        return [revealed(review.positions, "deadline")]
    current = case.recommendation
    if command.key == RECOMMENDATION_KEY and current is not None and current.status == "open":
        return [Event(kinds.RECOMMENDATION_LAPSED, {"number": current.number})]
    return []


def may_answer(case: Case, side: Side | None, now: datetime) -> bool:
    current = open_recommendation(case, now)
    return current is not None and side is not None and side not in current.answers


def may_position(case: Case, side: Side | None) -> bool:
    review = case.review
    return (review is not None and not review.revealed and side is not None
            and side not in review.positions)


def may_recommend(case: Case) -> bool:
    review = case.review
    current = case.recommendation
    return ((case.phase is not Phase.REVIEW or (review is not None and review.revealed))
            and (current is None or current.status != "open"))
