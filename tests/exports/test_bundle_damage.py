"""`check_bundle` on damaged and hostile bundles: always a report naming the member and what is
wrong, never an exception; and a bundle's bytes mutated at random never make it raise."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.verify_command import verify_bundle
from bot.exports import bundle_zip, check_bundle
from tests.exports.bundles import make_bundle
from tests.exports.damage import DAMAGES, mutated, mutation, with_history

BUNDLE = make_bundle("brand")


def test_the_untouched_bundle_still_holds() -> None:
    report = check_bundle(io.BytesIO(BUNDLE))
    assert report.ok, report.problem


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_each_damage_is_named(name: str) -> None:
    damage, expected = DAMAGES[name]
    problem = check_bundle(io.BytesIO(damage(BUNDLE))).problem
    assert problem is not None and problem.startswith(expected), problem


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_the_command_prints_one_line_and_exits_1(
        name: str, tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    path = f"{tmp_path}/damaged.zip"
    with open(path, "wb") as out:
        out.write(DAMAGES[name][0](BUNDLE))
    assert verify_bundle(path) == 1
    printed = capsys.readouterr()
    assert printed.out.startswith("MISMATCH ") and printed.out.count("\n") == 1
    assert printed.err == ""


def test_a_member_that_unpacks_past_its_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle_zip, "FILE_CAP", 1000)
    problem = check_bundle(io.BytesIO(BUNDLE)).problem
    assert problem is not None and "MiB a bundle member may hold" in problem


def test_a_real_zip_bomb_is_refused_before_it_is_read() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("evidence/bomb.bin", "w", force_zip64=True) as member:
            zeros = bytes(1024 * 1024)
            for _ in range(300):
                member.write(zeros)
    problem = check_bundle(io.BytesIO(out.getvalue())).problem
    assert problem == ("evidence/bomb.bin: declares 314572800 bytes, over the 256 MiB a bundle "
                       "member may hold")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_bytes_always_get_a_report(steps: list[tuple[str, int, int]]) -> None:
    data = mutated(BUNDLE, steps)
    report = check_bundle(io.BytesIO(data))
    if data == BUNDLE:
        assert report.ok
    else:
        assert report.problem is None or not report.problem.startswith("bundle: could not")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                   max_size=3),
    max_leaves=6)
FIELDS = ("seq", "at", "kind", "actor", "visibility", "payload", "payload_json", "source",
          "prev_hash", "hash", "redacted", "v")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 24), st.sampled_from(FIELDS), json_values)
def test_any_value_in_any_field_of_an_entry_is_named(index: int, field: str,
                                                     value: object) -> None:
    """With the manifest made to match, the check reaches the entry and names what is wrong
    with it in words of its own (not an exception's)."""
    def edit(doc: dict[str, Any]) -> None:
        doc["entries"][index][field] = value
    report = check_bundle(io.BytesIO(with_history(BUNDLE, edit)))
    if report.problem is not None:
        assert report.problem.startswith("history.json: "), report.problem
        assert "not a history document" not in report.problem, report.problem
