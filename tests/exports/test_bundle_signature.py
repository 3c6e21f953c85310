"""A signed bundle: the deployment's key signs its manifest, so a consistent forgery (content
edited, every hash recomputed, the manifest rebuilt) is refused for its signature, a bundle
signed by another key is refused against the key the parties know, and the untouched bundle
verifies with the public key alone."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from adapters.verify_command import verify_bundle
from bot.domain.identity import Role
from bot.exports import check_bundle, render
from bot.exports.bundle import MANIFEST, manifest_bytes, manifest_hash
from bot.exports.bundle_signature import signature_of
from storage.signing_keys import KeyRing, load_keys
from tests.domain.session import ANA, T0
from tests.exports.bundles import rewritten
from tests.exports.damage import with_history
from tests.exports.story import evidence_reader, story


def keys(folder: Path) -> KeyRing:
    return load_keys({"SIGNING_KEY_FILE": str(folder / "keys.json")})[0]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> KeyRing:
    return keys(tmp_path_factory.mktemp("deployment"))


@pytest.fixture(scope="module")
def signed(deployment: KeyRing) -> bytes:
    s = story()
    return render("bundle", s.state, s.journal, ANA, Role.CLAIMANT, T0, evidence_reader,
                  signer=deployment).content


def check(bundle: bytes, trusted: str | None = None) -> Any:
    return check_bundle(io.BytesIO(bundle), trusted)


def resigned(bundle: bytes, ring: KeyRing) -> bytes:
    """The bundle's manifest signed again by `ring`, as a forger with a key of their own."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest.pop("manifest_sha256")
    manifest.pop("signature", None)
    manifest["signature"] = signature_of(manifest, ring)
    manifest["manifest_sha256"] = manifest_hash(manifest)
    return rewritten(bundle, lambda n, d: manifest_bytes(manifest) if n == MANIFEST else d)


def test_the_untouched_bundle_verifies_with_the_public_key_alone(
        signed: bytes, deployment: KeyRing) -> None:
    public = base64.b64encode(deployment.public_key).decode()
    for given in (deployment.current.fingerprint, public, deployment.current.id, None):
        report = check(signed, given)
        assert report.ok, report.problem
        assert report.signed_by == deployment.current.fingerprint


def test_a_consistent_forgery_is_refused_for_its_signature(
        signed: bytes, deployment: KeyRing) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["exported_at"] = "2030-01-01T00:00:00.000000Z"
    forged = with_history(signed, edit)
    for given in (deployment.current.fingerprint, None):
        assert check(forged, given).problem == (
            "manifest.json: the signature does not match (changed after export, or rebuilt "
            "by someone else)")


def test_a_bundle_signed_by_another_key_is_refused_against_the_known_one(
        signed: bytes, deployment: KeyRing, tmp_path: Path) -> None:
    forger = keys(tmp_path)
    forged = resigned(with_history(signed, lambda doc: None), forger)
    problem = check(forged, deployment.current.fingerprint).problem
    assert problem == (f"manifest.json: signed by key {forger.current.fingerprint}, not by "
                       f"the key given ({deployment.current.fingerprint})")
    unchecked = check(forged)  # without the key, it holds, and says whose key signed it
    assert unchecked.ok and unchecked.signed_by == forger.current.fingerprint


def test_an_edit_to_the_html_alone_is_named(signed: bytes) -> None:
    edited = rewritten(signed, lambda n, d: d.replace(b"10 March", b"3 March")
                       if n == "history.html" else d)
    assert check(edited).problem == "history.html: hash mismatch"


def test_an_unsigned_bundle_cannot_be_checked_against_a_key(deployment: KeyRing) -> None:
    s = story()
    unsigned = render("bundle", s.state, s.journal, ANA, Role.CLAIMANT, T0,
                      evidence_reader).content
    assert check(unsigned).ok
    assert check(unsigned, deployment.current.fingerprint).problem == (
        "manifest.json: not signed, so it cannot be checked against your key")


def test_the_command_names_the_signing_key(signed: bytes, deployment: KeyRing, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(signed)
    assert verify_bundle(str(path), deployment.current.fingerprint) == 0
    assert f"Signed by key {deployment.current.fingerprint}" in capsys.readouterr().out
    assert verify_bundle(str(path), "0000 0000 0000 0000") == 1
    assert "not by the key given" in capsys.readouterr().out


def test_an_empty_key_is_refused_not_ignored(signed: bytes) -> None:
    assert check(signed, "  ").problem == (
        "manifest.json: an empty key was given to check it against")
