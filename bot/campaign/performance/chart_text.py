"""The words on the KPI chart: labels made safe to draw, numbers with thousands separators,
and text cut with "…" to the width it has, so nothing runs off the picture.

Widths are estimated on the generous side for DejaVu Sans, the font both the SVG and the PNG
ask for, so a text that fits by this estimate fits when drawn.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation

ELLIPSIS = "…"
# Direction overrides and isolates reorder the text around them; they are not drawn.
_BIDI = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F])
_NARROW = frozenset(" .,:;'!|ijlrtfI()[]{}-/`\"")
_WIDE = frozenset("mwMW@%")


def clean(text: str) -> str:
    """`text` as a single line fit for XML and for drawing: control characters, lone
    surrogates, non-characters and direction overrides removed, whitespace runs collapsed."""
    kept: list[str] = []
    for char in text:
        if char in "\t\n\r\v\f\x85\u2028\u2029":
            kept.append(" ")
        elif not _dropped(char):
            kept.append(char)
    return " ".join("".join(kept).split())


def _dropped(char: str) -> bool:
    """Whether a character is left out: controls, surrogates, private use, non-characters
    (which XML forbids) and direction overrides."""
    point = ord(char)
    noncharacter = (point & 0xFFFE) == 0xFFFE or 0xFDD0 <= point <= 0xFDEF
    return unicodedata.category(char) in ("Cc", "Cs", "Co") or point in _BIDI or noncharacter


def char_width(char: str) -> float:
    """A generous estimate of one character's advance, in em."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.05
    if char in _NARROW:
        return 0.42
    if char in _WIDE:
        return 1.05
    if char.isupper() or not char.isascii():
        return 0.82
    return 0.66


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The estimated width of `text` drawn at `size` px (bold is wider)."""
    return sum(char_width(c) for c in text) * size * (1.12 if bold else 1.0)


def fit(text: str, size: float, room: float, bold: bool = False) -> str:
    """`text` cleaned and, when wider than `room` px, cut to fit with a trailing "…"."""
    text = clean(text)
    if text_width(text, size, bold) <= room:
        return text
    limit = room - text_width(ELLIPSIS, size, bold)
    used = 0.0
    for index, char in enumerate(text):
        used += char_width(char) * size * (1.12 if bold else 1.0)
        if used > limit:
            return text[:index].rstrip() + ELLIPSIS
    return text


def finite(value: Decimal | None) -> bool:
    """Whether `value` is a number that can be drawn (not None, NaN or infinite)."""
    return value is not None and value.is_finite()


def number(value: Decimal | None) -> str:
    """A figure with thousands separators: `84,200`, `3.25`; "—" when there is none."""
    if value is None or not value.is_finite():
        return "—"
    try:
        rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    except InvalidOperation:  # too many digits to keep two decimals
        return f"{value:,.0f}"
    if rounded == rounded.to_integral_value():
        return f"{rounded:,.0f}"
    return f"{rounded:,.2f}".rstrip("0")


def percent(figure: Decimal, target: Decimal) -> str:
    """`figure` as a share of `target`, rounded down so a miss never reads as 100%."""
    if not (figure.is_finite() and target.is_finite()) or target <= 0:
        return ""
    share = (figure * 100 / target).to_integral_value(rounding=ROUND_FLOOR)
    if share == 0 and figure > 0:
        return "<1%"
    return f"{share:,.0f}%"
