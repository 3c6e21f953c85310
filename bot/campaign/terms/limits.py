"""The limits single values in an agreement respect, each a list of problems at a path."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from bot.campaign.terms.money import fits
from bot.campaign.terms.problems import Problem

PERCENT_DECIMALS = 4
MAX_AMOUNT = Decimal(10) ** 12
MAX_TEXT = 500


def text(value: str, path: str, longest: int = MAX_TEXT) -> Iterator[Problem]:
    """Words a person reads: something, not too much, no control characters."""
    if not value.strip():
        yield Problem(path, "must not be empty")
    elif len(value) > longest:
        yield Problem(path, f"is {len(value)} characters long; at most {longest} are allowed")
    elif any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) < 0xE000 for c in value):
        yield Problem(path, "must not contain line breaks, control characters or unpaired "
                      "surrogates")


def whole(value: int, path: str, least: int = 0, most: int = 100_000) -> Iterator[Problem]:
    """A count or a number of days, within what a campaign can mean."""
    if not least <= value <= most:
        yield Problem(path, f"must be a whole number from {least} to {most}, not {value}")


def percent(value: Decimal, path: str, positive: bool = False) -> Iterator[Problem]:
    """A percent from 0 to 100 (above 0 if `positive`), at most 4 decimal places."""
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        yield Problem(path, f"must be a percent from 0 to 100, not {value}")
    elif positive and value == 0:
        yield Problem(path, "must be more than 0 percent")
    elif _decimals(value) > PERCENT_DECIMALS:
        yield Problem(path, f"has more than {PERCENT_DECIMALS} decimal places: {value}")


def amount(value: Decimal, currency: str, path: str) -> Iterator[Problem]:
    """Money: not negative, not absurd, and a whole number of the currency's minor units."""
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        yield Problem(path, f"must be an amount from 0 to less than {MAX_AMOUNT:,}, not {value}")
    elif not fits(value, currency):
        yield Problem(path, f"{value} is not a whole number of {currency}'s smallest unit")


def keys(found: Iterable[str], path: str, letter: str, field: str = "key") -> Iterator[Problem]:
    """Keys like `d1`, `d2`: the letter then a number, each used once in its list."""
    seen: set[str] = set()
    for index, key in enumerate(found):
        if not re.fullmatch(rf"{letter}[1-9][0-9]{{0,5}}", key):
            yield Problem(f"{path}[{index}].{field}",
                          f"must be `{letter}` followed by a number, like `{letter}1`, not {key!r}")
        elif key in seen:
            yield Problem(f"{path}[{index}].{field}", f"{key!r} is used twice")
        seen.add(key)


def references(cited: Iterable[str], known: Iterable[str], path: str) -> Iterator[Problem]:
    """Deliverable keys cited by a payment, clause, ad access or KPI must exist."""
    names = set(known)
    for index, key in enumerate(cited):
        if key not in names:
            yield Problem(f"{path}[{index}]", f"names deliverable {key!r}, which the agreement "
                          f"does not have (it has: {', '.join(sorted(names)) or 'none'})")


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
