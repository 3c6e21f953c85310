"""Words for review, recommendation, decision, appeal and reopening."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.clock import format_time
from bot.domain.identity import Side
from bot.domain.journal import JournalEntry
from bot.domain.phases import Phase
from bot.domain.records import Ruling
from bot.domain.visibility import side_only
from bot.exchange import ACTOR, Reply
from bot.text.mediation import MEDIATORS
from bot.text.phrases import terms_words, when
from bot.text.record import Described, EntryWords, fields_export, thread, to_person, told


def _told(case: Case, text: str) -> list[Reply]:
    return told(case, text, *(party.user_id for party in case.parties()))


def _review_opened(case: Case, entry: JournalEntry) -> list[Reply]:
    return _told(case, f"{entry.actor_name} opened the review of case {case.id}. Each side: "
                       "submit your final position with `position` by "
                       f"{when(entry.payload['due_at'])}. Positions stay sealed until both "
                       "are in, or until then; the mediator recommends next.")


def _position(case: Case, entry: JournalEntry) -> list[Reply]:
    side = entry.payload["side"]
    return [Reply(side_only(Side(side)), "Your final position is sealed: the other side sees "
                  "it once both are in, or at the review's deadline.", case.id),
            thread(case, f"The {side} side's final position is in (sealed).")]


def _revealed(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    lines = ["Both final positions are in." if p["cause"] == "both" else
             "The review's deadline passed: the final positions are revealed as they are."]
    for side in Side:
        position = p["positions"].get(side.value)
        lines.append(f"{case.party(side).name}: " + (
            terms_words(position) + " " + position.get("position", "") if position
            else "no final position"))
    return [thread(case, "\n".join(lines))]


def _ruling_words(p: Mapping[str, Any]) -> str:
    cites = f" Citing: {', '.join(p['cites'])}." if p.get("cites") else ""
    return f"{terms_words(p['terms'])}.\nReasons: {p['reasons']}{cites}"


def _recommended(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return _told(case, f"Recommendation #{p['number']} by {p['mediator']['name']}, mediator: "
                       f"{_ruling_words(p)}\nEach side: `recommendation accept` or "
                       f"`recommendation reject [reason]` by {when(p['due_at'])}. Accepted "
                       "by both, it becomes the agreement you sign.")


def _answered(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    reason = f" ({p['reason']})" if p.get("reason") else ""
    text = f"{entry.actor_name} {p['answer']} recommendation #{p['number']}{reason}."
    mediator = case.recommendation.by if case.recommendation else None
    out = [thread(case, text)]
    if p["answer"] == "rejected" and mediator is not None:
        out.append(to_person(case, mediator.user_id, f"Case {case.id}: {text} "
                             + ("You may `decide`, " if case.binding else "You may ")
                             + "`recommend` again, or `close impasse`."))
    return out


def _lapsed(case: Case, entry: JournalEntry) -> list[Reply]:
    return [thread(case, f"Recommendation #{entry.payload['number']} lapsed: not both sides "
                         "accepted it in time.")]


def _decided(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    appeal = (f" A party may `appeal` with new information until {when(p['due_at'])}; "
              "another mediator then reviews it." if p.get("due_at") else
              " It was made on appeal and is final.")
    replaces = f", replacing decision #{p['replaces']}" if p.get("replaces") else ""
    followups = "".join(f"\nFollow-up #{f['number']}: {f['what']} by {when(f['due_at'])}; "
                        f"each side confirms with `confirm {f['number']}`."
                        for f in p.get("followups", ()))
    return _told(case, f"Decision #{p['number']} by {p['mediator']['name']}, mediator"
                       f"{replaces}: {_ruling_words(p)}\nIt binds both sides (SHA-256 "
                       f"{p['text_hash']}).{appeal}{followups}")


def _appealed(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [*_told(case, f"{entry.actor_name} appealed decision #{p['number']}: {p['reason']}"
                         "\nIts follow-ups wait; another mediator reviews the appeal."),
            Reply(MEDIATORS, f"Case {case.id} ({case.title}): decision #{p['number']} is "
                  f"appealed. Another mediator reviews it: `/mediate take {case.id}`.",
                  case.id)]


def _upheld(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return _told(case, f"{entry.actor_name} upheld decision #{p['number']} on appeal: "
                       f"{p['reasons']}\nThe decision is final.")


def _reopened(case: Case, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    return [*_told(case, f"{entry.actor_name} reopened case {case.id}: {p['reason']}"),
            Reply(ACTOR, f"Case {case.id} is open again, with you as its mediator.", case.id)]


REVIEW_WORDS: dict[str, EntryWords[Case]] = {
    kinds.REVIEW_OPENED: EntryWords(
        _review_opened, lambda e: f"opens the review; final positions by {e.payload['due_at']}",
        fields_export("Review opened", "due_at")),
    kinds.POSITION_SUBMITTED: EntryWords(
        _position, lambda e: f"final position (sealed): {e.payload['position']}",
        lambda item: Described(f"Final position of the {item['payload']['side']} side",
                               text=str(item["payload"]["position"].get("position", "")))),
    kinds.POSITIONS_REVEALED: EntryWords(
        _revealed, lambda e: f"final positions revealed ({e.payload['cause']})",
        lambda item: Described("Final positions revealed", [
            (side, terms_words(pos) + " " + pos.get("position", ""))
            for side, pos in item["payload"]["positions"].items()])),
    kinds.RECOMMENDATION_MADE: EntryWords(
        _recommended, lambda e: f"recommendation #{e.payload['number']}: "
                                f"{_ruling_words(e.payload)}",
        lambda item: _ruling_export("Recommendation", item["payload"])),
    kinds.RECOMMENDATION_ANSWERED: EntryWords(
        _answered, lambda e: f"{e.payload['answer']} recommendation #{e.payload['number']} "
                             f"{e.payload.get('reason', '')}".rstrip(),
        fields_export("Recommendation #{number} {answer}", "side", "reason")),
    kinds.RECOMMENDATION_LAPSED: EntryWords(
        _lapsed, lambda e: f"recommendation #{e.payload['number']} lapsed",
        fields_export("Recommendation #{number} lapsed")),
    kinds.DECISION_MADE: EntryWords(
        _decided, lambda e: f"decision #{e.payload['number']}: {_ruling_words(e.payload)}",
        lambda item: _ruling_export("Decision", item["payload"])),
    kinds.APPEAL_LODGED: EntryWords(
        _appealed, lambda e: f"appeals decision #{e.payload['number']}: {e.payload['reason']}",
        fields_export("Decision #{number} appealed", "side", "reason")),
    kinds.DECISION_UPHELD: EntryWords(
        _upheld, lambda e: f"upholds decision #{e.payload['number']}: {e.payload['reasons']}",
        fields_export("Decision #{number} upheld on appeal", "reasons")),
    kinds.CASE_REOPENED: EntryWords(
        _reopened, lambda e: f"reopens the case ({e.payload['phase']}): {e.payload['reason']}",
        fields_export("Case reopened", "phase", "reason")),
}


def _ruling_export(what: str, p: Mapping[str, Any]) -> Described:
    fields = [("Mediator", p["mediator"]["name"]), ("Terms", terms_words(p["terms"])),
              ("Citing", ", ".join(p.get("cites", ())))]
    if p.get("due_at"):
        fields.append(("Answer by" if what == "Recommendation" else "Appeal by", p["due_at"]))
    if p.get("text_hash"):
        fields.append(("Text SHA-256", p["text_hash"]))
    return Described(f"{what} #{p['number']}", fields, text=p["reasons"])


def _ruling_line(what: str, r: Ruling) -> str:
    return f"{what} #{r.number} by {r.by.name}: {terms_words(r.terms)} [{r.status}]"


def review_lines(case: Case) -> list[str]:
    """The review, recommendations, decisions and observers in a status."""
    lines: list[str] = []
    review = case.review
    if review is not None and case.phase is Phase.REVIEW:
        sealed = "" if review.revealed else " (sealed)"
        lines.append(f"Final positions in{sealed}: "
                     + (", ".join(case.party(s).name for s in review.positions) or "none yet"))
    lines += [_ruling_line("Recommendation", r) for r in case.recommendations]
    lines += [_ruling_line("Decision", d) for d in case.decisions]
    if case.observers:
        lines.append("Observers: " + ", ".join(f"{o.name} ({o.side}{', acts' if o.acts else ''})"
                                                for o in case.observers.values()))
    return lines


def review_waits(case: Case, now: datetime) -> list[str]:
    """Who the review, a recommendation or an appeal waits for, and by when."""
    due = case.deadlines
    if case.phase is Phase.REVIEW and case.review is not None and not case.review.revealed:
        by = f" by {when(format_time(due['review']))}" if "review" in due else ""
        return [f"{case.party(s).name} to submit a final `position`{by}" for s in Side
                if s not in case.review.positions]
    current = case.recommendation
    if case.phase is Phase.RECOMMENDATION and current is not None:
        if current.status != "open":
            return ["the mediator to `recommend` again, `decide` or `close`"]
        by = f" by {when(format_time(current.due_at))}" if current.due_at else ""
        return [f"{case.party(s).name} to answer recommendation #{current.number}{by}"
                for s in Side if s not in current.answers]
    if case.phase is Phase.REVIEW:
        return ["the mediator to `recommend` terms" + (" or `decide`" if case.binding else "")]
    if case.phase is Phase.APPEAL and case.mediator is not None:
        return [f"{case.mediator.name} to `uphold` the decision or `decide` anew"]
    return []
