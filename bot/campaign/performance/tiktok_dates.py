"""TikTok Studio's daily dates, written without a year ("August 31", "31. August",
"31 août", "31 de agosto"), placed in the one year they can belong to.

With the period the user says the export covers, each day must fall in exactly one year of
that period. Without one, the rows are taken as the days up to the upload, in file order:
dates ascend, and a step from December to January moves to the next year. Anything that
leaves a day's year open is refused rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice

from bot.campaign.performance import table_text
from bot.campaign.performance.tiktok_headers import months
from bot.domain.errors import Refusal

_FILLER = frozenset({"de", "del"})
_DAY = re.compile(r"^(\d{1,2})(?:er|st|nd|rd|th)?$")


@dataclass(frozen=True)
class MonthDay:
    """A day as the export wrote it, without its year."""

    month: int
    day: int
    text: str

    def key(self) -> tuple[int, int]:
        return (self.month, self.day)

    def in_year(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def month_day(cell: str) -> MonthDay | date | None:
    """The cell's day: a `MonthDay` when it names a month and a day, a `date` when it is a
    full ISO date, None when it is neither."""
    text = cell.strip().strip('"').strip()
    if len(text) > 40:
        return None
    full = table_text.day_of(text, "ymd")
    if full is not None:
        return full
    words = [word for word in re.split(r"[\s.,/]+", text.casefold()) if word]
    words = [word for word in words if word not in _FILLER]
    if len(words) != 2:
        return None
    names = months()
    for day_word, month_word in (words, words[::-1]):
        found = _DAY.match(day_word)
        if found and month_word in names:
            day = int(found.group(1))
            month = names[month_word]
            if 1 <= day <= 31 and MonthDay(month, day, text).in_year(2000) is not None:
                return MonthDay(month, day, text)
    return None


def resolve(days: list[MonthDay | date], period: tuple[date, date] | None,
            received_at: datetime) -> tuple[list[date], str]:
    """Each day with its year, in the same order, and the warning saying how the years were
    found ("" when the export wrote them); raises `Refusal` when a year is open."""
    partial = [day for day in days if isinstance(day, MonthDay)]
    if not partial:
        return [day for day in days if isinstance(day, date)], ""
    if len(partial) != len(days):
        raise Refusal("Some dates in that export have a year and some do not, so the days "
                      "cannot be placed; export the range again.")
    if period is not None:
        found = [_within(day, period) for day in partial]
        warning = ("The export's dates have no year; each was placed in the period you gave "
                   f"({period[0].isoformat()} to {period[1].isoformat()}).")
    else:
        upload = received_at.date()
        found = _before(partial, upload)
        warning = ("The export's dates have no year; they were read in file order as the days "
                   f"up to the upload on {upload.isoformat()} ({found[0].isoformat()} to "
                   f"{found[-1].isoformat()}). If that is wrong, write the period the export "
                   "covers beside the file, like 2026-08-01 to 2026-08-31.")
    seen: set[date] = set()
    for day, text in zip(found, partial, strict=True):
        if day in seen:
            raise Refusal(f'"{text.text}" appears twice in that export, so its figures '
                          "cannot be told apart; export the range again.")
        seen.add(day)
    return found, warning


def _within(day: MonthDay, period: tuple[date, date]) -> date:
    first, last = min(period), max(period)
    years = list(islice((found for year in range(first.year, last.year + 1)
                         if (found := day.in_year(year)) is not None and first <= found <= last),
                        2))
    span = f"{first.isoformat()} to {last.isoformat()}"
    if not years:
        raise Refusal(f'"{day.text}" is not in the period you gave ({span}); check the '
                      "period or the file.")
    if len(years) > 1:
        raise Refusal(f'That export\'s dates have no year and "{day.text}" falls in more '
                      f"than one year of the period you gave ({span}); export at most a "
                      "year at a time, or give the exact period the export covers.")
    return years[0]


def _before(days: list[MonthDay], upload: date) -> list[date]:
    """The years walking back from the upload: the last row is the last such day on or
    before the upload (or the day after, the account's zone being ahead)."""
    last = days[-1]
    tomorrow = upload + timedelta(days=1)
    year = upload.year - (last.key() > (upload.month, upload.day))
    if last.key() == (tomorrow.month, tomorrow.day):
        year = tomorrow.year
    years = [year]
    for earlier, later in zip(days[-2::-1], days[:0:-1], strict=True):
        if earlier.key() == later.key():
            raise Refusal(f'"{earlier.text}" appears twice in a row in that export, so its '
                          "figures cannot be told apart; export the range again.")
        if earlier.key() > later.key():
            if (earlier.month, later.month) != (12, 1):
                raise Refusal(f'That export\'s dates have no year and are not in order '
                              f'("{later.text}" follows "{earlier.text}"), so their years '
                              "cannot be inferred; write the period the export covers "
                              "beside the file, like 2026-08-01 to 2026-08-31.")
            year -= 1
        years.append(year)
    years.reverse()
    found: list[date] = []
    for day, in_year in zip(days, years, strict=True):
        placed = day.in_year(in_year)
        if placed is None:
            raise Refusal(f'"{day.text}" does not exist in {in_year}, the year it falls in '
                          "counting back from the upload; write the period the export "
                          "covers beside the file, like 2026-08-01 to 2026-08-31.")
        found.append(placed)
    return found
