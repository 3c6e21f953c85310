"""What an entry says, in words a reader of the HTML or PDF export understands.

Returns plain text (headline and labelled fields); each renderer escapes it for its format.
Each entry kind's words live in `bot/text/` (see `bot/text/table.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from bot.domain.clock import parse_time
from bot.text.messages import ROOM_WORDS
from bot.text.phrases import stamp, terms_words
from bot.text.record import Described, json_text
from bot.text.table import export_words

__all__ = ["ROOM_WORDS", "VISIBILITY_WORDS", "Described", "describe", "json_text", "moment",
           "proposal_status", "stamp", "terms_line", "zone_name"]

VISIBILITY_WORDS = {"all": "everyone in the case", "side:brand": "brand side and mediators",
                    "side:creator": "creator side and mediators", "mediators": "mediators only"}


def zone_name(zone: tzinfo | None) -> str:
    return "UTC" if zone is None else str(zone)


def describe(item: Mapping[str, Any]) -> Described:
    """The words for one visible entry of a history document."""
    return export_words(item)


def terms_line(terms: Mapping[str, Any]) -> str:
    return terms_words(terms)


def proposal_status(status: str, expires_at: str, exported_at: str) -> str:
    """A proposal still open when its time ran out reads as expired."""
    if status == "open" and parse_time(exported_at) >= parse_time(expires_at):
        return "expired"
    return status


def moment(at: str) -> datetime:
    return parse_time(at)
