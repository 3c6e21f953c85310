"""Words for a campaign's column mapping: how its CSV exports that no importer knows are read
(the form's fields, as kept)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.campaign.record import kinds
from bot.campaign.record.state import CampaignState
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.record import Described, EntryWords, thread


def _mapping_words(fields: Mapping[str, str]) -> str:
    metrics = "; ".join(line.strip() for line in fields.get("metrics", "").splitlines())
    post = fields.get("post") or "none: the figures are the account's"
    day = fields.get("day") or "none: lifetime figures"
    return (f"post column: {post}; day column: {day} ({fields.get('day_order', 'ymd')}); "
            f"metrics: {metrics}; decimal comma: {fields.get('decimal_comma', 'no')}; "
            f"paid boosts: {fields.get('scope', 'unknown').replace('_', ' ')}")


def _set(state: CampaignState, entry: JournalEntry) -> list[Reply]:
    return [thread(state, f"{entry.actor_name} set how this campaign's other CSV exports are "
                          f"read — {_mapping_words(entry.payload['fields'])}. Share such a "
                          "file here or in a case on the campaign.")]


def _set_line(entry: JournalEntry) -> str:
    return f"column mapping set: {_mapping_words(entry.payload['fields'])}"


def _set_export(item: Mapping[str, Any]) -> Described:
    return Described("Set the column mapping for CSV exports",
                     text=_mapping_words(item["payload"]["fields"]))


MAPPING_WORDS: dict[str, EntryWords[CampaignState]] = {
    kinds.COLUMN_MAPPING_SET: EntryWords(
        announcement=_set, history_line=_set_line, export=_set_export),
}
