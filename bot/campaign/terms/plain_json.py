"""JSON read as the plain data a document may hold: decimals kept exact, no field given twice
in one object, no NaN or Infinity. Shared by agreement files and rulebooks."""

from __future__ import annotations

import json
from decimal import Decimal


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
