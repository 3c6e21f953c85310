"""The readable history checked against the JSON it was rendered from: an edit to the HTML
alone is named even when the manifest was rebuilt to match; bundles rendered in another time
zone, and bundles made before the manifest named its zone, still verify."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from bot.domain.identity import Role
from bot.exports import check_bundle, render
from bot.exports.bundle import MANIFEST, manifest_bytes, manifest_hash
from tests.domain.session import ANA, T0
from tests.exports.bundles import make_bundle
from tests.exports.damage import resealed
from tests.exports.story import evidence_reader, story


def check(bundle: bytes) -> str | None:
    return check_bundle(io.BytesIO(bundle)).problem


def test_an_edit_to_the_html_alone_is_named_though_the_manifest_matches() -> None:
    bundle = make_bundle("brand")

    def edited(name: str, data: bytes) -> bytes:
        return data.replace(b"10 March", b"3 March") if name == "history.html" else data

    forged = resealed(bundle, edited)
    assert forged != bundle
    assert check(forged) == ("history.html: not the rendering of history.json (its text was "
                             "changed after the export)")


def test_a_bundle_rendered_in_the_viewer_s_zone_verifies() -> None:
    s = story()
    bundle = render("bundle", s.state, s.journal, ANA, Role.CLAIMANT, T0, evidence_reader,
                    zone="Europe/Paris").content
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert json.loads(archive.read(MANIFEST))["zone"] == "Europe/Paris"
    assert check(bundle) is None


def test_a_bundle_made_before_the_manifest_named_its_zone_still_verifies() -> None:
    bundle = make_bundle("brand")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    del manifest["zone"]
    manifest.pop("manifest_sha256")
    manifest["manifest_sha256"] = manifest_hash(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, manifest_bytes(manifest) if info.filename == MANIFEST
                            else data)
    assert check(out.getvalue()) is None


def test_an_unknown_zone_in_the_manifest_is_named() -> None:
    bundle = make_bundle("brand")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest["zone"] = "Mars/Olympus"
    manifest.pop("manifest_sha256")
    manifest["manifest_sha256"] = manifest_hash(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, manifest_bytes(manifest) if info.filename == MANIFEST
                            else source.read(info))
    assert check(out.getvalue()) == "manifest.json: 'Mars/Olympus' is not a time zone"
