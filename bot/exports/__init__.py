"""Exports of a case's history for one viewer: JSON, HTML, PDF and the evidence bundle.

Pure: a case, its whole journal, and a way to read evidence bytes go in; bytes come out.
`render` is the one entry point for the service and the CLI; `check_bundle` verifies a bundle
with nothing but its bytes. docs/exports.md describes the formats.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.checkpoints import Checkpoint
from bot.domain.case import Case
from bot.domain.identity import Actor, Role
from bot.domain.journal import JournalEntry
from bot.exports.bundle import build_bundle
from bot.exports.bundle_check import BundleReport, check_bundle
from bot.exports.document import SCHEMA, Progress, build
from bot.exports.document_check import check_document
from bot.exports.html_page import render_html
from bot.exports.pdf_page import render_pdf
from bot.exports.scope import OPERATOR, Scope, scope_for
from bot.signatures import Signer

FORMATS = ("json", "html", "pdf", "bundle")
MEDIA_TYPES = {"json": "application/json", "html": "text/html; charset=utf-8",
               "pdf": "application/pdf", "bundle": "application/zip"}
EXTENSIONS = {"json": "json", "html": "html", "pdf": "pdf", "bundle": "zip"}

ReadEvidence = Callable[[str], bytes | None]


@dataclass(frozen=True)
class Rendered:
    """One export, ready to write or attach. `missing_evidence`: files a bundle lacks."""

    filename: str
    content: bytes
    media_type: str
    missing_evidence: tuple[str, ...] = ()


def time_zone(name: str | None) -> tzinfo | None:
    """The viewer's zone by IANA name (`Europe/Paris`); None for UTC only."""
    if not name or name.upper() == "UTC":
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (an IANA name like Europe/Paris)") from None


def document_json(doc: dict[str, Any]) -> bytes:
    """The JSON export's bytes: the document as UTF-8, indented for people reading it."""
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def evidence_needed(entries: Sequence[JournalEntry]) -> list[str]:
    """The SHA-256 of every evidence file in a journal: what an async caller reads up front
    (evidence is visible to everyone in a case) before calling `render` in a thread."""
    return [e.payload["sha256"] for e in entries if e.kind == "evidence_added"]


def label(scope: Scope) -> str:
    """The part of a file name that says whose export it is."""
    if scope.full or scope.side is None:
        return scope.kind
    return scope.side.value


def render(fmt: str, case: Case, entries: Sequence[JournalEntry], viewer: Actor, role: Role,
           now: datetime, read_evidence: ReadEvidence | None = None, *, full: bool = False,
           zone: str | None = None, progress: Progress | None = None,
           signer: Signer | None = None,
           checkpoints: Sequence[Checkpoint] | None = None) -> Rendered:
    """One export of `case` for `viewer` (who has `role` in it), or for the operator (`full`).

    `entries` is the case's whole journal in order: the export itself leaves out (as redacted
    stubs) what the viewer may not see. `read_evidence(sha256)` returns a stored file's bytes
    or None; it is called for thumbnails and bundle members only. A bundle carries
    `checkpoints` (the case's signed checkpoints) when given. Blocking (PDF rendering):
    async callers run it in a thread. Raises ValueError for an unknown format or zone.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    if entries and entries[0].case_id != case.id:
        raise ValueError(f"the entries are not case {case.id}'s")
    where = time_zone(zone)
    scope = scope_for(case, viewer, role, full=full)
    doc = build(entries, scope, now, progress)
    name = f"{case.id}-{label(scope)}-history.{EXTENSIONS[fmt]}"
    if fmt == "json":
        return Rendered(name, document_json(doc), MEDIA_TYPES[fmt])
    if fmt == "html":
        page = render_html(doc, where, read_evidence, progress)
        return Rendered(name, page.encode("utf-8"), MEDIA_TYPES[fmt])
    if fmt == "pdf":
        return Rendered(name, render_pdf(doc, where, read_evidence, progress), MEDIA_TYPES[fmt])
    histories = {
        "history.json": document_json(doc),
        "history.html": render_html(doc, where, read_evidence, progress).encode("utf-8"),
        "history.pdf": render_pdf(doc, where, read_evidence, progress),
    }
    content, missing = build_bundle(doc, histories, read_evidence, zone or "UTC", signer,
                                    checkpoints)
    return Rendered(name, content, MEDIA_TYPES[fmt], tuple(missing))


__all__ = ["FORMATS", "OPERATOR", "SCHEMA", "BundleReport", "Rendered", "check_bundle",
           "check_document", "evidence_needed", "render", "time_zone"]
