"""Damaged and hostile bundles, each made from a real one, with the line `check_bundle` must
answer with (its start). Shared by the bundle tests and the independent verifier's tests.

Some damage is to the ZIP's own bytes (a deflated stream, a CRC, a declared size); some is to
a member's content *with the manifest made again to match*, so the check reaches the history
itself; the deepest rewrites an entry and re-hashes the chain after it, so only the entry's
shape is wrong.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from bot.domain.entry_hash import canonical_json
from bot.exports.bundle import MANIFEST, manifest_bytes, manifest_hash
from tests.exports.bundles import rewritten

Damage = Callable[[bytes], bytes]


def resealed(bundle: bytes, change: Callable[[str, bytes], bytes | None],
             extra_listed: dict[str, Any] | None = None) -> bytes:
    """The bundle with members changed and a manifest that matches them again."""
    changed: dict[str, bytes] = {}

    def keep(name: str, data: bytes) -> bytes | None:
        if name == MANIFEST:
            return data
        new = change(name, data)
        if new is not None:
            changed[name] = new
        return new

    first = rewritten(bundle, keep)
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest["files"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                         for name, data in changed.items()} | (extra_listed or {})
    manifest.pop("manifest_sha256")
    manifest["manifest_sha256"] = manifest_hash(manifest)
    return rewritten(first, lambda n, d: manifest_bytes(manifest) if n == MANIFEST else d)


def with_history(bundle: bytes, edit: Callable[[dict[str, Any]], Any]) -> bytes:
    """The bundle with history.json edited (as data) and the manifest made to match."""
    def change(name: str, data: bytes) -> bytes:
        if name != "history.json":
            return data
        doc = json.loads(data)
        edit(doc)
        return json.dumps(doc, ensure_ascii=False, indent=1).encode()
    return resealed(bundle, change)


def rechained(doc: dict[str, Any], index: int, edit: Callable[[dict[str, Any]], None]) -> None:
    """Edit entry `index` (visible) and hash it and every later one again, as a forger would."""
    edit(doc["entries"][index])
    prev = doc["entries"][index]["prev_hash"]
    for item in doc["entries"][index:]:
        item["prev_hash"] = prev
        if not item.get("redacted"):
            fields = {"v": 1, "case": doc["case"]["id"], "seq": item["seq"], "at": item["at"],
                      "kind": item["kind"], "actor": item["actor"],
                      "visibility": item["visibility"], "payload": item["payload_json"],
                      "source": item["source"], "prev": prev}
            item["hash"] = hashlib.sha256(canonical_json(fields).encode()).hexdigest()
        prev = item["hash"]
    doc["chain"]["last_hash"] = prev


def _central(bundle: bytes, name: str) -> int:
    """Where a member's central-directory record starts."""
    at = bundle.find(b"PK\x01\x02")
    while at >= 0:
        size = struct.unpack_from("<H", bundle, at + 28)[0]
        if bundle[at + 46:at + 46 + size] == name.encode():
            return at
        at = bundle.find(b"PK\x01\x02", at + 4)
    raise LookupError(name)


def _data_start(bundle: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        info = archive.getinfo(name)
    return info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)


def deflate_broken(bundle: bytes) -> bytes:
    """history.json's deflated stream starts with an invalid block type: zlib refuses it."""
    at = _data_start(bundle, "history.json")
    return bundle[:at] + b"\xff" + bundle[at + 1:]


def crc_broken(bundle: bytes) -> bytes:
    """history.html's recorded CRC no longer matches its (intact) bytes."""
    at = _central(bundle, "history.html") + 16
    crc = struct.unpack_from("<I", bundle, at)[0] ^ 0x5A5A5A5A
    return bundle[:at] + struct.pack("<I", crc) + bundle[at + 4:]


def declares_huge(bundle: bytes) -> bytes:
    """history.pdf says it unpacks to 4 GiB (a zip bomb's calling card)."""
    at = _central(bundle, "history.pdf") + 24
    return bundle[:at] + struct.pack("<I", 0xFFFFFFFE) + bundle[at + 4:]


def with_member(bundle: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO(bundle)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name: that is the point
        with zipfile.ZipFile(out, "a") as archive:
            archive.writestr(name, data)
    return out.getvalue()


def _drop_field(doc: dict[str, Any], kind: str, field: str) -> None:
    item = next(i for i in doc["entries"] if i.get("kind") == kind)
    del item[field]


def _listed_payload(doc: dict[str, Any]) -> None:
    index = next(n for n, i in enumerate(doc["entries"]) if i.get("kind") == "message_posted")

    def edit(item: dict[str, Any]) -> None:
        item["payload_json"], item["payload"] = '["a list"]', ["a list"]
    rechained(doc, index, edit)


def _seq_as_text(doc: dict[str, Any]) -> None:
    doc["entries"][0]["seq"] = "1"


ABSENT = "evidence/" + "ab" * 32 + ".png"


def hidden_record(bundle: bytes) -> bytes:
    """A second `history.pdf` record slipped in before the directory (which a reader that
    walks records would take), the directory's offset moved to match."""
    end = bundle.rindex(b"PK\x05\x06")
    start = struct.unpack("<I", bundle[end + 16:end + 20])[0]
    forged = b"%PDF-1.4 FORGED: agreed fee EUR 9,400"
    name = b"history.pdf"
    record = (struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 0, 0, 0,
                          zlib.crc32(forged), len(forged), len(forged), len(name), 0)
              + name + forged)
    moved = bundle[:end + 16] + struct.pack("<I", start + len(record)) + bundle[end + 20:]
    return moved[:start] + record + moved[start:]


def _unsalted_edit(doc: dict[str, Any]) -> None:
    """A message's text changed and its salt dropped, as if erased: its commitment alone
    must not vouch for the new text."""
    item = next(e for e in doc["entries"] if e.get("kind") == "message_posted")
    item["payload_json"] = item["payload_json"].replace("10 March", "3 March")
    item["payload"] = json.loads(item["payload_json"])
    item["salt"] = None

# name → (damage, the start of the line check_bundle answers with)
DAMAGES: dict[str, tuple[Damage, str]] = {
    "deflate stream": (deflate_broken, "history.json: damaged in the ZIP"),
    "truncated zip": (lambda b: b[:len(b) // 2], "not a readable ZIP file"),
    "truncated end": (lambda b: b[:-10], "not a readable ZIP file"),
    "crc": (crc_broken, "history.html: damaged in the ZIP (Bad CRC-32"),
    "manifest not utf-8": (lambda b: rewritten(b, lambda n, d: b"\xff\xfe" + d
                                               if n == MANIFEST else d),
                           "manifest.json: not UTF-8 text"),
    "history not utf-8": (lambda b: resealed(b, lambda n, d: b"\xff" + d
                                             if n == "history.json" else d),
                          "history.json: not UTF-8 text"),
    "history not json": (lambda b: resealed(b, lambda n, d: d[:-40]
                                            if n == "history.json" else d),
                         "history.json: not valid JSON"),
    "history too deep": (lambda b: resealed(b, lambda n, d: b"[" * 100_000
                                            if n == "history.json" else d),
                         "history.json: not valid JSON"),
    "entry missing a field": (lambda b: with_history(
        b, lambda doc: _drop_field(doc, "message_posted", "at")),
        "history.json: entry 6: no field 'at'"),
    "seq as text": (lambda b: with_history(b, _seq_as_text),
                    "history.json: entry 1: seq is '1', not a whole number"),
    "payload not an object": (lambda b: with_history(b, _listed_payload),
                              "history.json: entry 6: payload_json is not a JSON object"),
    "salt dropped, message edited": (lambda b: with_history(b, _unsalted_edit),
                                     "history.json: entry 6: its content is missing, and no "
                                     "erasure is named for it"),
    "record hidden before the directory": (hidden_record, "bundle: bytes hidden between"),
    "bytes before the first member": (lambda b: b"MZ" + b"\x00" * 62 + b,
                                      "manifest.json: bytes hidden before it"),
    "bytes after the directory": (lambda b: b + b"trailing", "bundle: bytes after the ZIP"),
    "manifest names an absent file": (
        lambda b: resealed(b, lambda n, d: d, {ABSENT: {"sha256": "ab" * 32, "size": 3}}),
        f"{ABSENT}: listed in the manifest but missing from the ZIP"),
    "duplicate name": (lambda b: with_member(b, "history.html", b"<p>second</p>"),
                       "history.html: appears twice in the ZIP"),
    "declared huge": (declares_huge, "history.pdf: declares 4294967294 bytes"),
    "path out of the folder": (lambda b: with_member(b, "../x", b"escaped"),
                               "../x: not a name a bundle holds"),
    "absolute path": (lambda b: with_member(b, "/etc/x", b"escaped"),
                      "/etc/x: not a name a bundle holds"),
}


SPAN = 1 << 20  # positions are taken modulo the data's length, so any bundle is covered

# Random damage for property tests: a byte flipped, the end cut, a byte put in or bytes taken.
mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, SPAN - 1), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, SPAN - 1), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, SPAN), st.integers(0, 255)),
    st.tuples(st.just("delete"), st.integers(0, SPAN - 1), st.integers(1, 64)),
)


def mutated(data: bytes, steps: list[tuple[str, int, int]]) -> bytes:
    """`data` with each step of damage done in turn."""
    for how, position, value in steps:
        if not data:
            break
        at = position % (len(data) + (how == "insert"))
        if how == "flip":
            data = data[:at] + bytes([data[at] ^ value]) + data[at + 1:]
        elif how == "cut":
            data = data[:at]
        elif how == "insert":
            data = data[:at] + bytes([value]) + data[at:]
        elif how == "delete":
            data = data[:at] + data[at + value:]
    return data
