"""The rules a list of deliverables keeps: keys, quantities, requirements, schedules."""

from __future__ import annotations

from collections.abc import Iterator

from bot.campaign.terms import limits
from bot.campaign.terms.deliverables import AnchorEvent, Deliverable, Schedule, Specs
from bot.campaign.terms.problems import Problem
from bot.campaign.terms.span import Span, SpanUnit

LONGEST_SPAN = 3650  # ten years, in any unit


def deliverable_problems(deliverables: tuple[Deliverable, ...]) -> Iterator[Problem]:
    """Every problem in the deliverables, each at its path (`deliverables[1].quantity`)."""
    yield from limits.keys((d.key for d in deliverables), "deliverables", "d")
    for index, deliverable in enumerate(deliverables):
        path = f"deliverables[{index}]"
        yield from limits.whole(deliverable.quantity, f"{path}.quantity", least=1, most=1000)
        yield from _specs(deliverable.specs, f"{path}.specs")
        requirements = deliverable.requirements
        yield from limits.keys((r.key for r in requirements), f"{path}.requirements", "r")
        for number, requirement in enumerate(requirements):
            yield from limits.text(requirement.value, f"{path}.requirements[{number}].value")
        yield from schedule_problems(deliverable.schedule, f"{path}.schedule")


def schedule_problems(schedule: Schedule, path: str) -> Iterator[Problem]:
    """What makes a schedule unusable: a date anchor with no date, a window that ends before
    it starts, a draft due after the window closes."""
    anchor = schedule.anchor
    if (anchor.event is AnchorEvent.DATE) != (anchor.on is not None):
        yield Problem(f"{path}.anchor", "a fixed date is given exactly when the anchor is a date")
    window = schedule.publish_window
    yield from _span(window.start, f"{path}.publish_window.start")
    yield from _span(window.end, f"{path}.publish_window.end")
    if _later(window.start, window.end):
        yield Problem(f"{path}.publish_window.end",
                      f"the window ends ({window.end}) before it starts ({window.start})")
    if schedule.draft_due is not None:
        yield from _span(schedule.draft_due, f"{path}.draft_due")
        if _later(schedule.draft_due, window.end):
            yield Problem(f"{path}.draft_due", f"the draft is due ({schedule.draft_due}) after "
                          f"the publish window ends ({window.end})")
    yield from limits.whole(schedule.keep_live_days, f"{path}.keep_live_days", most=LONGEST_SPAN)


def _specs(specs: Specs, path: str) -> Iterator[Problem]:
    if specs.duration_seconds is not None:
        yield from limits.whole(specs.duration_seconds, f"{path}.duration_seconds", 1, 36_000)
    if specs.slides is not None:
        yield from limits.whole(specs.slides, f"{path}.slides", least=1, most=100)


def _span(span: Span, path: str) -> Iterator[Problem]:
    most = LONGEST_SPAN * 24 if span.unit is SpanUnit.HOURS else LONGEST_SPAN
    yield from limits.whole(span.amount, path, most=most)


def _later(first: Span, second: Span) -> bool:
    """Whether `first` is surely later than `second`. Business days against calendar time
    depend on the calendar, so they are not compared here."""
    if first.unit is second.unit:
        return first.amount > second.amount
    if SpanUnit.BUSINESS_DAYS in (first.unit, second.unit):
        return False
    return _hours(first) > _hours(second)


def _hours(span: Span) -> int:
    return span.amount * 24 if span.unit is SpanUnit.DAYS else span.amount
