"""Every file through the one reading path (`read_export`): each fixture is recognised as its
own format; damaged, re-encoded, hostile or enormous versions of any of them give either the
figures or a refusal — never a traceback, never part of a file — and no cell becomes markup."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ImportedFile
from bot.campaign.performance.reading import IMPORTERS, NotAnExport, read_export
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FORMATS = {
    "meta_posts_en.csv": "meta_posts", "meta_posts_de.csv": "meta_posts",
    "meta_posts_fr.csv": "meta_posts", "meta_posts_es.csv": "meta_posts",
    "instagram_overview_views.csv": "instagram_overview",
    "instagram_overview_reichweite_de.csv": "instagram_overview",
    "tiktok_overview_wrap.csv": "tiktok_overview",
    "tiktok_follower_history.csv": "tiktok_overview",
    "tiktok_videos_en.csv": "tiktok_videos", "tiktok_videos_de.csv": "tiktok_videos",
    "youtube_table_en.csv": "youtube_studio", "youtube_table_de.csv": "youtube_studio",
}
SAMPLES = [(FIXTURES / name).read_bytes() for name in FORMATS]
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def read(content: bytes) -> ImportedFile | None:
    """The figures, or None for a refusal; anything else propagates and fails the test."""
    try:
        found = read_export(Upload(content, "export.csv", RECEIVED))
    except Refusal as refusal:
        assert refusal.reason and "Traceback" not in refusal.reason
        return None
    assert found.observations, "a file read has figures, else it is refused"
    return found


@pytest.mark.parametrize(("name", "format_name"), FORMATS.items())
def test_each_export_is_read_as_its_own_format_whatever_its_name(
        name: str, format_name: str) -> None:
    content = (FIXTURES / name).read_bytes()
    found = read_export(Upload(content, "renamed.pdf", RECEIVED))
    assert found.format == format_name


def test_a_youtube_zip_is_read_and_anything_else_is_answered_with_the_formats() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("Table data.csv", (FIXTURES / "youtube_table_en.csv").read_bytes())
        out.writestr("Chart data.csv", (FIXTURES / "youtube_chart_en.csv").read_bytes())
    assert read_export(Upload(archive.getvalue(), "x.zip", RECEIVED)).format == "youtube_studio"
    with pytest.raises(NotAnExport) as refused:
        read_export(Upload(b"%PDF-1.7 the signed contract", "contract.pdf", RECEIVED))
    for importer in IMPORTERS:
        assert importer.title in refused.value.reason


@SETTINGS
@given(st.sampled_from(SAMPLES), st.data())
def test_a_damaged_export_is_read_whole_or_refused(sample: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(sample)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(len(sample) - 1, 0)),
                                         st.integers(0, 255)), max_size=6))
    damaged = bytearray(sample[:cut])
    for where, byte in flips:
        if where < len(damaged):
            damaged[where] = byte
    read(bytes(damaged))


@SETTINGS
@given(st.sampled_from(SAMPLES), st.sampled_from(["cp1252", "utf-16-le", "utf-32", "latin-1"]))
def test_an_export_saved_in_another_encoding_is_read_or_refused(sample: bytes,
                                                               encoding: str) -> None:
    text = sample.decode("utf-16") if sample.startswith(b"\xff\xfe") else sample.decode(
        "utf-8-sig")
    read(text.encode(encoding, errors="replace"))


@SETTINGS
@given(st.sampled_from(SAMPLES), st.sampled_from([
    '=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd",
    "-2+3", "<script>alert(1)</script>", "*bold* <@U123> <!channel> @everyone"]))
def test_formula_and_markup_cells_are_never_kept_as_text(sample: bytes, payload: str) -> None:
    text = sample.decode("utf-16") if sample.startswith(b"\xff\xfe") else sample.decode(
        "utf-8-sig")
    lines = text.splitlines()
    quoted = '"' + payload.replace('"', '""') + '"'
    hostile = [lines[0]] + [line.replace(",", "," + quoted + ",", 1) for line in lines[1:]]
    found = read("\n".join(hostile).encode())
    if found is not None:
        for seen in found.observations:
            assert payload not in (seen.post, seen.permalink, seen.definition)
            assert seen.value.is_finite()


@pytest.mark.parametrize("sample", [*SAMPLES[::3],
                                    (FIXTURES / "youtube_table_en.csv").read_bytes()])
def test_a_hundred_thousand_rows_are_refused_as_a_whole(sample: bytes) -> None:
    text = sample.decode("utf-16") if sample.startswith(b"\xff\xfe") else sample.decode(
        "utf-8-sig")
    lines = text.splitlines()
    body = "\n".join(lines[-1:] * 100_000)
    with pytest.raises(Refusal, match=r"20,000 rows|over 8 MiB"):
        read_export(Upload(("\n".join(lines[:-1]) + "\n" + body).encode(), "big.csv",
                           RECEIVED))


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_are_refused_or_read(content: bytes) -> None:
    read(content)
