"""The check docs/exports.md gives readers "by hand, without this project" holds on a fresh
bundle, and fails on one whose content was edited: the docs describe the format truly."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from tests.exports.bundles import make_bundle

DOCS = Path(__file__).parents[2] / "docs" / "exports.md"


def by_hand(bundle: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(r"### By hand, without this project\n.*?```python\n(.*?)```", text, re.S)
    assert found is not None
    code = found.group(1).replace('"MB-7K2Q9X-brand-history.zip"', repr(str(bundle)))
    exec(compile(code, str(DOCS), "exec"), {})


def test_the_documented_check_passes_on_a_fresh_bundle(tmp_path: Path) -> None:
    (tmp_path / "b.zip").write_bytes(make_bundle("brand"))
    by_hand(tmp_path / "b.zip")


def test_the_documented_check_fails_on_edited_content(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(make_bundle("brand")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "history.json":
                data = data.replace(b"10 March", b"3 March")
            target.writestr(info, data)
    (tmp_path / "b.zip").write_bytes(out.getvalue())
    with pytest.raises(AssertionError):
        by_hand(tmp_path / "b.zip")
