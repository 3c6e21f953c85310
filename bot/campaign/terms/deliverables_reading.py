"""Deliverables read from an agreement document: `deliverables[i]` and what it holds."""

from __future__ import annotations

from bot.campaign.terms.deliverables import (
    Anchor,
    AnchorEvent,
    Deliverable,
    Format,
    PublishWindow,
    Requirement,
    RequirementKind,
    Schedule,
    Specs,
)
from bot.campaign.terms.problems import Problem
from bot.campaign.terms.reading import Fields, day

ANCHOR_HINT = "`agreement_accepted`, `product_delivered`, or a date written YYYY-MM-DD"


def read_deliverable(value: object, path: str, found: list[Problem]) -> Deliverable:
    """One deliverable, as written in the file; problems go to `found`."""
    fields = Fields(value, path, found, ("key", "format", "quantity", "schedule"),
                    ("specs", "requirements"))
    specs = fields.fields("specs", (), ("duration_seconds", "slides"))
    return Deliverable(
        key=fields.text("key"),
        format=fields.choice("format", Format),
        quantity=fields.whole("quantity"),
        schedule=_schedule(fields.fields("schedule", ("anchor", "publish_window",
                                                      "keep_live_days"), ("draft_due",))),
        requirements=tuple(_requirement(Fields(item, at, found, ("key", "kind", "value",
                                                                   "objective")))
                           for at, item in fields.items("requirements")),
        specs=Specs(specs.whole_or_none("duration_seconds"), specs.whole_or_none("slides")),
    )


def _requirement(fields: Fields) -> Requirement:
    return Requirement(key=fields.text("key"), kind=fields.choice("kind", RequirementKind),
                       value=fields.text("value"), objective=fields.flag("objective"))


def _schedule(fields: Fields) -> Schedule:
    window = fields.fields("publish_window", ("start", "end"))
    return Schedule(
        anchor=anchor(fields, "anchor"),
        publish_window=PublishWindow(window.span("start"), window.span("end")),
        keep_live_days=fields.whole("keep_live_days"),
        draft_due=fields.span_or_none("draft_due"),
    )


def anchor(fields: Fields, name: str) -> Anchor:
    """An event a schedule counts from, or a fixed day."""
    value = fields.raw(name)
    if value in (AnchorEvent.AGREEMENT_ACCEPTED, AnchorEvent.PRODUCT_DELIVERED):
        return Anchor(AnchorEvent(str(value)))
    on = day(value)
    if on is not None:
        return Anchor(AnchorEvent.DATE, on)
    if fields.has(name):
        fields.wrong(name, ANCHOR_HINT)
    return Anchor(AnchorEvent.AGREEMENT_ACCEPTED)
