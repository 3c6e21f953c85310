"""Cleaning of user text before it reaches the journal."""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline; NUL in particular cannot be stored in PostgreSQL text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Anything `clean_text` would change but for normalization.
_UNCLEAN = re.compile(r"[\r\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

MESSAGE_LIMIT = 40_000


def clean_text(value: str) -> str:
    """Return `value` as storable text: NFC, no control characters, no lone surrogates.

    Carriage returns become newlines; everything else a person typed is kept as typed.
    Bidirectional overrides are kept (the journal records what was said); renderers isolate them.
    """
    if _UNCLEAN.search(value) is None and (
            value.isascii() or unicodedata.is_normalized("NFC", value)):
        return value  # most text: nothing to change, and no copy made
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _SURROGATE.sub("\ufffd", value)
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value)
