"""Words for a report of figures read from an analytics export, in a case or a campaign: who
reported how many figures of which metrics, from which file (its hash), read as which format,
and every warning the reading raised. The KPI table that follows is `kpi_table.py`'s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.campaign.performance.reading import format_title
from bot.domain import kinds
from bot.domain.journal import JournalEntry
from bot.exchange import Reply
from bot.text.phrases import size_words
from bot.text.record import Described, EntryWords, Journaled, thread

WARNINGS_SHOWN = 5


def _metrics(p: Mapping[str, Any]) -> str:
    column = p["columns"].index("metric")
    names = sorted({row[column] for row in p["figures"]})
    return ", ".join(n.replace("_", " ") for n in names)


def _count(p: Mapping[str, Any]) -> str:
    count = len(p["figures"])
    return f"{count:,} figure{'s' if count != 1 else ''}"


def _reported(subject: Journaled, entry: JournalEntry) -> list[Reply]:
    p = entry.payload
    lines = [f"{entry.actor_name} reported {_count(p)} ({_metrics(p)}) for the {p['side']} "
             f"side from {p['filename']}, read as {format_title(p['format'])}. "
             f"SHA-256 {p['sha256']}."]
    warnings = list(p.get("warnings", ()))
    lines += [f"- {w}" for w in warnings[:WARNINGS_SHOWN]]
    if len(warnings) > WARNINGS_SHOWN:
        lines.append(f"- …and {len(warnings) - WARNINGS_SHOWN} more warnings (see the history).")
    return [thread(subject, "\n".join(lines))]


def _reported_line(entry: JournalEntry) -> str:
    p = entry.payload
    return (f"figures: {_count(p)} ({_metrics(p)}) for the {p['side']} side from "
            f"{p['filename']} ({p['format']} v{p['parser_version']}, sha256 "
            f"{p['sha256'][:16]}…)" + "".join(f"; {w}" for w in p.get("warnings", ())))


def _reported_export(item: Mapping[str, Any]) -> Described:
    p = item["payload"]
    return Described(f"Figures reported for the {p['side']} side: {p['filename']}", [
        ("Read as", f"{format_title(p['format'])} (parser version {p['parser_version']})"),
        ("Source", str(p["rank"]).replace("_", " ")),
        ("File", f"{size_words(p['size'])}, SHA-256 {p['sha256']}"),
        ("Figures", f"{_count(p)}: {_metrics(p)}"),
        ("Warnings", "; ".join(p.get("warnings", ())) or "none")])


FIGURE_WORDS: dict[str, EntryWords[Any]] = {
    kinds.METRICS_REPORTED: EntryWords(
        announcement=_reported, history_line=_reported_line, export=_reported_export),
}
