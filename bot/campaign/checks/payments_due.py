"""A payment past due: a milestone whose due date (its trigger plus its net days) passed
with nothing marked paid, or one marked paid after it, counted in days overdue. Whether the
money arrived is the payee's confirmation; being marked paid stops the clock (as in
`milestone_life.is_overdue`)."""

from __future__ import annotations

from datetime import datetime

from bot.campaign.calendar import Calendar
from bot.campaign.checks.finding import Citation, Evidence, Finding, FindingKind, Verdict
from bot.campaign.checks.moment_words import both_days, day_text, is_aware, span_text
from bot.campaign.checks.remedies import HUNDRED, Money
from bot.campaign.life.milestone_life import MilestoneState
from bot.campaign.schedule import Happened, payment_due
from bot.campaign.terms.payments import Milestone, PaymentTerms


def payment_finding(milestone: Milestone, path: str, version: str, payment: PaymentTerms,
                    state: MilestoneState | None, happened: Happened, calendar: Calendar,
                    now: datetime) -> Finding:
    """Whether milestone `milestone` was paid by its due date."""
    key = milestone.key
    term = Citation(path, version)
    amount = Money(milestone.due_amount(payment.total), payment.currency).share(HUNDRED)
    # The agreement's calendar first; the milestone's own due date when the record lacks the
    # trigger's moment.
    recorded = state.due_on if state is not None and is_aware(state.due_on) else None
    due = payment_due(milestone, happened, calendar) or recorded
    if due is None:
        return Finding(FindingKind.PAYMENT_PAST_DUE, key, term, (), Verdict.INDETERMINATE,
                       f"Milestone {key} ({amount}) is not due yet: its trigger "
                       f"({milestone.trigger}) has not happened in the record.",
                       f"The moment of {milestone.trigger}, from the record.")
    shown_due = Evidence("the due date", term.path, due)
    paid_at = state.paid_at if state is not None else None
    if paid_at is not None and is_aware(paid_at):
        paid = Evidence("marked paid", state.payment_reference if state else "", paid_at)
        due_day, paid_day = both_days(due, paid_at, calendar)
        if paid_at <= due:
            return Finding(FindingKind.PAYMENT_PAST_DUE, key, term, (shown_due, paid),
                           Verdict.MET, f"Milestone {key} ({amount}): due {due_day}, marked "
                           f"paid {paid_day}: on time.", due=due, measured_at=paid_at)
        return Finding(FindingKind.PAYMENT_PAST_DUE, key, term, (shown_due, paid),
                       Verdict.BREACH, f"Milestone {key} ({amount}): due {due_day}, marked "
                       f"paid {paid_day}: {span_text(paid_at - due)} late.", due=due,
                       measured_at=paid_at)
    if state is None:
        return Finding(FindingKind.PAYMENT_PAST_DUE, key, term, (shown_due,),
                       Verdict.INDETERMINATE, f"Milestone {key} ({amount}) was due "
                       f"{day_text(due, calendar)}; the record holds nothing on its payment.",
                       "The payer's payment, or its absence, in the record.", due)
    record = Evidence("the record, as of", "", now)
    due_day, now_day = both_days(due, now, calendar)
    if now <= due:
        return Finding(FindingKind.PAYMENT_PAST_DUE, key, term, (shown_due, record),
                       Verdict.INDETERMINATE, f"Milestone {key} ({amount}) is due {due_day}: "
                       "not overdue yet.", f"Look again after {due_day}.", due, now)
    return Finding(FindingKind.PAYMENT_PAST_DUE, key, term, (shown_due, record), Verdict.BREACH,
                   f"Milestone {key} ({amount}): due {due_day}, not marked paid by {now_day}: "
                   f"{span_text(now - due)} overdue.", due=due, measured_at=now)
