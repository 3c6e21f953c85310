"""A caption as its reader sees it: the text the disclosure checks search, and where things are.

Each user-perceived character (a base character with the marks, modifiers and joiners that
attach to it: a close approximation of Unicode's extended grapheme clusters, which the standard
library does not segment) is normalised in this order:

1. NFKC, so compatibility look-alikes read as what they show: full-width `＃ａｄ` is `#ad`, the
   small `﹟` is `#`, mathematical bold `𝐀𝐝` is `Ad`.
2. Invisible characters removed: every format character (Unicode category Cf: zero-width space
   and joiners, bidirectional controls, the soft hyphen, tag characters), control characters
   but the tab, and the other default-ignorable code points (variation selectors, Hangul
   fillers). **The visible text counts**: `#a<ZERO WIDTH JOINER>d` reads `#ad` and is matched as
   `#ad`; a label spelt only in invisible characters (tag characters mirror ASCII) is not there.
3. Case folded (`str.casefold`), then NFKC again, since folding can undo it.

Lines are split on every newline kind: `\\r\\n`, `\\n`, `\\r`, vertical tab, form feed, U+0085,
U+2028 and U+2029; each line break counts as one character. **Positions count user-perceived
characters from 1**, not code points: an emoji with its skin tone, a flag, a family joined by
zero-width joiners, a letter with its accent each count one, invisible characters none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")
ZERO_WIDTH_JOINER = "\u200d"
# Default-ignorable code points outside category Cf (Unicode's DerivedCoreProperties).
_IGNORABLE = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
# Characters that join the word before them to the one after: "ad-free", "ad's", "ad.com",
# "ad@glowco.com".
_JOINERS = frozenset("-'’.@")


@dataclass(frozen=True)
class Position:
    """Where something begins in a caption: its first character and its line, both from 1."""

    character: int
    line: int


@dataclass(frozen=True)
class Occurrence:
    """A piece of the caption the checks found: as the reader sees it, and where it is."""

    text: str
    position: Position
    last_character: int
    start: int  # index in the folded text, for comparing occurrences


@dataclass(frozen=True)
class Piece:
    """One user-perceived character: what the reader sees, and where."""

    visible: str
    character: int
    line: int


@dataclass(frozen=True)
class Caption:
    """A caption read for the checks: its folded text, and each folded character's piece."""

    folded: str
    owners: tuple[int, ...]  # folded character → index of its piece
    pieces: tuple[Piece, ...]

    def occurrence(self, start: int, end: int) -> Occurrence:
        """The caption's folded text from `start` to `end`, as the reader sees it."""
        first, last = self.owners[start], self.owners[end - 1]
        seen = self.pieces[first : last + 1]
        return Occurrence(
            text="".join(piece.visible for piece in seen),
            position=Position(seen[0].character, seen[0].line),
            last_character=seen[-1].character,
            start=start,
        )

    def find(self, pattern: re.Pattern[str]) -> list[Occurrence]:
        """Every match of `pattern` that stands as a word or hashtag of its own.

        `#ad` in `#adidas`, "ad" in "made", "add" or "ad-free", and "@ad" (a mention) are not.
        """
        return [
            self.occurrence(match.start(), match.end())
            for match in pattern.finditer(self.folded)
            if self._stands_alone(match.start(), match.end())
        ]

    def find_labels(self, labels: tuple[str, ...], brand: str | None) -> list[Occurrence]:
        """Where any of a rule list's `labels` stands in the caption, in reading order; at one
        place the longest ("advertisement feature" rather than "advertisement")."""
        found: dict[int, Occurrence] = {}
        for label in labels:
            pattern = label_pattern(label, brand)
            for occurrence in self.find(pattern) if pattern else ():
                held = found.get(occurrence.start)
                if held is None or occurrence.last_character > held.last_character:
                    found[occurrence.start] = occurrence
        return [found[start] for start in sorted(found)]

    def _stands_alone(self, start: int, end: int) -> bool:
        text = self.folded
        before = text[start - 1] if start > 0 else " "
        if is_word_character(before) or before in "#@":
            return False
        if before in _JOINERS and start > 1 and is_word_character(text[start - 2]):
            return False
        after = text[end] if end < len(text) else " "
        if is_word_character(after):
            return False
        return not (after in _JOINERS and end + 1 < len(text)
                    and is_word_character(text[end + 1]))

    def trailing_hashtags(self) -> tuple[int, int]:
        """How many hashtags end the caption in one run, and where in the folded text it starts.

        Tokens with no letter or digit (emoji, dots used as spacers) neither count nor break it.
        """
        count, start = 0, len(self.folded)
        for token in reversed(list(re.finditer(r"\S+", self.folded))):
            word = token.group()
            if not any(is_word_character(c) for c in word):
                continue
            if not word.startswith("#"):
                break
            count += sum(1 for tag in word.split("#")[1:] if any(map(is_word_character, tag)))
            start = token.start()
        return count, start


def is_word_character(character: str) -> bool:
    """A letter, digit, underscore or combining mark: what continues a word or a hashtag."""
    return (character.isalnum() or character == "_"
            or unicodedata.category(character).startswith("M"))


def is_invisible(character: str) -> bool:
    """Whether a reader sees nothing of `character` (see the module's docstring)."""
    category = unicodedata.category(character)
    if category == "Cf" or (category == "Cc" and character != "\t"):
        return True
    code = ord(character)
    return any(low <= code <= high for low, high in _IGNORABLE)


def read_caption(text: str) -> Caption:
    """The caption as the checks read it; any text at all, even broken, is read."""
    folded: list[str] = []
    owners: list[int] = []
    pieces: list[Piece] = []
    character = 0
    lines = LINE_BREAK.split(text)
    for number, line in enumerate(lines, start=1):
        if number > 1:
            character += 1
            owners.append(len(pieces))
            pieces.append(Piece("\n", character, number - 1))
            folded.append("\n")
        for cluster in clusters(line):
            visible, searched = _visible_and_folded(cluster)
            if not visible:
                continue
            character += 1
            owners.extend([len(pieces)] * len(searched))
            pieces.append(Piece(visible, character, number))
            folded.append(searched)
    return Caption("".join(folded), tuple(owners), tuple(pieces))


def fold(text: str) -> str:
    """`text` as the checks compare it: how labels in the rule lists are written."""
    return read_caption(text).folded


def _visible_and_folded(cluster: str) -> tuple[str, str]:
    if cluster.isascii():
        visible = "".join(c for c in cluster if c == "\t" or " " <= c < "\x7f")
        return visible, visible.lower()
    cluster = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in cluster)
    visible = "".join(c for c in unicodedata.normalize("NFKC", cluster) if not is_invisible(c))
    folded = unicodedata.normalize("NFKC", visible.casefold())
    folded = "".join(c for c in folded if not is_invisible(c))
    return (visible, folded) if folded else ("", "")


def clusters(line: str) -> Iterator[str]:
    """The user-perceived characters of one line (an approximation of grapheme clusters)."""
    start, length = 0, len(line)
    while start < length:
        end = start + 1
        if _regional_indicator(line[start]) and end < length and _regional_indicator(line[end]):
            end += 1  # a flag is a pair of regional indicators
        while end < length and (_extends(line[end]) or (
                line[end - 1] == ZERO_WIDTH_JOINER and _pictographic(line[end]))):
            end += 1
        yield line[start:end]
        start = end


def _extends(character: str) -> bool:
    code = ord(character)
    return (unicodedata.category(character) in ("Mn", "Mc", "Me")
            or character in "\u200c\u200d"
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F  # tags, as in the flag of Scotland
            or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF)  # Hangul vowels and finals


def _regional_indicator(character: str) -> bool:
    return 0x1F1E6 <= ord(character) <= 0x1F1FF


def _pictographic(character: str) -> bool:
    return unicodedata.category(character) == "So" or 0x1F000 <= ord(character) <= 0x1FAFF


def label_pattern(label: str, brand: str | None = None) -> re.Pattern[str] | None:
    """How a label of a rule list may be written in a folded caption.

    A label is folded text. `#x` is only the hashtag; a plain `x y` is the words (any spacing on
    one line) or the hashtag `#xy` (or `#x_y`). `{brand}` is the brand's name, its words run
    together or joined by a space, `_`, `.`, `-` or an apostrophe, and in words also as a
    mention (`thanks @brand`). None when the label needs the brand's name and none is given.
    """
    brand_words = re.findall(r"\w+", fold(brand)) if brand else []
    words = label.lstrip("#").split()
    if not words or ("{brand}" in label and not brand_words):
        return None
    in_hashtag = "_?".join(_in_hashtag(word, brand_words) for word in words)
    brand_in_words = "@?" + "[ ._'’-]?".join(map(re.escape, brand_words))
    in_words = r"[^\S\n]+".join(
        brand_in_words.join(map(re.escape, word.split("{brand}"))) for word in words)
    return re.compile(f"#{in_hashtag}" if label.startswith("#") else f"#{in_hashtag}|{in_words}")


def _in_hashtag(word: str, brand_words: list[str]) -> str:
    pieces: list[str] = []
    for index, part in enumerate(word.split("{brand}")):
        if index:
            pieces.append("_?".join(map(re.escape, brand_words)))
        if part:
            pieces.append(re.escape(part))
    return "_?".join(pieces)
