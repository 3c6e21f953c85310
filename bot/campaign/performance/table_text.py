"""Reading an export's bytes into rows of cells, and cells into numbers and dates, refusing
what cannot be read rather than guessing.

Exports come in UTF-8 (with or without a BOM) or UTF-16 with a BOM, comma-, semicolon- or
tab-separated, sometimes behind an Excel `sep=,` line. Numbers come quoted with separators
(`"12,400"`, `12.400`, `12 400`), with decimal commas, or shortened (`1.2K`). A cell is only
ever read as a number, a date or a short identifier: nothing in one is evaluated or shown
as markup, so a formula such as `=HYPERLINK(...)` is just a cell that is not a number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from bot.domain.errors import Refusal

LARGEST_FILE = 8 * 1024 * 1024  # bytes
MOST_ROWS = 20_000
LONGEST_CELL = 10_000  # characters
LONGEST_NUMBER = 15  # digits before the point: no platform counts a quadrillion of anything
MOST_DECIMALS = 6  # digits after it: rates and hours, never more precise than this

_SEPARATORS = (",", ";", "\t")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_SHORT = {"k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}
_NUMBER = re.compile(r"^[+-]?(\d+(?:[.,]\d+)*)$")
_QUOTES = str.maketrans("", "", "\"'\u201e\u201c\u201d\u201a\u2018\u2019\u00ab\u00bb")
BLANK = frozenset({"", "-", "--", "—", "n/a", "na"})


def decode(content: bytes) -> str:
    """The text of an export: UTF-16 needs its BOM; anything else must be UTF-8."""
    if len(content) > LARGEST_FILE:
        raise Refusal(f"That file is over {LARGEST_FILE // (1024 * 1024)} MiB; export a "
                      "shorter range.")
    try:
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = content.decode("utf-16")
        else:
            text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refusal("That file is not UTF-8 or UTF-16 text, so it is not an analytics "
                      "export this bot reads.") from None
    if "\x00" in text:
        raise Refusal("That file holds binary data, so it is not an analytics export.")
    return text


SNIFFED = 64 * 1024  # bytes a format is recognised from


def head_lines(content: bytes) -> list[str]:
    """The first lines of a file, read leniently and cheaply, to recognise its format (after
    an Excel `sep=` line); the whole file is decoded strictly only once it is recognised."""
    head = content[:SNIFFED]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if lines and lines[0].strip().strip('"').lower().startswith("sep="):
        return lines[1:]
    return lines


@dataclass(frozen=True)
class Table:
    """An export's rows, blank ones dropped, each cell stripped."""

    rows: tuple[tuple[str, ...], ...]
    separator: str


def table(text: str, skip: int = 0) -> Table:
    """The rows of a CSV text, after an optional `sep=` line and `skip` more lines. A quoted
    cell may hold line breaks (a post's description often does)."""
    first, _, rest = text.partition("\n")
    separator = ""
    if first.strip().strip('"').lower().startswith("sep="):
        separator = first.strip().strip('"')[4:5]
        text = rest
    for _ in range(skip):
        text = text.partition("\n")[2]
    if not separator:
        header = text.partition("\n")[0]
        separator = max(_SEPARATORS, key=header.count)
    rows: list[tuple[str, ...]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True):
            cells = tuple(map(str.strip, row))
            if not any(cells):
                continue
            if len(rows) > MOST_ROWS:
                raise Refusal(f"That export has over {MOST_ROWS:,} rows; export a shorter "
                              "range.")
            if max(map(len, cells)) > LONGEST_CELL:
                raise Refusal(f"That file has a cell over {LONGEST_CELL:,} characters; it is "
                              "not an analytics export.")
            rows.append(cells)
    except csv.Error:
        raise Refusal("That file is not a well-formed CSV (a quote is left open).") from None
    return Table(tuple(rows), separator)


def header_key(cell: str) -> str:
    """A header cell made comparable: case, quotes and spacing do not matter."""
    cell = cell.strip().strip("\ufeff").translate(_QUOTES)
    return " ".join(cell.casefold().split())


def number(cell: str, *, decimal_comma: bool | None = None) -> Decimal | None:
    """A count or amount, or None when the cell is empty or not a number.

    `decimal_comma` says how the export's locale writes decimals; when it is not known, a
    separator followed by exactly three digits is a thousands separator."""
    if cell.isascii() and cell.isdigit():  # most cells: a plain count
        return Decimal(cell) if len(cell) <= LONGEST_NUMBER else None
    text = cell.strip().strip('"').translate(_SPACES)
    if text.casefold() in BLANK:
        return None
    scale = Decimal(1)
    if text.endswith("%"):
        text = text[:-1]
    if text and text[-1].casefold() in _SHORT:
        scale = _SHORT[text[-1].casefold()]
        text = text[:-1]
    if not _NUMBER.match(text):
        return None
    sign = "-" if text.startswith("-") else ""
    digits = text.lstrip("+-")
    try:
        value = Decimal(sign + _plain(digits, decimal_comma, shortened=scale != 1))
    except InvalidOperation:
        return None
    value *= scale
    if not value.is_finite() or value.adjusted() >= LONGEST_NUMBER:
        return None
    exponent = value.as_tuple().exponent
    return value if isinstance(exponent, int) and exponent >= -MOST_DECIMALS else None


def _plain(digits: str, decimal_comma: bool | None, *, shortened: bool) -> str:
    """Digits with separators as a plain decimal string ("12,400" -> "12400")."""
    marks = {c for c in digits if c in ",."}
    if not marks:
        return digits
    if decimal_comma is not None:
        point = "," if decimal_comma else "."
    else:
        last = max(digits.rfind(","), digits.rfind("."))
        once = digits.count(digits[last]) == 1
        grouped = once and len(marks) == 1 and len(digits) - last - 1 == 3
        point = digits[last] if shortened or len(marks) > 1 or (once and not grouped) else ""
    if point and digits.count(point) > 1:
        raise InvalidOperation
    whole, _, fraction = digits.partition(point) if point else (digits, "", "")
    if point and any(c in ",." for c in fraction):
        raise InvalidOperation
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or
                            any(len(group) != 3 for group in groups[1:])):
        raise InvalidOperation  # "12,4" with a decimal point is not a grouped number
    whole = "".join(groups)
    return f"{whole}.{fraction}" if fraction else whole


# Per day order, the separators its exports use, and those after which a two-digit year is
# written (`03/27/26`, `01.09.26`).
_DATE_ORDERS = {"mdy": ("/-", "/"), "dmy": ("./-", "."), "ymd": ("-/", "")}
_DATE = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def moment(cell: str, order: str) -> datetime | None:
    """A date with an optional `HH:MM[:SS]` time, in the day order the export's locale uses
    ("mdy", "dmy" or "ymd"; a year written first is always read year-first); None when the
    cell is not one. Times are as the export wrote them (the account's zone), naive."""
    text = " ".join(cell.strip().strip('"').replace("T", " ").split())
    day_part, _, time_part = text.partition(" ")
    found = _DATE.match(day_part)
    if found is None:
        return None
    first, separator, middle, last = found.groups()
    if len(first) == 4:
        year, month, day = first, middle, last
        if separator not in _DATE_ORDERS["ymd"][0] or len(last) > 2:
            return None
    elif order in ("mdy", "dmy"):
        separators, short_year = _DATE_ORDERS[order]
        if separator not in separators or len(first) > 2 or len(last) not in (
                (2, 4) if separator in short_year else (4,)):
            return None
        month, day = (first, middle) if order == "mdy" else (middle, first)
        year = last if len(last) == 4 else str(int(last) + (2000 if int(last) < 69 else 1900))
    else:
        return None
    clock = _CLOCK.match(time_part) if time_part else None
    if time_part and clock is None:
        return None
    hour, minute, second = clock.groups(default="0") if clock else ("0", "0", "0")
    try:
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None


def day_of(cell: str, order: str) -> date | None:
    found = moment(cell, order)
    return found.date() if found is not None else None
