"""A hostile case's HTML export in a real browser: headless Debian Chromium draws it, and no
script runs. `.ci/run` installs chromium where it is missing; without it this test skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.demo.browser import dump_dom, find_chromium, screenshot
from bot.domain.identity import Role
from bot.exports import render
from tests.domain.session import MO, T0
from tests.exports.hostile import HOSTILE, MARKERS
from tests.exports.story import evidence_reader, story

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="chromium is not installed (Debian: apt-get install chromium; .ci/run does it)")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    s = story(HOSTILE)
    page = tmp_path_factory.mktemp("hostile") / "history.html"
    page.write_bytes(render("html", s.state, s.journal, MO, Role.MEDIATOR, T0,
                            evidence_reader).content)
    return page


def test_chromium_draws_the_hostile_page(hostile_page: Path, tmp_path: Path) -> None:
    shot = screenshot(hostile_page, tmp_path / "hostile.png")
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000


def test_no_script_of_the_hostile_page_runs(hostile_page: Path) -> None:
    dom = dump_dom(hostile_page)
    assert "<title>Case MB-7K2Q9X: history</title>" in dom, dom[:500]
    for marker in MARKERS:
        assert marker not in dom


def test_the_same_scripts_do_run_on_a_page_that_does_not_escape_them(tmp_path: Path) -> None:
    """The control: proves this browser runs such scripts, so the test above can fail."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body>{HOSTILE[0]}"
                    "</body></html>", encoding="utf-8")
    dom = dump_dom(page)
    assert "PWNED" in dom and "<x-pwned" in dom
