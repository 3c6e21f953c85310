"""The dates an analytics export covers, as a person writes them beside the file (its
comment, or the evidence's description): `2026-08-01 to 2026-08-31`, `2026-08-01..2026-08-31`
or with a dash. TikTok's exports write days without a year; this is how the year is known."""

from __future__ import annotations

import re
from datetime import date

from bot.domain.errors import Refusal

_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|to|–|—|-)\s*(\d{4}-\d{2}-\d{2})")


def export_period(text: str) -> tuple[date, date] | None:
    """The period a comment names, or None when it names none; Refusal for dates that are
    not days or a period that ends before it starts."""
    found = _PERIOD.search(text)
    if found is None:
        return None
    try:
        first, last = date.fromisoformat(found.group(1)), date.fromisoformat(found.group(2))
    except ValueError:
        raise Refusal(f"“{found.group(0)}” is not a period of real days "
                      "(write it like 2026-08-01 to 2026-08-31).") from None
    if last < first:
        raise Refusal(f"The period “{found.group(0)}” ends before it starts.")
    return first, last
