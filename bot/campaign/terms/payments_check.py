"""The rules payment terms keep: a known currency, exact amounts, milestones adding up."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from bot.campaign.terms import limits
from bot.campaign.terms.money import minor_units, number_text
from bot.campaign.terms.payments import Milestone, PaymentTerms, Trigger, TriggerEvent
from bot.campaign.terms.problems import Problem
from bot.campaign.terms.relationship import Relationship

ON_A_DELIVERABLE = (TriggerEvent.DELIVERABLE_APPROVED, TriggerEvent.DELIVERABLE_LIVE)


def payment_problems(payment: PaymentTerms, relationship: Relationship,
                     deliverables: set[str]) -> Iterator[Problem]:
    """Every problem in the payment terms, at `payment.…` paths."""
    currency = payment.currency
    if minor_units(currency) is None:
        yield Problem("payment.currency", f"{currency!r} is not an ISO 4217 currency code "
                      "(like USD, EUR, GBP, JPY)")
        return  # amounts cannot be judged without their currency
    yield from limits.amount(payment.total, currency, "payment.total")
    if relationship.gifted and payment.total != 0:
        yield Problem("payment.total", f"a {relationship} relationship pays no fee, so the "
                      "total is 0; a fee and product together is `hybrid`")
    if relationship.pays_fee and payment.total == 0:
        yield Problem("payment.total", f"a {relationship} relationship pays a fee: more than 0")
    milestones = payment.milestones
    yield from limits.keys((m.key for m in milestones), "payment.milestones", "m")
    sound = True
    for index, milestone in enumerate(milestones):
        found = list(_milestone(milestone, payment, deliverables, f"payment.milestones[{index}]"))
        sound = sound and not found
        yield from found
    paid = sum((m.due_amount(payment.total) for m in milestones), Decimal(0))
    if sound and paid != payment.total:
        yield Problem("payment.milestones", f"the milestones add up to {number_text(paid)} "
                      f"{currency}, "
                      f"not the total of {payment.total} {currency}")
    if payment.late_fee is not None:
        yield from limits.percent(payment.late_fee.percent, "payment.late_fee.percent")


def _milestone(milestone: Milestone, payment: PaymentTerms, deliverables: set[str],
               path: str) -> Iterator[Problem]:
    yield from limits.whole(milestone.net_days, f"{path}.net_days", most=365)
    yield from _trigger(milestone.trigger, deliverables, f"{path}.trigger")
    if (milestone.amount is None) == (milestone.percent is None):
        yield Problem(path, "give an amount or a percent of the total: one of the two")
    elif milestone.amount is not None:
        yield from limits.amount(milestone.amount, payment.currency, f"{path}.amount")
    elif milestone.percent is not None:
        found = list(limits.percent(milestone.percent, f"{path}.percent"))
        yield from found
        share = milestone.due_amount(payment.total)
        if not found and any(limits.amount(share, payment.currency, "")):
            yield Problem(f"{path}.percent", f"{milestone.percent}% of {payment.total} is "
                          f"{number_text(share)}, not a whole number of {payment.currency}'s "
                          "smallest unit")


def _trigger(trigger: Trigger, deliverables: set[str], path: str) -> Iterator[Problem]:
    needs_key = trigger.event in ON_A_DELIVERABLE
    if needs_key and trigger.deliverable not in deliverables:
        yield Problem(path, f"{trigger.event} names deliverable {trigger.deliverable!r}, which "
                      f"the agreement does not have (it has: {', '.join(sorted(deliverables))})")
    if not needs_key and trigger.deliverable is not None:
        yield Problem(path, f"{trigger.event} names no deliverable")
    if (trigger.event is TriggerEvent.DATE) != (trigger.on is not None):
        yield Problem(path, "a fixed date is given exactly when the trigger is a date")
