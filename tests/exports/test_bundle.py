"""The evidence bundle: what it holds, and `check_bundle` naming the first thing that changed."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from bot.exports import check_bundle
from tests.exports.bundles import flip_byte, make_bundle, members, rewritten
from tests.exports.story import SCREENSHOT, SCREENSHOT_SHA, story


@pytest.fixture(scope="module")
def bundle() -> bytes:
    return make_bundle("brand")


def check(data: bytes) -> str | None:
    return check_bundle(io.BytesIO(data)).problem


def test_a_fresh_bundle_holds_and_says_what_it_checked(bundle: bytes) -> None:
    report = check_bundle(io.BytesIO(bundle))
    assert report.ok, report.problem
    assert report.case_id == "MB-7K2Q9X" and report.entries == 26 and report.redacted > 0


def test_it_holds_the_three_histories_the_evidence_and_the_manifest(bundle: bytes) -> None:
    names = members(bundle)
    assert names[0] == "manifest.json"
    assert set(names) == {"manifest.json", "history.json", "history.html", "history.pdf",
                          f"evidence/{SCREENSHOT_SHA}.png"}
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        assert archive.read(f"evidence/{SCREENSHOT_SHA}.png") == SCREENSHOT
        manifest = json.loads(archive.read("manifest.json"))
        history = json.loads(archive.read("history.json"))
        for name in names[1:]:
            assert manifest["files"][name]["sha256"] == \
                hashlib.sha256(archive.read(name)).hexdigest()
    assert manifest["chain"]["last_hash"] == history["chain"]["last_hash"]
    assert manifest["history_schema"] == history["schema"]


def test_the_same_export_gives_the_same_bytes() -> None:
    journal = story()
    assert make_bundle("creator", s=journal) == make_bundle("creator", s=journal)


def test_changing_any_one_byte_of_any_member_names_that_member(bundle: bytes) -> None:
    """For every member, flip a byte at its start, middle and end: verify must fail there."""
    tried = 0
    for name in members(bundle):
        size = len(zipfile.ZipFile(io.BytesIO(bundle)).read(name))
        for index in sorted({0, size // 2, size - 1}):
            changed = rewritten(bundle, lambda n, d, name=name, index=index:
                                flip_byte(d, index) if n == name else d)
            problem = check(changed)
            assert problem is not None, f"a flipped byte {index} of {name} went unnoticed"
            assert problem.startswith(f"{name}: "), (name, index, problem)
            tried += 1
    assert tried >= 5 * 3 - 2


def test_a_damaged_zip_member_is_named(bundle: bytes) -> None:
    """A byte flipped in the raw ZIP (the CRC no longer matches) is caught by the ZIP check."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        info = archive.getinfo("history.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    problem = check(flip_byte(bundle, start + info.compress_size // 2))
    assert problem is not None and problem.startswith("history.json: ")


def test_a_missing_member_is_named(bundle: bytes) -> None:
    name = f"evidence/{SCREENSHOT_SHA}.png"
    problem = check(rewritten(bundle, lambda n, d: None if n == name else d))
    assert problem == f"{name}: listed in the manifest but missing from the ZIP"


def test_an_added_member_is_named(bundle: bytes) -> None:
    out = io.BytesIO(bundle)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("evidence/extra.txt", b"planted")
    assert check(out.getvalue()) == "evidence/extra.txt: not listed in the manifest"


def test_a_missing_manifest_and_a_non_zip_are_refused(bundle: bytes) -> None:
    assert check(rewritten(bundle, lambda n, d: None if n == "manifest.json" else d)) == \
        "manifest.json: missing"
    problem = check(b"not a zip at all")
    assert problem is not None and problem.startswith("not a readable ZIP file")


def test_a_party_bundle_holds_only_what_that_party_may_see() -> None:
    from tests.exports.story import BRAND_SECRET, CREATOR_SECRET, NOTE_SECRET

    bundle = make_bundle("creator")
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        for name in ("history.json", "history.html", "manifest.json"):
            text = archive.read(name).decode()
            assert BRAND_SECRET not in text and NOTE_SECRET not in text
        assert CREATOR_SECRET in archive.read("history.json").decode()
