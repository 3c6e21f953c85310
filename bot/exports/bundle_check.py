"""`mediator verify BUNDLE.zip`: check a bundle offline and name the first thing that is wrong.

Order: the ZIP itself, the manifest (its layout and own hash), every file against the
manifest, files the manifest does not list, then the chain in history.json and the evidence
files against the hashes the journal recorded. A changed byte in any one file is therefore
reported under that file's name.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from bot.exports.bundle import (
    HISTORY_FILES,
    MANIFEST,
    MANIFEST_SCHEMA,
    manifest_bytes,
    manifest_hash,
)
from bot.exports.document_check import check_document


@dataclass(frozen=True)
class BundleReport:
    """What a check found: `problem` is None when everything matches."""

    problem: str | None
    case_id: str = ""
    entries: int = 0
    redacted: int = 0
    files: int = 0
    last_hash: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes] | BundleReport:
    names = archive.namelist()
    seen: set[str] = set()
    for name in names:
        if name in seen:
            return BundleReport(f"{name}: appears twice in the ZIP")
        seen.add(name)
    members: dict[str, bytes] = {}
    for name in names:
        try:
            members[name] = archive.read(name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            return BundleReport(f"{name}: damaged in the ZIP ({error})")
    return members


def _check_manifest(raw: bytes) -> dict[str, Any] | BundleReport:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return BundleReport(f"{MANIFEST}: not valid JSON")
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        return BundleReport(f"{MANIFEST}: not a manifest of schema {MANIFEST_SCHEMA}")
    if manifest_bytes(manifest) != raw:
        return BundleReport(f"{MANIFEST}: not in its exact layout (changed after export?)")
    if manifest.get("manifest_sha256") != manifest_hash(manifest):
        return BundleReport(f"{MANIFEST}: hash mismatch (its own manifest_sha256)")
    if not isinstance(manifest.get("files"), dict):
        return BundleReport(f"{MANIFEST}: no list of files")
    return manifest


def check_bundle(source: str | IO[bytes]) -> BundleReport:
    """Check a bundle (a path or an open binary file) with nothing but its own bytes."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = _read_members(archive)
    except (zipfile.BadZipFile, OSError) as error:
        return BundleReport(f"not a readable ZIP file ({error})")
    if isinstance(members, BundleReport):
        return members
    if MANIFEST not in members:
        return BundleReport(f"{MANIFEST}: missing")
    manifest = _check_manifest(members[MANIFEST])
    if isinstance(manifest, BundleReport):
        return manifest
    listed: dict[str, Any] = manifest["files"]
    for name, expected in sorted(listed.items()):
        if name not in members:
            return BundleReport(f"{name}: listed in the manifest but missing from the ZIP")
        data = members[name]
        if hashlib.sha256(data).hexdigest() != expected.get("sha256"):
            return BundleReport(f"{name}: hash mismatch")
        if len(data) != expected.get("size"):
            return BundleReport(f"{name}: size mismatch")
    for name in sorted(members):
        if name != MANIFEST and name not in listed:
            return BundleReport(f"{name}: not listed in the manifest")
    for name in HISTORY_FILES:
        if name not in members:
            return BundleReport(f"{name}: missing")
    return _check_history(manifest, members)


def _check_history(manifest: dict[str, Any], members: dict[str, bytes]) -> BundleReport:
    try:
        doc = json.loads(members["history.json"].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return BundleReport("history.json: not valid JSON")
    problem = check_document(doc)
    if problem is not None:
        return BundleReport(f"history.json: {problem}")
    chain = doc["chain"]
    if manifest.get("chain") != {"length": chain["length"], "last_hash": chain["last_hash"]} \
            or manifest.get("case") != doc["case"]["id"]:
        return BundleReport(f"{MANIFEST}: case or chain end differs from history.json")
    wanted = set(HISTORY_FILES)
    for item in doc["evidence"]:
        name = item["file"]
        wanted.add(name)
        if name not in members:
            return BundleReport(f"{name}: evidence of entry {item['seq']} is not in the bundle")
        if hashlib.sha256(members[name]).hexdigest() != item["sha256"]:
            return BundleReport(f"{name}: hash mismatch with the journal's evidence entry")
    for name in sorted(members):
        if name != MANIFEST and name not in wanted:
            return BundleReport(f"{name}: not part of this history")
    return BundleReport(None, doc["case"]["id"], chain["length"], chain["redacted"],
                        len(members), chain["last_hash"])
