"""A forger's tools: hash a history's chain again after an edit, version 2 entries too."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from bot.domain.entry_hash import commitment, hashed_text_v2, sha256_hex


def rehash_from(doc: dict[str, Any], index: int) -> None:
    """Hash entry `index` and every later one again (their commitments too, where salted)."""
    case_id = doc["case"]["id"]
    prev = doc["entries"][index]["prev_hash"]
    for item in doc["entries"][index:]:
        item["prev_hash"] = prev
        if item.get("salt"):
            item["content_hash"] = commitment(item["salt"], item["actor"]["name"],
                                              item["payload_json"])
        actor = item["actor"]
        text = hashed_text_v2(case_id, item["seq"], item["at"], item["kind"], actor["id"],
                              actor["role"], item["visibility"], item["content_hash"],
                              item["source"], prev)
        item["hash"] = sha256_hex(text.encode())
        prev = item["hash"]
    doc["chain"]["last_hash"] = prev


def rederive(doc: dict[str, Any]) -> None:
    """The summary sections derived again from the (edited) entries, as the bot derives
    them."""
    from bot.domain.journal import GENESIS_HASH
    from bot.exports.entry_check import check_entry
    from bot.exports.ledger import sections

    visible, prev = [], GENESIS_HASH
    for number, item in enumerate(doc["entries"], start=1):
        checked = check_entry(doc["case"]["id"], item, number, prev)
        if checked.entry is not None:
            visible.append(checked.entry)
        prev = item["hash"]
    derived = sections(visible)
    phase = doc["case"].get("phase")
    doc.update({k: v for k, v in derived.items()})
    if phase is not None and doc["case"].get("phase") != phase:
        doc["case"]["phase"] = phase


def forged(bundle: bytes, edit: Callable[[dict[str, Any]], Any]) -> bytes:
    """The bundle with history.json edited, its sections derived and its HTML rendered again,
    and the manifest made to match (files and chain end): what a forger with the bot's own
    code makes."""
    from bot.exports.bundle import MANIFEST, manifest_bytes, manifest_hash
    from bot.exports.html_page import render_html
    from tests.exports.bundles import rewritten
    from tests.exports.damage import resealed

    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        doc = json.loads(archive.read("history.json"))
    edit(doc)
    rederive(doc)
    history = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    page = render_html(doc, None, None).encode()
    sealed = resealed(bundle, lambda name, data: {"history.json": history,
                                                  "history.html": page}.get(name, data))
    with zipfile.ZipFile(io.BytesIO(sealed)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest["chain"] = {"length": doc["chain"]["length"],
                         "last_hash": doc["chain"]["last_hash"]}
    manifest.pop("manifest_sha256")
    manifest["manifest_sha256"] = manifest_hash(manifest)
    return rewritten(sealed, lambda n, d: manifest_bytes(manifest) if n == MANIFEST else d)
