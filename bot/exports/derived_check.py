"""The readable histories checked as what they claim to be: renderings of `history.json`.

A bundle's HTML is rendered again from its JSON document, in the time zone the manifest names,
with the bundle's own evidence files for thumbnails, and must come out byte for byte as the
bundle has it: an edit to the page alone (a changed amount, a removed line) is caught and named,
even when the manifest was rebuilt to match. A bundle made before the manifest named its zone
is not checked this way. The PDF depends on the fonts of the machine that drew it, so it is
not redrawn here; its hash is in the manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.exports.bundle_zip import Member
from bot.exports.html_page import render_html


def derived_html(manifest: Mapping[str, Any], doc: dict[str, Any],
                 members: Mapping[str, Member]) -> str | None:
    """None when history.html is the rendering of history.json (or cannot be checked: an
    older bundle); else the line that names it."""
    zone_name = manifest.get("zone")
    if zone_name is None:
        return None
    if not isinstance(zone_name, str):
        return "manifest.json: zone is not a time zone's name"
    try:
        zone = None if zone_name.upper() == "UTC" else ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"manifest.json: {zone_name[:40]!r} is not a time zone"
    files = {item["sha256"]: item["file"] for item in doc["evidence"] if item["file"]}

    def evidence(sha256: str) -> bytes | None:
        member = members.get(files.get(sha256, ""))
        return None if member is None else member.data

    page = render_html(doc, zone, evidence).encode("utf-8")
    if hashlib.sha256(page).hexdigest() != members["history.html"].sha256:
        return ("history.html: not the rendering of history.json (its text was changed after "
                "the export)")
    return None
