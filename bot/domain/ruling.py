"""Decision, appeal and reopening.

Where the community's policy makes it binding (as the case was joined), a mediator's
decision closes the negotiation: after a rejected or lapsed recommendation, or directly once
the final positions are in. Its terms are owed without signatures, their follow-ups watched
like a signed agreement's. Within the community's appeal window a party may appeal, bringing
new information: the deciding mediator steps aside, and another reviews the appeal, upholding
the decision or replacing it with one of their own; that one is final. The case closes as
`decided` once the decision can no longer be appealed and its follow-ups are done. Any
closed case may be reopened by a mediator, with a reason.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import kinds
from bot.domain.agreement import APPEAL_KEY, closing, followups_of, terms_lines
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.commands import FireDeadline
from bot.domain.entry_hash import sha256_hex
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Role
from bot.domain.journal import Event
from bot.domain.mediation import require_assigned
from bot.domain.phases import ClosedReason, Phase
from bot.domain.policy import Policy
from bot.domain.records import Ruling
from bot.domain.review import check_terms
from bot.domain.review_commands import Appeal, Decide, Reopen, Uphold

MIN_APPEAL_WORDS = 3  # an appeal brings new information, not a bare "no"


def decision_text(case: Case, ruling: Ruling, now: datetime, replaces: int | None) -> str:
    """A decision's text, as the parties are bound by it and its hash is journaled."""
    lines = [f"Decision #{ruling.number} in case {case.id}: {case.title}", "",
             f"Between {case.claimant.name} ({case.claimant.kind}) "
             f"and {case.respondent.name} ({case.respondent.kind}).",
             f"Decided by {ruling.by.name}, mediator, on {format_time(now)}"
             + (f", replacing decision #{replaces} on appeal." if replaces else "."), "",
             "Terms:", *terms_lines(ruling.terms)]
    lines += ["", "Reasons:", ruling.reasons]
    if ruling.cites:
        lines += ["", "Citing: " + ", ".join(ruling.cites)]
    lines += ["", "This decision binds the parties under the rules of the mediation they "
                  "joined."]
    return "\n".join(lines)


def decide(case: Case, command: Decide, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    assert case.mediator is not None
    if not case.binding:
        raise Refusal("Decisions do not bind in this case's community: recommend terms, or "
                      "close the case as an impasse.")
    review = case.review
    if case.phase is Phase.REVIEW and (review is None or not review.revealed):
        raise Refusal("The final positions are sealed until both are in or their deadline: "
                      "decide after.")
    current = case.recommendation
    if case.phase is Phase.RECOMMENDATION and current is not None and current.status == "open":
        raise Refusal(f"Recommendation #{current.number} waits for the parties' answers: "
                      "decide once it is rejected or lapses.")
    cites = check_terms(case, command.terms, command.reasons, command.cites)
    on_appeal = case.phase is Phase.APPEAL
    appealed = case.decision if on_appeal else None
    number = len(case.decisions) + 1
    appeal_due = None if on_appeal else now + policy.appeal_window
    ruling = Ruling(number, case.mediator, dict(command.terms), command.reasons, cites,
                    appeal_due, "in_force")
    text = decision_text(case, ruling, now, appealed.number if appealed else None)
    followups = followups_of(command.terms)
    events = [Event(kinds.DECISION_MADE, {
        "number": number,
        "mediator": {"user_id": case.mediator.user_id, "name": case.mediator.name},
        "terms": dict(command.terms), "reasons": command.reasons, "cites": list(cites),
        "text": text, "text_hash": sha256_hex(text.encode()), "followups": followups,
        "due_at": format_time(appeal_due) if appeal_due else None,
        "replaces": appealed.number if appealed else None})]
    if on_appeal and not followups:
        events.append(closing(ClosedReason.DECIDED))  # final, and nothing left to do
    return events


def appeal(case: Case, command: Appeal, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    decision = case.decision
    assert decision is not None  # the phase is `decided`
    if decision.due_at is None:
        raise Refusal(f"Decision #{decision.number} was made on appeal: it is final.")
    if APPEAL_KEY not in case.deadlines or now >= decision.due_at:
        raise Refusal(f"The window to appeal decision #{decision.number} closed at "
                      f"{format_time(decision.due_at)}.")
    if len(command.reason.split()) < MIN_APPEAL_WORDS:
        raise Refusal("An appeal brings new information: say what it is (`appeal <the new "
                      "information>`), and add any new file with `evidence`.")
    side = case.side_of(actor)
    assert side is not None
    return [Event(kinds.APPEAL_LODGED, {"number": decision.number, "side": side.value,
                                        "reason": command.reason})]


def uphold(case: Case, command: Uphold, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    require_assigned(case, actor)
    decision = case.decision
    assert decision is not None  # the phase is `appeal`
    if not command.reasons.strip():
        raise Refusal("Give the reasons the appeal does not change the decision.")
    events = [Event(kinds.DECISION_UPHELD, {"number": decision.number,
                                            "reasons": command.reasons})]
    agreement = case.agreement
    if agreement is None or all(f.done for f in agreement.followups):
        events.append(closing(ClosedReason.DECIDED))
    return events


def reopen(case: Case, command: Reopen, actor: Actor, role: Role, now: datetime,
           policy: Policy) -> list[Event]:
    if not command.reason.strip():
        raise Refusal("Say why the case reopens: `reopen <reason>`.")
    if case.retained:
        raise Refusal(f"Case {case.id}'s content was erased under the community's retention: "
                      "open a new case instead.")
    target, due = Phase.NEGOTIATION, None
    if case.closed_from is Phase.AWAITING_RESPONSE:
        target, due = Phase.AWAITING_RESPONSE, now + policy.response_window
    elif case.closed_from is Phase.STATEMENTS:
        target, due = Phase.STATEMENTS, now + policy.statement_window
    return [Event(kinds.CASE_REOPENED, {
        "reason": command.reason, "phase": target.value,
        "due_at": format_time(due) if due else None,
        "mediator": {"user_id": actor.user_id, "name": actor.name}})]


def fire(case: Case, command: FireDeadline) -> list[Event]:
    """The appeal window passed: the decision is final; the case closes if nothing is owed."""
    if case.deadlines.get(command.key) != command.due_at or case.phase is not Phase.DECIDED:
        return []
    agreement = case.agreement
    if agreement is None or all(f.done for f in agreement.followups):
        return [closing(ClosedReason.DECIDED)]
    return [Event(kinds.DEADLINE_PASSED, {"key": command.key})]


def may_appeal(case: Case, now: datetime) -> bool:
    decision = case.decision
    return (decision is not None and decision.due_at is not None
            and APPEAL_KEY in case.deadlines and now < decision.due_at)


def may_decide(case: Case) -> bool:
    review = case.review
    current = case.recommendation
    return (case.binding
            and (case.phase is not Phase.REVIEW or (review is not None and review.revealed))
            and not (case.phase is Phase.RECOMMENDATION and current is not None
                     and current.status == "open"))
