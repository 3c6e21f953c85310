"""The PDF export: the same content, any script or emoji replaced gracefully, never a crash."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.domain.identity import Role
from bot.exports import pdf_text, render
from bot.exports.pdf_text import coverage, fit, font_files
from tests.domain.session import ANA, T0
from tests.exports.hostile import HOSTILE
from tests.exports.story import BRAND_SECRET, CREATOR_SECRET, evidence_reader, story

LATIN_1 = coverage(None)


def pdf_of(who: Role = Role.CLAIMANT) -> bytes:
    s = story(HOSTILE)
    return render("pdf", s.state, s.journal, ANA, who, T0, evidence_reader).content


def test_emoji_become_their_names_and_flags_their_letters() -> None:
    assert fit("ok 👍 🇩🇪", LATIN_1) == "ok [THUMBS UP SIGN] [flag DE]"


def test_direction_controls_and_joiners_are_dropped() -> None:
    assert fit("a\u202eb\u200dc\ufe0f", LATIN_1) == "abc"


def test_a_script_the_font_lacks_is_one_note_per_run() -> None:
    assert fit("Привет 你好", LATIN_1) == "[CYRILLIC text, 6 characters] [CJK text, 2 characters]"


def test_text_the_font_draws_is_kept_as_it_is() -> None:
    assert fit("Fee: 1,650 € – “settled”", coverage(None) | {0x20AC, 0x2013, 0x201C, 0x201D}) \
        == "Fee: 1,650 € – “settled”"


def test_a_hostile_case_renders_to_a_pdf() -> None:
    data = pdf_of()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_without_dejavu_the_builtin_font_still_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_text, "font_files", lambda: None)
    from bot.exports import pdf_page

    monkeypatch.setattr(pdf_page, "font_files", lambda: None)
    assert pdf_of().startswith(b"%PDF-")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_text_reads_back_and_keeps_to_the_viewer(tmp_path: Path) -> None:
    pdf = tmp_path / "history.pdf"
    pdf.write_bytes(pdf_of())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "<script>document.title" in text and "@everyone" in text
    assert "[THUMBS UP SIGN]" in text
    if font_files() is not None:
        assert "Привет" in text and "שלום" in text
    assert BRAND_SECRET in text and CREATOR_SECRET not in text
