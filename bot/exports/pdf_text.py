"""Text fit for a PDF font: what the font cannot draw is replaced by words, never by tofu.

The PDF embeds DejaVu Sans when the system has it (Latin, Greek, Cyrillic, Arabic, Hebrew,
many symbols). An emoji or a script the font lacks becomes its Unicode name in brackets,
`[GRINNING FACE]`, so the reader still knows what was there. Without DejaVu, the built-in
Helvetica (Latin-1) is used with the same replacement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu (fonts-dejavu-core)
    Path("/usr/share/fonts/dejavu"),  # Fedora, Arch
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
)
FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "M": "DejaVuSansMono.ttf"}

# Direction controls change how text around them reads; a PDF shows logical order, so they go.
# Joiners and variation selectors only matter inside emoji sequences, which are named instead.
_DROP = frozenset(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF,
     *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400)]
)


# A flag is two regional indicator letters: 🇩🇪 reads as [flag DE].
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")


@lru_cache(maxsize=1)
def font_files() -> dict[str, Path] | None:
    """DejaVu's regular, bold and mono faces, or None when the system lacks them."""
    for folder in FONT_DIRS:
        faces = {style: folder / name for style, name in FACES.items()}
        if all(path.is_file() for path in faces.values()):
            return faces
    return None


@lru_cache(maxsize=4)
def coverage(path: Path | None) -> frozenset[int]:
    """The code points a font file draws (Latin-1 for the built-in fonts)."""
    if path is None:
        return frozenset(range(0x20, 0x100)) | {0x0A, 0x09}
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fpdf2's dependency

    with TTFont(str(path), lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(cmap) | {0x0A, 0x09}


def _script(char: str) -> str:
    """The script a letter belongs to, by the first word of its Unicode name (`CJK`,
    `HIRAGANA`, `DEVANAGARI`), or `unnamed`."""
    return unicodedata.name(char, "unnamed").split(" ")[0]


def fit(text: str, drawable: frozenset[int]) -> str:
    """`text` with direction controls dropped and every character the font cannot draw named."""
    if all(ord(c) in drawable and ord(c) not in _DROP for c in text):
        return text  # the common case: nothing to do
    text = _FLAG.sub(lambda m: "[flag " + "".join(chr(ord(c) - 0x1F1E6 + 65) for c in
                                                   m.group()) + "]", text)
    return "".join(_fit_chars(text, drawable))


def _fit_chars(text: str, drawable: frozenset[int]) -> Iterable[str]:
    """Symbols (emoji) by name, one each; a run of letters of a script the font lacks as one
    note, `[CJK text, 2 characters]`: readable, and the exact text is in the JSON and HTML."""
    run_script, run_length = "", 0
    for char in [*text, ""]:
        point = ord(char) if char else -1
        if point in _DROP:
            continue
        symbol = bool(char) and unicodedata.category(char) in ("So", "Sk", "Sm")
        missing = bool(char) and point not in drawable
        if run_length and (not missing or symbol or _script(char) != run_script):
            plural = "s" if run_length > 1 else ""
            yield f"[{run_script} text, {run_length} character{plural}]"
            run_script, run_length = "", 0
        if not char:
            break
        if not missing:
            yield char
        elif symbol:
            yield f"[{unicodedata.name(char, f'U+{point:04X}')}]"
        else:
            run_script, run_length = _script(char), run_length + 1
