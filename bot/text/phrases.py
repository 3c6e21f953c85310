"""Words many entries' texts share: times, sizes and terms."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import tzinfo
from typing import Any

from bot.domain.clock import parse_time


def when(stamp: str, zone: tzinfo | None = None) -> str:
    """`2026-11-24T19:00:00.000000Z` → `2026-11-24 19:00 UTC`; with a `zone`, the same
    moment on that zone's clock: `2026-11-24 14:00 EST`."""
    if zone is None:
        return f"{stamp[:10]} {stamp[11:16]} UTC"
    local = parse_time(stamp).astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or local.strftime('%z')}"


def stamp(at: str, zone: tzinfo | None) -> str:
    """`2026-11-21 19:00:00 UTC`, and the same moment in `zone` when one is given."""
    moment = parse_time(at)
    utc = f"{moment:%Y-%m-%d %H:%M:%S} UTC"
    if zone is None:
        return utc
    local = moment.astimezone(zone)
    return f"{utc} ({local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''})".replace(" )", ")")


def size_words(size: int) -> str:
    """A file size a person reads at a glance: `812 bytes`, `1.5 MiB`."""
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size}"


def terms_words(terms: Mapping[str, Any]) -> str:
    """A proposal's terms on one line: `amount 1000 EUR; deliverables: One reel`."""
    parts = []
    if terms.get("amount"):
        parts.append(f"amount {terms['amount']} {terms.get('currency', '')}".rstrip())
    for key, label in (("deliverables", "deliverables"), ("dates", "dates"),
                       ("terms", "terms")):
        if terms.get(key):
            parts.append(f"{label}: {terms[key]}")
    return "; ".join(parts)
