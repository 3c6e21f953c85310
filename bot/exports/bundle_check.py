"""`mediator verify BUNDLE.zip`: check a bundle offline and name the first thing that is wrong.

Order: the ZIP itself (bot/exports/bundle_zip.py: names, sizes, CRCs), the manifest (its
layout and own hash), every file against the manifest, files the manifest does not list, then
the chain in history.json and the evidence files against the hashes the journal recorded,
the HTML rendered again, and last the signed checkpoints of checkpoints.json. A changed byte
in any one file is therefore reported under that file's name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import IO, Any

from bot.checkpoints import covered
from bot.exports.bundle import (
    CHECKPOINTS,
    HISTORY_FILES,
    MANIFEST,
    MANIFEST_SCHEMA,
    manifest_bytes,
    manifest_hash,
)
from bot.exports.bundle_signature import signature_problem
from bot.exports.bundle_zip import Member, ZipProblem, read_members
from bot.exports.checkpoint_check import check_checkpoints
from bot.exports.derived_check import derived_html
from bot.exports.document_check import check_document
from bot.text.witness import MILESTONES


@dataclass(frozen=True)
class BundleReport:
    """What a check found: `problem` is None when everything matches."""

    problem: str | None
    case_id: str = ""
    entries: int = 0
    redacted: int = 0
    files: int = 0
    last_hash: str = ""
    signed_by: str = ""  # the fingerprint of the key that signed the manifest, if any
    # (seq, kind, hash) of each visible milestone entry: the fingerprints posted in the thread
    milestones: tuple[tuple[int, str, str], ...] = ()
    checkpoints: int = 0  # signed checkpoints, all verified
    covered: str = ""  # what the last one covers, as printed ("" without checkpoints.json)

    @property
    def ok(self) -> bool:
        return self.problem is None


def _check_manifest(raw: bytes) -> dict[str, Any] | BundleReport:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return BundleReport(f"{MANIFEST}: not UTF-8 text")
    except (json.JSONDecodeError, RecursionError):
        return BundleReport(f"{MANIFEST}: not valid JSON")
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        return BundleReport(f"{MANIFEST}: not a manifest of schema {MANIFEST_SCHEMA}")
    try:
        layout = manifest_bytes(manifest)
        own_hash = manifest_hash(manifest)
    except (ValueError, TypeError):  # text no encoder writes back (a lone surrogate)
        return BundleReport(f"{MANIFEST}: not in its exact layout (changed after export?)")
    if layout != raw:
        return BundleReport(f"{MANIFEST}: not in its exact layout (changed after export?)")
    if manifest.get("manifest_sha256") != own_hash:
        return BundleReport(f"{MANIFEST}: hash mismatch (its own manifest_sha256)")
    files = manifest.get("files")
    if not isinstance(files, dict):
        return BundleReport(f"{MANIFEST}: no list of files")
    for name, listed in sorted(files.items()):
        if not isinstance(listed, dict) or not isinstance(listed.get("sha256"), str) \
                or type(listed.get("size")) is not int:
            return BundleReport(f"{MANIFEST}: the entry for {name} is not a hash and a size")
    return manifest


def check_bundle(source: str | IO[bytes], trusted: str | None = None) -> BundleReport:
    """Check a bundle (a path or an open binary file) with nothing but its own bytes and,
    given `trusted` (the deployment's public key or its fingerprint), that key's signature.

    Never raises: whatever the bytes, the answer is a report, and a failing one names the
    member and what is wrong with it."""
    try:
        return _check_bundle(source, trusted)
    except Exception as error:  # a last guard: a damaged bundle must never end in a traceback
        return BundleReport(f"bundle: could not be read ({type(error).__name__}: {error})")


def _check_bundle(source: str | IO[bytes], trusted: str | None) -> BundleReport:
    try:
        members = read_members(source, frozenset({MANIFEST, "history.json", CHECKPOINTS}),
                               keep_images=True)
    except ZipProblem as problem:
        return BundleReport(str(problem))
    manifest_member = members.get(MANIFEST)
    if manifest_member is None or manifest_member.data is None:
        return BundleReport(f"{MANIFEST}: missing")
    manifest = _check_manifest(manifest_member.data)
    if isinstance(manifest, BundleReport):
        return manifest
    unsigned, signed_by = signature_problem(manifest, trusted)
    if unsigned is not None:
        return BundleReport(unsigned)
    listed: dict[str, Any] = manifest["files"]
    for name, expected in sorted(listed.items()):
        if name not in members:
            return BundleReport(f"{name}: listed in the manifest but missing from the ZIP")
        member = members[name]
        if member.sha256 != expected["sha256"]:
            return BundleReport(f"{name}: hash mismatch")
        if member.size != expected["size"]:
            return BundleReport(f"{name}: size mismatch")
    for name in sorted(members):
        if name != MANIFEST and name not in listed:
            return BundleReport(f"{name}: not listed in the manifest")
    for name in HISTORY_FILES:
        if name not in members:
            return BundleReport(f"{name}: missing")
    return replace(_check_history(manifest, members, trusted), signed_by=signed_by)


def _check_history(manifest: dict[str, Any], members: dict[str, Member],
                   trusted: str | None) -> BundleReport:
    raw = members["history.json"].data or b""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return BundleReport("history.json: not UTF-8 text")
    except (json.JSONDecodeError, RecursionError):
        return BundleReport("history.json: not valid JSON")
    problem = check_document(doc)
    if problem is not None:
        return BundleReport(f"history.json: {problem}")
    chain = doc["chain"]
    if manifest.get("chain") != {"length": chain["length"], "last_hash": chain["last_hash"]} \
            or manifest.get("case") != doc["case"]["id"]:
        return BundleReport(f"{MANIFEST}: case or chain end differs from history.json")
    wanted = {*HISTORY_FILES, CHECKPOINTS}
    for item in doc["evidence"]:
        name = item["file"]
        if name is None:  # erased (`check_document` derived it so from the entries)
            continue
        wanted.add(name)
        if name not in members:
            return BundleReport(f"{name}: evidence of entry {item['seq']} is not in the bundle")
        if members[name].sha256 != item["sha256"]:
            return BundleReport(f"{name}: hash mismatch with the journal's evidence entry")
    for name in sorted(members):
        if name != MANIFEST and name not in wanted:
            return BundleReport(f"{name}: not part of this history")
    problem = derived_html(manifest, doc, members)
    if problem is not None:
        return BundleReport(problem)
    signed: tuple[Any, ...] = ()
    if CHECKPOINTS in members:  # bundles made before checkpoints have none
        problem, signed = check_checkpoints(members[CHECKPOINTS].data or b"", doc, trusted)
        if problem is not None:
            return BundleReport(problem)
    milestones = tuple((e["seq"], e["kind"], e["hash"]) for e in doc["entries"]
                       if not e.get("redacted") and e["kind"] in MILESTONES)
    return BundleReport(None, doc["case"]["id"], chain["length"], chain["redacted"],
                        len(members), chain["last_hash"], milestones=milestones,
                        checkpoints=len(signed),
                        covered=covered(signed, chain["length"]) if CHECKPOINTS in members
                        else "")
