"""`python verify_bundle.py BUNDLE.zip`: a mediation-bot bundle checked with Python's standard
library from docs/journal.md, exports.md and erasure.md alone: the ZIP, the manifest (layout,
own hash, each file's hash and size), history.json's chain (links, hashes, erasures), that both
end the same chain, each evidence file; not summaries nor signatures (checkpoints.json: bytes
only), as `mediator verify` does. Prints `OK …` or the first failure; exit 0 or 1."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import sys
import zipfile
import zlib
from typing import Any

GENESIS, MANIFEST = "0" * 64, "manifest.json"
MANIFEST_SCHEMA = "mediation-bot/bundle/1"
HISTORY_SCHEMA = "mediation-bot/history/2"
HISTORIES, CHECKPOINTS = ("history.json", "history.html", "history.pdf"), "checkpoints.json"
MIB = 1024 * 1024
JSON_LIMIT, FILE_LIMIT, MEMBER_LIMIT = 64 * MIB, 256 * MIB, 100_000
HEX64 = re.compile(r"[0-9a-f]{64}")
VISIBLE_FIELDS = {"seq", "at", "kind", "actor", "visibility", "payload", "payload_json",
                  "source", "prev_hash", "hash"}
STUB_FIELDS = {"seq", "redacted", "prev_hash", "hash"}  # a version 1 entry's stub
STUB_V2_FIELDS = STUB_FIELDS | {"at", "kind", "actor", "visibility", "source", "content_hash"}
RECORDS = {"content_erased", "legal_hold_placed", "legal_hold_lifted", "retention_set"}
KEPT = {"acts", "amended", "answer", "answers", "as", "as_of", "by", "category", "cause",
        "community_id", "currency", "day", "deadline", "decisions", "due_at", "evidence_due",
        "expires_at", "format", "format_version", "index", "key", "kind", "late", "media_type",
        "next", "number", "parser_version", "phase", "platform", "proposal", "rank", "ref",
        "replaces", "response_due", "review_by", "room", "round", "rounds", "scope", "sha256",
        "side", "size", "split", "statements_due", "text_hash", "to", "tolerance", "user_id",
        "verdict", "version"}  # erasure keeps
EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp":
              ".webp", "application/pdf": ".pdf", "video/mp4": ".mp4", "text/plain": ".txt",
              "text/csv": ".csv", "application/json": ".json"}


class Failure(Exception):
    """The first thing that does not hold, as printed."""


def canon(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_zip(path: str) -> tuple[dict[str, tuple[str, int]], dict[str, bytes]]:
    digests: dict[str, tuple[str, int]] = {}
    texts: dict[str, bytes] = {}  # the JSON members
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MEMBER_LIMIT:
                raise Failure(f"bundle: more than {MEMBER_LIMIT} members")
            for info in infos:
                name = info.filename
                if name in digests:
                    raise Failure(f"{name}: appears twice in the ZIP")
                if name.startswith("/") or "\\" in name or {"..", ""} & set(name.split("/")):
                    raise Failure(f"{name}: not a plain relative path")
                digests[name] = ("", 0)
            exact_layout(archive, infos)
            for info in infos:
                name = info.filename
                limit = JSON_LIMIT if name in (MANIFEST, "history.json") else FILE_LIMIT
                if info.file_size > limit:
                    raise Failure(f"{name}: declares {info.file_size} bytes, over the limit")
                digest, size, kept = hashlib.sha256(), 0, []
                try:
                    with archive.open(info) as member:
                        while chunk := member.read(MIB):
                            size += len(chunk)
                            if size > limit:
                                raise Failure(f"{name}: larger than the limit")
                            digest.update(chunk)
                            kept.append(chunk)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error,
                        NotImplementedError, RuntimeError) as error:
                    raise Failure(f"{name}: damaged in the ZIP ({error})") from None
                digests[name] = (digest.hexdigest(), size)
                if limit == JSON_LIMIT:
                    texts[name] = b"".join(kept)
    except Exception as error:
        raise error if isinstance(error, Failure) else Failure(
            f"not a readable ZIP file ({error})") from None
    return digests, texts


def exact_layout(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Records back to back from byte 0, the directory right after, nothing after it."""
    stream, offset = archive.fp, 0
    assert stream is not None
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != offset or info.flag_bits & 0x08:
            raise Failure(f"{info.filename}: not laid out as a bundle is")
        stream.seek(offset)
        if len(header := stream.read(30)) != 30 or header[:4] != b"PK\x03\x04":
            raise Failure(f"{info.filename}: not laid out as a bundle is")
        offset += 30 + sum(struct.unpack("<HH", header[26:30])) + info.compress_size
    stream.seek(-22, 2)  # the end-of-directory record, with no comment, ends the file
    if offset != archive.start_dir or archive.comment or stream.read(4) != b"PK\x05\x06":
        raise Failure("bundle: bytes hidden in the ZIP outside its members")


def parse(name: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        text = "UTF-8 text" if isinstance(error, UnicodeDecodeError) else "valid JSON"
        raise Failure(f"{name}: not {text}") from None


def check_manifest(raw: bytes, digests: dict[str, tuple[str, int]]) -> dict[str, Any]:
    manifest = parse(MANIFEST, raw)
    if not isinstance(manifest, dict) or manifest.get("schema") != MANIFEST_SCHEMA:
        raise Failure(f"{MANIFEST}: not a manifest of schema {MANIFEST_SCHEMA}")
    if (json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode() != raw:
        raise Failure(f"{MANIFEST}: not in its exact layout")
    if manifest.pop("manifest_sha256", None) != sha256(canon(manifest)):
        raise Failure(f"{MANIFEST}: its own manifest_sha256 does not match")
    if not isinstance(files := manifest.get("files"), dict):
        raise Failure(f"{MANIFEST}: no files")
    for name in sorted(files):
        if name not in digests:
            raise Failure(f"{name}: listed in the manifest but missing from the ZIP")
        if not isinstance(files[name], dict) or \
                [files[name].get("sha256"), files[name].get("size")] != list(digests[name]):
            raise Failure(f"{name}: hash or size differs from the manifest")
    for name in sorted(set(digests) - {MANIFEST} - set(files)):
        raise Failure(f"{name}: not listed in the manifest")
    for name in [n for n in HISTORIES if n not in digests]:
        raise Failure(f"{name}: missing")
    return manifest


def entry_hash(case_id: str, e: dict[str, Any]) -> str:
    """A visible entry's hash: version 2 with a `content_hash`, else its `v`, else 1."""
    version = 2 if "content_hash" in e else e.get("v", 1)
    if version not in (1, 2) or type(version) is not int:
        raise Failure(f"hash format v={version!r} is not known")
    wanted = VISIBLE_FIELDS | ({"salt", "content_hash"} if version == 2 else set())
    if set(e) - {"v"} != wanted:
        raise Failure("fields are not exactly those of a visible entry")
    actor = e["actor"]
    texts = [e[k] for k in wanted - {"seq", "actor", "payload", "source", "salt"}]
    if not isinstance(actor, dict) or set(actor) != {"id", "name", "role"} \
            or not all(isinstance(t, str) for t in [*texts, *actor.values()]) \
            or not (e["source"] is None or isinstance(e["source"], str)) \
            or not (version == 1 or e["salt"] is None or (  # None: erased content
                isinstance(e["salt"], str) and re.fullmatch(r"[0-9a-f]{32}", e["salt"]))):
        raise Failure("a field is not of its type")
    if not isinstance(parse("payload_json", e["payload_json"].encode()), dict):
        raise Failure("payload_json is not an object")
    try:
        if canon(e["payload"]) != e["payload_json"].encode("utf-8"):  # stored text is canonical
            raise Failure("payload differs from payload_json")
        if version == 1:
            return sha256(canon({"v": 1, "case": case_id, "seq": e["seq"], "at": e["at"],
                                 "kind": e["kind"], "actor": actor, "source": e["source"],
                                 "visibility": e["visibility"], "payload": e["payload_json"],
                                 "prev": e["prev_hash"]}))
        if e["salt"] is not None and sha256(canon({"actor_name": actor["name"], "payload":
                                                   e["payload_json"], "salt": e["salt"]})) \
                != e["content_hash"]:
            raise Failure("content does not match its commitment")
        return v2_hash(case_id, e, {"id": actor["id"], "role": actor["role"]})
    except (ValueError, RecursionError):
        raise Failure("text that is not valid Unicode") from None


def stub_hash(case_id: str, e: dict[str, Any]) -> str:
    """The hash of a version 2 stub, from the fields it carries (docs/exports.md)."""
    actor = e["actor"]
    if not isinstance(actor, dict) or set(actor) != {"id", "role"} or not all(
            isinstance(v, str) for v in [*actor.values(), *(e[k] for k in (
                "at", "kind", "visibility", "content_hash"))]) \
            or not (e["source"] is None or isinstance(e["source"], str)):
        raise Failure("a stub's field is not of its type")
    return v2_hash(case_id, e, actor)  # text that is not Unicode: check_chain names it


def v2_hash(case_id: str, e: dict[str, Any], actor: dict[str, str]) -> str:
    """Version 2: place, kind, actor (id and role), visibility, source, commitment, link."""
    return sha256(canon({"v": 2, "case": case_id, "seq": e["seq"], "at": e["at"],
                         "kind": e["kind"], "actor": actor, "visibility": e["visibility"],
                         "content": e["content_hash"], "source": e["source"],
                         "prev": e["prev_hash"]}))


def blank(v: Any, key: str = "", kept: set[str] = KEPT) -> Any:
    """What erasure leaves of a value (docs/erasure.md): text "", numbers null, structure."""
    keep = key in kept and (key != "proposal" or type(v) is int)  # a number, not words
    if keep or isinstance(v, bool) or v is None:
        return v
    if isinstance(v, dict):
        return {k: blank(x, k) for k, x in v.items()}
    return [blank(x) for x in v] if isinstance(v, list) else "" if isinstance(v, str) else None


def check_chain(doc: Any) -> tuple[int, int, str, list[dict[str, Any]]]:
    """(length, stubs, last hash, visible entries) of a history that holds."""
    if not isinstance(doc, dict) or doc.get("schema") != HISTORY_SCHEMA \
            or not isinstance(doc.get("case"), dict) or not isinstance(doc.get("chain"), dict) \
            or not isinstance(doc.get("view"), dict) or not isinstance(doc.get("entries"), list) \
            or not isinstance(doc["case"].get("id"), str):
        raise Failure(f"not a history of schema {HISTORY_SCHEMA}")
    prev, stubs, visible, since_v2, erased = GENESIS, 0, [], False, {}
    for number, e in enumerate(doc["entries"], start=1):
        try:
            if not isinstance(e, dict) or type(e.get("seq")) is not int or e["seq"] != number:
                raise Failure("not the entry numbered so")
            if e.get("prev_hash") != prev:
                raise Failure("prev_hash is not the previous entry's hash")
            if not isinstance(e.get("hash"), str) or not HEX64.fullmatch(e["hash"]):
                raise Failure("hash is not 64 hex digits")
            if (version := 2 if "content_hash" in e else 1) == 1 and since_v2:
                raise Failure("version 1 after version 2 entries")
            since_v2 = version == 2
            if "redacted" in e:
                if set(e) not in (STUB_FIELDS, STUB_V2_FIELDS) or e["redacted"] is not True:
                    raise Failure("a stub carries other fields than a stub's")
                if version == 2 and stub_hash(doc["case"]["id"], e) != e["hash"]:
                    raise Failure("the stub's hash does not recompute")
                stubs += 1
            else:
                if entry_hash(doc["case"]["id"], e) != e["hash"]:
                    raise Failure("hash does not recompute")
                if version == 2 and e["salt"] is None:  # erased content, by the entry named
                    erased[number] = ((e["payload"].get("erased") or {}).get("entry"), e)
                visible.append(e)
        except (Failure, ValueError) as failure:  # ValueError: a lone surrogate in a stub
            raise Failure(f"history.json: entry {number}: {failure}") from None
        prev = e["hash"]
    seen = {e["seq"]: e for e in visible}
    for seq, (by, e) in erased.items():  # each names a later `content_erased` listing it
        b = seen.get(by, {}) if type(by) is int and by > seq else {}
        p = b["payload"] if b.get("kind") == "content_erased" and b.get("salt") else {}
        listed = p.get("entries") if isinstance(p.get("entries"), list) else []
        if not (type(p.get("through")) is int and seq <= p["through"]) and seq not in [
                n for n in listed if type(n) is int]:
            raise Failure(f"history.json: entry {seq}: content missing, no erasure lists it")
        left = {k: blank(v, k, KEPT | ({"reason"} if e["kind"] == "case_closed" else set()))
                for k, v in e["payload"].items()}
        left["erased"] = {"at": b["at"], "reason": p.get("reason"), "entry": by}  # its note
        if e["kind"] in RECORDS or e["actor"]["name"] or canon(left) != canon(e["payload"]):
            raise Failure(f"history.json: entry {seq}: erased, yet more than its remains")
    chain, length = doc["chain"], len(doc["entries"])
    wanted = {"genesis": GENESIS, "length": length, "last_hash": prev, "redacted": stubs}
    if any(type(chain.get(k)) is not type(v) or chain.get(k) != v for k, v in wanted.items()):
        raise Failure("history.json: chain does not match the entries")
    if doc["view"].get("kind") == "full" and stubs:
        raise Failure("history.json: a full export with stubs")
    return length, stubs, prev, visible


def check(path: str) -> str:
    """The OK line; raises Failure with the first failure."""
    digests, texts = read_zip(path)
    if MANIFEST not in texts:
        raise Failure(f"{MANIFEST}: missing")
    manifest = check_manifest(texts[MANIFEST], digests)
    doc = parse("history.json", texts["history.json"])
    length, stubs, last, visible = check_chain(doc)
    case_id, end = doc["case"]["id"], {"length": length, "last_hash": last}
    if (manifest.get("case"), manifest.get("chain")) != (case_id, end):
        raise Failure(f"{MANIFEST}: case or chain end differs from history.json")
    wanted = {MANIFEST, *HISTORIES, CHECKPOINTS}
    for e in visible:
        if e["kind"] == "evidence_added" and e.get("salt", "") is not None:
            recorded, media = e["payload"].get("sha256"), e["payload"].get("media_type")
            wanted.add(name := f"evidence/{recorded}{EXTENSIONS.get(media, '.bin')}")
            if digests.get(name, ("", 0))[0] != recorded:
                raise Failure(f"{name}: missing, or not the file entry {e['seq']} recorded")
    for name in sorted(set(digests) - wanted):
        raise Failure(f"{name}: not part of this history")
    return (f"OK: {case_id}: {length} chained entries ({stubs} redacted), "
            f"{len(digests)} files; the chain ends at {last}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        return print("usage: verify_bundle.py BUNDLE.zip", file=sys.stderr) or 2
    try:
        return print(check(argv[1])) or 0
    except Failure as failure:
        print(f"FAILED {failure}")
    except Exception as error:  # whatever the bytes: a line, never a traceback
        print(f"FAILED bundle: could not be checked ({type(error).__name__}: {error})")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
