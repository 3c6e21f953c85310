"""A document's text within its size, and JSON read as the plain data a document may hold:
decimals kept exact, no field given twice in one object, no NaN or Infinity. Shared by
agreement files and rulebooks."""

from __future__ import annotations

import json
from decimal import Decimal


class UnreadableText(ValueError):
    """A file too large for what it is, or not UTF-8 text: the message says which."""


def document_text(content: str | bytes, largest: int, holder: str) -> str:
    """The file's text; `UnreadableText` when it is over `largest` bytes or not UTF-8.
    `holder` names what the file is, for the message: "an agreement file", "a rulebook"."""
    size = len(content)  # a character is at least one byte: no need to encode a huge text
    if isinstance(content, str) and size <= largest:
        size = len(content.encode("utf-8", "surrogatepass"))
    if size > largest:
        raise UnreadableText(f"the file is {size:,} bytes; {holder} is at most {largest:,} "
                             f"({largest // 1024} KiB)")
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableText(f"the file is not UTF-8 text (byte {error.start})") from None


class UnsafeJson(ValueError):
    """JSON that is not acceptable plain data (a repeated field, NaN)."""


def load_json(text: str, holder: str) -> object:
    """The document's plain data; `UnsafeJson` (or `json.JSONDecodeError`) when it is not.
    `holder` names what the document is, for the messages: "an agreement", "a rulebook"."""

    def no_constant(name: str) -> object:
        raise UnsafeJson(f"{name} is not a number {holder} can hold")

    return json.loads(text, parse_float=Decimal, parse_constant=no_constant,
                      object_pairs_hook=_fields_once)


def _fields_once(pairs: list[tuple[str, object]]) -> dict[str, object]:
    mapping: dict[str, object] = {}
    for key, value in pairs:
        if key in mapping:
            raise UnsafeJson(f"the field {key!r} appears twice in one object")
        mapping[key] = value
    return mapping
