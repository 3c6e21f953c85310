"""Late or missed: a deliverable's draft and its publication against the deadlines its
schedule anchors (CAMPAIGNS.md §1), dated in the agreement's zone.

The publication is measured against the publish window's end, the draft against the draft
due date. Something live (or a draft in) after its deadline is late; a deadline passed with
nothing is missed, and counted to now; a deadline not yet passed, or not yet anchored, is
indeterminate and says when to look again.
"""

from __future__ import annotations

from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.checks.moment_words import both_days, day_text, is_aware, span_text
from bot.campaign.life.deliverable_life import DeliverablePhase, DeliverableState
from bot.campaign.schedule import DeliverableDates
from bot.campaign.terms.deliverables import AnchorEvent, Deliverable

_P = DeliverablePhase
BEFORE_DRAFT = frozenset({_P.AWAITING_PRODUCT, _P.IN_PRODUCTION})
GONE_LIVE = frozenset({_P.LIVE, _P.KEPT_LIVE, _P.TAKEN_DOWN_EARLY})

ANCHOR_WORDS = {
    AnchorEvent.AGREEMENT_ACCEPTED: "the moment the agreement was accepted",
    AnchorEvent.PRODUCT_DELIVERED: "the moment the product was delivered",
    AnchorEvent.DATE: "the anchor date",
}


def publish_finding(deliverable: Deliverable, path: str, version: str, dates: DeliverableDates,
                    state: DeliverableState | None, live_at: datetime | None,
                    calendar: Calendar, now: datetime) -> Finding:
    """Whether the deliverable went live by its publish window's end."""
    key = deliverable.key
    term = Citation(f"{path}.schedule.publish_window.end", version)
    due = dates.publish_by
    published = state.publication if state is not None else None
    if published is not None:  # the platform's own publish time, with its permalink
        live_at = published.published_at
        live = [Evidence("the live post", published.permalink, live_at)]
    else:
        live = [Evidence("the record's live moment", "", live_at)] if live_at else []
    kind = FindingKind.LATE if live_at is not None else FindingKind.MISSED

    def unsettled(words: str, settle: str) -> Finding:
        return Finding(kind, key, term, tuple(live), Verdict.INDETERMINATE, words, settle,
                       due, live_at)

    if due is None:
        anchor = ANCHOR_WORDS[deliverable.schedule.anchor.event]
        return unsettled(f"Deliverable {key}'s publish window counts from {anchor}, which the "
                         "record does not show.", f"Record {anchor}.")
    shown_due = Evidence("the publish window's end", term.path, due)
    if live_at is not None:
        if not is_aware(live_at):
            return unsettled(f"Deliverable {key}'s publish time has no time zone.",
                             "The platform's publish time, with its zone.")
        return _measured(kind, key, term, (*live, shown_due), due, live_at, "live", calendar)
    if state is None:
        return unsettled(f"The record holds nothing on deliverable {key}.",
                         f"The deliverable's record: live or not, and since when, by "
                         f"{day_text(due, calendar)}.")
    if state.phase is _P.CANCELLED or state.phase in GONE_LIVE:
        # Cancelled: priced by the kill fee, not late. Live without a publication: unknown.
        return unsettled(f"Deliverable {key} is {state.phase.value.replace('_', ' ')}; the "
                         "record holds no publish time.",
                         "The platform's permalink and publish time.")
    return _nothing_yet(kind, key, term, shown_due, due, calendar, now, "not live")


def draft_finding(deliverable: Deliverable, path: str, version: str, dates: DeliverableDates,
                  state: DeliverableState | None, calendar: Calendar, now: datetime
                  ) -> Finding | None:
    """Whether the first draft came by the draft due date; None when no draft is agreed."""
    if deliverable.schedule.draft_due is None:
        return None
    key = deliverable.key
    term = Citation(f"{path}.schedule.draft_due", version)
    due = dates.draft_due
    kind = FindingKind.DRAFT_LATE if state is not None and state.drafts else (
        FindingKind.DRAFT_MISSED)
    if due is None or state is None or state.phase is _P.CANCELLED:
        if state is not None and state.phase is _P.CANCELLED:
            return None
        anchor = ANCHOR_WORDS[deliverable.schedule.anchor.event]
        missing = anchor if due is None else "the deliverable's drafts"
        return Finding(kind, key, term, (), Verdict.INDETERMINATE,
                       f"Deliverable {key}'s draft cannot be dated: the record does not show "
                       f"{missing}.", f"Record {missing}.", due)
    shown_due = Evidence("the draft due date", term.path, due)
    submitted = state.submitted_at
    if state.drafts and submitted is not None and is_aware(submitted):
        draft = Evidence("the latest draft", state.draft, submitted)
        if state.drafts > 1 and submitted > due:
            return Finding(kind, key, term, (draft, shown_due), Verdict.INDETERMINATE,
                           f"Deliverable {key}'s latest draft came after its due date "
                           f"({day_text(due, calendar)}); when the first came is not in this "
                           "state.", "The record's first draft_submitted event.", due, submitted)
        return _measured(kind, key, term, (draft, shown_due), due, submitted, "draft in",
                         calendar)
    if state.drafts or state.phase not in BEFORE_DRAFT:
        return Finding(kind, key, term, (shown_due,), Verdict.INDETERMINATE,
                       f"Deliverable {key} is past its draft, but the draft's time is not in "
                       "the record.", "The record's draft_submitted event.", due)
    return _nothing_yet(kind, key, term, shown_due, due, calendar, now, "no draft")


def _measured(kind: FindingKind, key: str, term: Citation, evidence: tuple[Evidence, ...],
              due: datetime, done: datetime, done_words: str, calendar: Calendar) -> Finding:
    due_day, done_day = both_days(due, done, calendar)
    if done <= due:
        return Finding(kind, key, term, evidence, Verdict.MET,
                       f"Due {due_day}, {done_words} {done_day}: on time.", due=due,
                       measured_at=done)
    return Finding(kind, key, term, evidence, Verdict.BREACH,
                   f"Due {due_day}, {done_words} {done_day}: {span_text(done - due)} late.",
                   due=due, measured_at=done)


def _nothing_yet(kind: FindingKind, key: str, term: Citation, shown_due: Evidence,
                 due: datetime, calendar: Calendar, now: datetime, nothing: str) -> Finding:
    record = Evidence("the record, as of", "", now)
    due_day, now_day = both_days(due, now, calendar)
    if now <= due:
        return Finding(kind, key, term, (shown_due, record), Verdict.INDETERMINATE,
                       f"Due {due_day}, {nothing} yet: not late yet.",
                       f"Look again after {due_day}.", due, now)
    return Finding(kind, key, term, (shown_due, record), Verdict.BREACH,
                   f"Due {due_day}, {nothing} by {now_day}: {span_text(now - due)} "
                   "late and counting.", due=due, measured_at=now)
