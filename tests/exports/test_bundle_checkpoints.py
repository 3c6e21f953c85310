"""Signed checkpoints in a bundle: `checkpoints.json` verified offline against the chain and
the key; each way a checkpoint can be wrong is refused naming it, and hostile bytes in the
member are one line, never a traceback. The manifest is re-signed by the deployment's own key
around each change, so that the checkpoints alone are what is wrong."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from adapters.verify_command import verify_bundle
from bot.checkpoints import Checkpointing, sign
from bot.domain.identity import Role
from bot.exports import check_bundle, render
from bot.exports.bundle import CHECKPOINTS, MANIFEST, manifest_bytes, manifest_hash
from bot.exports.bundle_signature import signature_of
from bot.signatures import fingerprint
from storage.signing_keys import KeyRing, load_keys
from tests.domain.session import ANA, T0
from tests.exports.bundles import flip_byte, rewritten
from tests.exports.damage import resealed
from tests.exports.story import evidence_reader, story


def ring(seed: int) -> KeyRing:
    return load_keys({"SIGNING_KEY": base64.b64encode(bytes([seed]) * 32).decode()})[0]


KEYS, OTHER = ring(7), ring(8)
TRUSTED = fingerprint(KEYS.public_key)
S = story()
MADE = Checkpointing(KEYS, every=5).made(S.journal, T0)


def bundle(checkpoints: list[Any] | None = MADE) -> bytes:
    return render("bundle", S.state, S.journal, ANA, Role.CLAIMANT, T0, evidence_reader,
                  signer=KEYS, checkpoints=checkpoints).content


SIGNED = bundle()


def resigned(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest.pop("manifest_sha256")
    manifest.pop("signature")
    manifest["signature"] = signature_of(manifest, KEYS)
    manifest["manifest_sha256"] = manifest_hash(manifest)
    return rewritten(data, lambda n, d: manifest_bytes(manifest) if n == MANIFEST else d)


def with_member(raw: bytes) -> bytes:
    return resigned(resealed(SIGNED, lambda n, d: raw if n == CHECKPOINTS else d))


def with_checkpoints(edit: Callable[[dict[str, Any]], Any]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(SIGNED)) as archive:
        document = json.loads(archive.read(CHECKPOINTS))
    edit(document)
    return with_member(json.dumps(document).encode())


def problem(data: bytes, trusted: str | None = TRUSTED) -> str | None:
    return check_bundle(io.BytesIO(data), trusted).problem


def test_a_signed_bundle_carries_and_verifies_its_checkpoints(
        capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    length = len(S.journal)
    report = check_bundle(io.BytesIO(SIGNED), TRUSTED)
    assert report.ok, report.problem
    assert report.checkpoints == len(MADE) and MADE[-1].seq == length  # both signed the end
    assert report.covered == (f"The last signed checkpoint covers entries 1–{length} (signed "
                              f"{MADE[-1].at} by key {TRUSTED}); no entry comes after it.")
    earlier = bundle(MADE[:-2])
    seq = MADE[-3].seq
    assert check_bundle(io.BytesIO(earlier)).covered.endswith(
        f"entries {seq + 1}–{length} come after it.")
    path = tmp_path / "b.zip"
    path.write_bytes(SIGNED)
    assert verify_bundle(str(path), TRUSTED) == 0
    assert f"{len(MADE)} signed checkpoint(s) verified against the key given. " \
           f"The last signed checkpoint covers entries 1–{length}" in capsys.readouterr().out


def test_bundles_with_no_checkpoints_or_without_the_member_verify() -> None:
    assert check_bundle(io.BytesIO(bundle([]))).covered.startswith("No signed checkpoint")
    old = bundle(None)  # made before checkpoints
    with zipfile.ZipFile(io.BytesIO(old)) as archive:
        assert CHECKPOINTS not in archive.namelist()
    report = check_bundle(io.BytesIO(old), TRUSTED)
    assert report.ok and report.covered == "" and report.checkpoints == 0


def test_only_checkpoints_up_to_the_exported_end_are_carried() -> None:
    beyond = sign(KEYS, S.journal[-1], T0)
    late = type(beyond)(beyond.case_id, len(S.journal) + 1, beyond.hash, beyond.at,
                        beyond.key_id, beyond.public_key, beyond.signature)
    assert check_bundle(io.BytesIO(bundle([*MADE, late]))).checkpoints == len(MADE)


def _flip_signature(document: dict[str, Any]) -> None:
    item = document["checkpoints"][1]
    raw = base64.b64decode(item["signature"])
    item["signature"] = base64.b64encode(flip_byte(raw, 10)).decode()


def _other_hash(document: dict[str, Any]) -> None:
    document["checkpoints"][1]["hash"] = S.journal[0].hash


def _out_of_range(document: dict[str, Any]) -> None:
    document["checkpoints"][-1]["seq"] = len(S.journal) + 5


def _other_key(document: dict[str, Any]) -> None:
    document["checkpoints"][0] = sign(OTHER, S.journal[MADE[0].seq - 1], T0).to_json()


def _other_time(document: dict[str, Any]) -> None:
    document["checkpoints"][2]["at"] = "2030-01-01T00:00:00.000000Z"


TAMPERED = {
    "a signature byte flipped": (_flip_signature, "checkpoint 2 (entry {1}): the signature "
                                                  "does not match"),
    "another entry's hash": (_other_hash, "checkpoint 2 (entry {1}): its hash is not entry "
                                          "{1}'s"),
    "a seq beyond the chain": (_out_of_range, "checkpoint {n} (entry {x}): for entry {x}, which "
                                              "is not in the chain (1–{len})"),
    "signed by another key": (_other_key, "checkpoint 1 (entry {0}): signed by key {other}, not "
                                          "by the key given"),
    "its time changed": (_other_time, "checkpoint 3 (entry {2}): the signature does not match"),
}


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_a_tampered_checkpoint_is_refused_naming_it(name: str) -> None:
    edit, said = TAMPERED[name]
    length = len(S.journal)
    expected = said.format(*[c.seq for c in MADE], n=len(MADE), x=length + 5, len=length,
                           other=fingerprint(OTHER.public_key))
    assert problem(with_checkpoints(edit)) == f"{CHECKPOINTS}: {expected}"


def test_without_a_key_a_checkpoint_of_another_key_verifies_and_is_named() -> None:
    data = with_checkpoints(_other_key)
    assert problem(data, None) is None
    assert problem(data) is not None  # but not against the deployment's key
    moved = with_checkpoints(lambda d: d["checkpoints"].append(
        sign(OTHER, S.journal[-1], T0).to_json() | {"seq": len(S.journal)}))
    assert "not after the checkpoint before it" in (problem(moved, None) or "")


HOSTILE: dict[str, bytes] = {
    "not JSON": b"{\"schema\": ",
    "not UTF-8": b"\xff\xfe{}",
    "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    "a list": b"[]",
    "checkpoints not a list": json.dumps({"schema": "mediation-bot/checkpoints/1",
                                          "case": S.state.id, "checkpoints": {}}).encode(),
    "another case": json.dumps({"schema": "mediation-bot/checkpoints/1", "case": "MB-OTHER",
                                "checkpoints": []}).encode(),
    "an extra field": json.dumps({"schema": "mediation-bot/checkpoints/1", "case": S.state.id,
                                  "checkpoints": [], "note": 1}).encode(),
    "more checkpoints than entries": json.dumps({
        "schema": "mediation-bot/checkpoints/1", "case": S.state.id,
        "checkpoints": [MADE[0].to_json()] * (len(S.journal) + 1)}).encode(),
}
FIELD_TYPES: dict[str, Any] = {"seq as text": ("seq", "1"), "seq as true": ("seq", True),
                               "seq as 1.0": ("seq", 1.0), "hash as a number": ("hash", 5),
                               "key as null": ("key", None),
                               "a time with a line break": ("at", "2026-11-21\nOK: forged"),
                               "public key short": (
                                   "public_key", "AAAA"), "signature a list": ("signature", [])}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_checkpoints_json_is_one_line_naming_the_member(
        name: str, tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    data = with_member(HOSTILE[name])
    said = problem(data)
    assert said is not None and said.startswith(f"{CHECKPOINTS}: "), said
    path = tmp_path / "b.zip"
    path.write_bytes(data)
    assert verify_bundle(str(path), TRUSTED) == 1
    assert capsys.readouterr().out == f"MISMATCH {said}\n"


@pytest.mark.parametrize("name", sorted(FIELD_TYPES))
def test_a_checkpoint_field_of_the_wrong_type_is_refused(name: str) -> None:
    field, value = FIELD_TYPES[name]

    def edit(document: dict[str, Any]) -> None:
        document["checkpoints"][0][field] = value
    said = problem(with_checkpoints(edit)) or ""
    assert said.startswith(f"{CHECKPOINTS}: checkpoint 1"), said


def test_a_checkpoint_not_an_object_or_missing_a_field_is_refused() -> None:
    assert problem(with_checkpoints(lambda d: d["checkpoints"].insert(0, 3))) == (
        f"{CHECKPOINTS}: checkpoint 1: not a checkpoint (its fields are at, case, hash, key, "
        "public_key, seq, signature)")
    assert (problem(with_checkpoints(lambda d: d["checkpoints"][0].pop("at"))) or "").startswith(
        f"{CHECKPOINTS}: checkpoint 1 (entry {MADE[0].seq}): not a checkpoint")
