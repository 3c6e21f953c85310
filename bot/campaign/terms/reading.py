"""Reading plain data (parsed YAML or JSON) field by field, gathering every problem.

A value that is missing or of the wrong kind is recorded as a problem at its path and read as a
stand-in, so that the rest of the document is still read and every problem is reported at
once; whoever reads must check `found` before building anything from what was read.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from bot.campaign.terms.problems import Problem
from bot.campaign.terms.span import Span, SpanUnit

E = TypeVar("E", bound=StrEnum)

NUMBER = re.compile(r"(0|[1-9][0-9]{0,14})(\.[0-9]{1,8})?")
SPAN = re.compile(r"(0|[1-9][0-9]{0,5}) (hours?|days?|business_days?)")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LARGEST_WHOLE = 10**9
NUMBER_HINT = 'a plain number like 1500 or "1500.00" (up to 15 digits and 8 decimals)'


def child(path: str, name: str | int) -> str:
    """`deliverables` + 1 → `deliverables[1]`; `payment` + `total` → `payment.total`."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def number(value: object) -> Decimal | None:
    """An exact, non-negative number from text or a parsed number; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        written = str(value) if 0 <= value < 10**15 else ""
    elif isinstance(value, Decimal):
        sane = value.is_finite() and -9 <= value.adjusted() <= 15
        written = f"{value:f}" if sane else ""
    elif isinstance(value, str):
        written = value if len(value) <= 30 else ""
    else:
        return None
    return Decimal(written) if NUMBER.fullmatch(written) else None


def day(value: object) -> date | None:
    """A calendar day written `YYYY-MM-DD`; None if it is not one."""
    if not isinstance(value, str) or not DAY.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def span(value: object) -> Span | None:
    """`3 business_days`, `72 hours`, `1 day`; None if it is not one."""
    match = SPAN.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    unit = match.group(2)
    return Span(int(match.group(1)), SpanUnit(unit if unit.endswith("s") else unit + "s"))


class Fields:
    """One mapping of the document, at a path. Unknown and missing fields are problems."""

    def __init__(self, value: object, path: str, found: list[Problem],
                 required: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
        self.path = path
        self.found = found
        self.data: dict[str, object] = {}
        if not isinstance(value, dict):
            what = "must be" if path else "the agreement must be"
            found.append(Problem(path, f"{what} a mapping of fields "
                                 f"({', '.join(required + optional)}), not {kind_of(value)}"))
            return
        known = required + optional
        for key, item in value.items():
            if not isinstance(key, str):
                found.append(Problem(path, f"field names are text, not {kind_of(key)}"))
            elif key not in known:
                shown = key if len(key) <= 40 else key[:37] + "..."
                found.append(Problem(child(path, shown), "is not a field here; expected one of: "
                                     + ", ".join(known)))
            else:
                self.data[key] = item
        for key in required:
            if key not in self.data:
                found.append(Problem(child(path, key), "is missing"))

    def has(self, name: str) -> bool:
        """Whether the field is written at all."""
        return name in self.data

    def at(self, name: str) -> str:
        """The path of a field, for a problem about it."""
        return child(self.path, name)

    def raw(self, name: str) -> object:
        """The field as parsed, for values read in more than one way."""
        return self.data.get(name)

    def wrong(self, name: str, expected: str) -> None:
        """Record that a present field is not what was expected."""
        self.found.append(Problem(self.at(name), f"expected {expected}, "
                                  f"not {kind_of(self.data[name])}"))

    def text(self, name: str) -> str:
        """A text field."""
        value = self.data.get(name)
        if isinstance(value, str):
            return value
        if name in self.data:
            self.wrong(name, "text")
        return ""

    def text_or_none(self, name: str) -> str | None:
        """An optional text field."""
        return self.text(name) if name in self.data else None

    def whole(self, name: str) -> int:
        """A whole-number field (true and false are not numbers, though Python says so)."""
        value = self.data.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            if abs(value) < LARGEST_WHOLE:
                return value
            self.found.append(Problem(self.at(name), f"is too large (under {LARGEST_WHOLE:,})"))
        elif name in self.data:
            self.wrong(name, "a whole number, like 3")
        return 0

    def whole_or_none(self, name: str) -> int | None:
        """An optional whole-number field."""
        return self.whole(name) if name in self.data else None

    def flag(self, name: str) -> bool:
        """A true-or-false field."""
        value = self.data.get(name)
        if isinstance(value, bool):
            return value
        if name in self.data:
            self.wrong(name, "true or false")
        return False

    def number(self, name: str) -> Decimal:
        """An exact number field: an amount, a percent, a target."""
        value = number(self.data.get(name))
        if value is not None:
            return value
        if name in self.data:
            self.wrong(name, NUMBER_HINT)
        return Decimal(0)

    def number_or_none(self, name: str) -> Decimal | None:
        """An optional exact number field."""
        return self.number(name) if name in self.data else None

    def choice(self, name: str, choices: type[E]) -> E:
        """A field that is one of a fixed set of words."""
        value = self.data.get(name)
        options = [str(c) for c in choices]
        if isinstance(value, str) and value in options:
            return choices(value)
        if name in self.data:
            self.wrong(name, "one of: " + ", ".join(options))
        return next(iter(choices))

    def span(self, name: str) -> Span:
        """A length-of-time field such as `3 business_days`."""
        value = span(self.data.get(name))
        if value is not None:
            return value
        if name in self.data:
            self.wrong(name, "a length of time like `3 days`, `72 hours` or `5 business_days`")
        return Span(0, SpanUnit.DAYS)

    def span_or_none(self, name: str) -> Span | None:
        """An optional length-of-time field."""
        return self.span(name) if name in self.data else None

    def items(self, name: str) -> list[tuple[str, object]]:
        """The entries of a list field with their paths; an absent list is empty."""
        value = self.data.get(name, [])
        if isinstance(value, list):
            return [(child(self.at(name), i), item) for i, item in enumerate(value)]
        self.wrong(name, "a list")
        return []

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of texts; an absent list is empty."""
        read: list[str] = []
        for path, item in self.items(name):
            if isinstance(item, str):
                read.append(item)
            else:
                self.found.append(Problem(path, f"expected text, not {kind_of(item)}"))
        return tuple(read)

    def fields(self, name: str, required: tuple[str, ...],
               optional: tuple[str, ...] = ()) -> Fields:
        """A nested mapping; if it is missing (already a problem), one that reads stand-ins."""
        if name not in self.data:
            return Fields({}, self.at(name), self.found, ())
        return Fields(self.data[name], self.at(name), self.found, required, optional)


def kind_of(value: object) -> str:
    """How a value looks to someone who wrote the file: text, a number, a list..."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true or false)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, int) and abs(value) >= 10**40:
        return "a very large number"
    if isinstance(value, int | float | Decimal):
        return "the number " + (str(value) if len(str(value)) <= 40 else "(very long)")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"
