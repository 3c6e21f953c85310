"""The evidence bundle: one ZIP with the history in three formats, the evidence files, and a
manifest of hashes that `mediator verify` checks offline.

The manifest lists the SHA-256 and size of every other file, the chain's length and last hash,
and its own hash (over its canonical JSON without that field). It is written in one exact
layout, so a changed byte anywhere in it is caught too.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.checkpoints import Checkpoint
from bot.domain.clock import parse_time
from bot.domain.entry_hash import canonical_json
from bot.exports.bundle_signature import signature_of
from bot.exports.document import SCHEMA
from bot.signatures import Signer

MANIFEST = "manifest.json"
MANIFEST_SCHEMA = "mediation-bot/bundle/1"
HISTORY_FILES = ("history.json", "history.html", "history.pdf")
CHECKPOINTS = "checkpoints.json"
CHECKPOINTS_SCHEMA = "mediation-bot/checkpoints/1"

ReadEvidence = Callable[[str], bytes | None]


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """The one layout a manifest is written in (sorted keys, two-space indent, final newline)."""
    return (json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()


def manifest_hash(manifest: Mapping[str, Any]) -> str:
    """The manifest's own hash: canonical JSON of every field but `manifest_sha256`."""
    rest = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return hashlib.sha256(canonical_json(rest).encode("utf-8")).hexdigest()


def checkpoints_bytes(case_id: str, checkpoints: Sequence[Checkpoint], length: int) -> bytes:
    """`checkpoints.json`: the case's signed checkpoints up to the exported chain's end."""
    document = {"schema": CHECKPOINTS_SCHEMA, "case": case_id,
                "checkpoints": [c.to_json() for c in checkpoints if c.seq <= length]}
    return manifest_bytes(document)


def build_bundle(doc: Mapping[str, Any], histories: Mapping[str, bytes],
                 read_evidence: ReadEvidence | None, zone: str = "UTC",
                 signer: Signer | None = None,
                 checkpoints: Sequence[Checkpoint] | None = None) -> tuple[bytes, list[str]]:
    """The ZIP for a history document and its renderings; also the evidence it could not
    include (missing from the store or no longer matching its hash). `zone` is the one the
    HTML and PDF show times in: a verifier renders the HTML again from the JSON with it.
    With `signer` (the deployment's key) the manifest is signed (`bundle_signature.py`); with
    `checkpoints` (the case's, as stored) the bundle carries them in `checkpoints.json`."""
    files: dict[str, bytes] = {name: histories[name] for name in HISTORY_FILES}
    if checkpoints is not None:
        files[CHECKPOINTS] = checkpoints_bytes(doc["case"]["id"], checkpoints,
                                               doc["chain"]["length"])
    missing: list[str] = []
    for item in doc["evidence"]:
        if item["file"] is None:  # erased, with its entry's content
            continue
        data = read_evidence(item["sha256"]) if read_evidence else None
        if data is None or hashlib.sha256(data).hexdigest() != item["sha256"]:
            missing.append(item["sha256"])
            continue
        files[item["file"]] = data
    manifest: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "history_schema": SCHEMA,
        "case": doc["case"]["id"],
        "view": doc["view"]["kind"],
        "exported_at": doc["exported_at"],
        "zone": zone,
        "chain": {"length": doc["chain"]["length"], "last_hash": doc["chain"]["last_hash"]},
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                  for name, data in sorted(files.items())},
    }
    if signer is not None:
        manifest["signature"] = signature_of(manifest, signer)
    manifest["manifest_sha256"] = manifest_hash(manifest)
    # A fixed timestamp per member (the export's time) keeps the same export byte-identical.
    moment = parse_time(doc["exported_at"])
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute,
             moment.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [(MANIFEST, manifest_bytes(manifest)), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue(), missing
