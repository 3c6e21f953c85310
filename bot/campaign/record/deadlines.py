"""A campaign's timers: which rows it should have now (`campaign_deadlines`), with a reminder
before each one a person must act on, and what a row does when it falls due (`fire`), like
`bot.domain.deadlines` for a case.

- `review:d1`: the review window of d1's draft ends. Where silence approves, the draft is
  approved; otherwise the approver is told it is overdue.
- `draft:d1`, `publish:d1`: the draft, or the post, is overdue: the creator's side is told.
- `keep_live:d1`: the keep-live days passed: done.
- `payment:m1`: the milestone is overdue: the payer is told.
- `trigger:m1`: the day a dated milestone falls due.

Every time is counted in the agreement's calendar. A row that no longer matches the campaign
(the draft came, the payment was marked paid) fires nothing, and each overdue notice and
reminder goes out once per due time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.campaign.calendar import Calendar
from bot.campaign.life.deliverable_commands import AutoApprove, KeepLiveDone
from bot.campaign.life.deliverable_life import BEFORE_LIVE, DeliverablePhase, DeliverablePolicy
from bot.campaign.life.milestone_life import MilestonePhase
from bot.campaign.parties import CampaignParty, Duty
from bot.campaign.record import kinds
from bot.campaign.record.lives import move_deliverable
from bot.campaign.record.starting import due_milestones
from bot.campaign.record.state import CampaignState, timer_mark
from bot.campaign.schedule import deliverable_dates, start_of
from bot.campaign.terms.payments import TriggerEvent
from bot.campaign.terms.terms import CampaignTerms
from bot.domain.clock import format_time
from bot.domain.identity import SYSTEM, Side
from bot.domain.journal import Event

REMIND = "remind:"
REMINDER_LEAD = timedelta(hours=24)
# Rows somebody must act on before they pass; keep-live and dated triggers only happen.
_REMINDED = ("review:", "draft:", "publish:", "payment:")
_D = DeliverablePhase


def campaign_deadlines(state: CampaignState | None, calendar: Calendar) -> dict[str, datetime]:
    """Every timer row the campaign should have now: its deadlines and their reminders."""
    if state is None or state.agreed_terms is None:
        return {}
    rows = {key: due for key, due in _deadlines(state, state.agreed_terms, calendar).items()
            if timer_mark(key, due) not in state.noticed}
    for key, due in list(rows.items()):
        if key.startswith(_REMINDED) and timer_mark(key, due) not in state.reminded:
            rows[REMIND + key] = due - REMINDER_LEAD
    return rows


def _deadlines(state: CampaignState, terms: CampaignTerms, calendar: Calendar
               ) -> dict[str, datetime]:
    rows: dict[str, datetime] = {}
    for deliverable in terms.deliverables:
        key, life = deliverable.key, state.deliverables.get(deliverable.key)
        if life is None:
            continue
        policy = DeliverablePolicy.for_deliverable(terms, key, calendar)
        if life.phase is _D.LIVE and life.publication is not None:
            rows[f"keep_live:{key}"] = policy.keep_live_ends(life.publication.published_at)
        if state.ended:
            continue  # the work is over; a live post still counts its days
        dates = deliverable_dates(deliverable, state.happened, calendar)
        if (life.phase is _D.DRAFT_SUBMITTED and policy.approval_required
                and life.submitted_at is not None):
            rows[f"review:{key}"] = policy.review_ends(life.submitted_at)
        if dates.draft_due is not None and life.drafts == 0 and life.phase in BEFORE_LIVE:
            rows[f"draft:{key}"] = dates.draft_due
        if dates.publish_by is not None and life.phase in BEFORE_LIVE:
            rows[f"publish:{key}"] = dates.publish_by
    for milestone in terms.payment.milestones:
        payment = state.milestones.get(milestone.key)
        if payment is None:
            continue
        trigger = milestone.trigger
        if payment.phase is MilestonePhase.PENDING and trigger.event is TriggerEvent.DATE:
            assert trigger.on is not None  # the terms' check requires a date trigger's day
            rows[f"trigger:{milestone.key}"] = start_of(trigger.on, calendar)
        if payment.due_on is not None and payment.paid_at is None:
            rows[f"payment:{milestone.key}"] = payment.due_on
    return rows


def who_must_act(terms: CampaignTerms, key: str) -> tuple[CampaignParty, ...]:
    """The parties a row waits for: the approver for a review, the creator's side for a draft
    or a post, the payer for a payment."""
    kind = key.removeprefix(REMIND).partition(":")[0]
    if kind == "review":
        return tuple(p for p in terms.parties if Duty.APPROVER in p.duties)
    if kind in ("draft", "publish"):
        return tuple(p for p in terms.parties if p.side is Side.CREATOR)
    if kind == "payment":
        return tuple(p for p in terms.parties if Duty.PAYER in p.duties)
    return ()


def fire(state: CampaignState, key: str, now: datetime, calendar: Calendar) -> list[Event]:
    """What the row `key` does when it falls due at `now`: nothing if the campaign no longer
    has it, or it is not due yet."""
    rows = campaign_deadlines(state, calendar)
    due = rows.get(key)
    terms = state.agreed_terms
    if due is None or due > now or terms is None:
        return []
    if key.startswith(REMIND):
        target = key.removeprefix(REMIND)
        deadline = rows[target]
        if deadline <= now:
            return []  # too late to remind anyone: the deadline itself speaks now
        return [Event(kinds.CAMPAIGN_REMINDER_SENT, {
            "key": key, "deadline": target, "due_at": format_time(deadline),
            "to": [p.user_id for p in who_must_act(terms, target)]})]
    kind, _, subject = key.partition(":")
    if kind == "review" and DeliverablePolicy.for_deliverable(
            terms, subject, calendar).silence_approves:
        return move_deliverable(state, subject, AutoApprove(), SYSTEM, now, calendar)
    if kind == "keep_live":
        return move_deliverable(state, subject, KeepLiveDone(), SYSTEM, now, calendar)
    if kind == "trigger":
        return due_milestones(terms, state.milestones, state.happened, now, calendar)
    return [Event(kinds.CAMPAIGN_OVERDUE, {
        "key": key, "subject": subject, "due_at": format_time(due),
        "to": [p.user_id for p in who_must_act(terms, key)]})]
