"""YouTube Studio's export: the zip and a lone Table data.csv, in English and German, the
Total row, the 500-row cap, daily chart rows, Shorts' view definitions, and hostile files."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ImportedFile, Observation, Scope
from bot.campaign.performance.table_text import LARGEST_FILE
from bot.campaign.performance.youtube_studio import IMPORTER
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
HEADER = ("Content,Video title,Video publish time,Duration,Views,Watch time (hours),"
          "Subscribers\r\n")
AS_RECEIVED = ("Table figures are taken as of when the file was received, since the export "
               "does not state its time.")
TOTAL_DROPPED = "Dropped 1 Total row(s): YouTube Studio's sum over all videos, not a video."
LONG, SHORT = "youtube:aBcDeFgHiJ1", "youtube:Sh0rtVid001"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(content: bytes) -> Upload:
    return Upload(content=content, filename="whatever.bin", received_at=RECEIVED)


def studio_zip(folder: str = "Content 2026-04-01_2026-04-02 Acme/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(folder + "Table data.csv", fixture("youtube_table_en.csv"))
        archive.writestr(folder + "Chart data.csv", fixture("youtube_chart_en.csv"))
        archive.writestr(folder + "Totals.csv", fixture("youtube_totals_en.csv"))
    return buffer.getvalue()


def lifetime(post: str, metric: Metric, value: str, definition: str, published: datetime,
             as_of: datetime = RECEIVED) -> Observation:
    return Observation(post, metric, Decimal(value), Scope.UNKNOWN, definition, as_of=as_of,
                       published_at=published)


def read(content: bytes) -> ImportedFile:
    found = IMPORTER.read(upload(content))
    assert found is not None
    return found


def test_english_table_alone() -> None:
    found = read(fixture("youtube_table_en.csv"))
    long_published, short_published = datetime(2026, 3, 27), datetime(2026, 4, 2)
    assert (found.format, found.parser_version, found.platform, found.rows) == (
        "youtube_studio", 1, "youtube", 3)
    assert found.observations == (
        lifetime(LONG, Metric.VIEWS, "12400", "youtube.views", long_published),
        lifetime(LONG, Metric.VIEWS, "12400", "youtube.engaged_views", long_published),
        lifetime(LONG, Metric.WATCH_TIME_HOURS, "790.1234", "youtube.watch_time_hours",
                 long_published),
        lifetime(LONG, Metric.FOLLOWS, "51", "youtube.follows", long_published),
        lifetime(LONG, Metric.IMPRESSIONS, "80000", "youtube.impressions", long_published),
        lifetime(LONG, Metric.LIKES, "1200", "youtube.likes", long_published),
        lifetime(LONG, Metric.COMMENTS, "80", "youtube.comments", long_published),
        lifetime(LONG, Metric.SHARES, "100", "youtube.shares", long_published),
        lifetime(LONG, Metric.AVERAGE_VIEW_SECONDS, "229", "youtube.average_view_seconds",
                 long_published),
        lifetime(SHORT, Metric.VIEWS, "2830", "youtube.shorts_views.2025", short_published),
        lifetime(SHORT, Metric.VIEWS, "1900", "youtube.engaged_views", short_published),
        lifetime(SHORT, Metric.WATCH_TIME_HOURS, "22.3337", "youtube.watch_time_hours",
                 short_published),
        lifetime(SHORT, Metric.FOLLOWS, "6", "youtube.follows", short_published),
        lifetime(SHORT, Metric.IMPRESSIONS, "18000", "youtube.impressions", short_published),
        lifetime(SHORT, Metric.LIKES, "220", "youtube.likes", short_published),
        lifetime(SHORT, Metric.COMMENTS, "8", "youtube.comments", short_published),
        lifetime(SHORT, Metric.SHARES, "40", "youtube.shares", short_published),
        lifetime(SHORT, Metric.AVERAGE_VIEW_SECONDS, "28", "youtube.average_view_seconds",
                 short_published),
    )
    assert found.warnings == (
        AS_RECEIVED, TOTAL_DROPPED,
        "Columns not read (no metric this bot tracks): Impressions click-through rate (%).")


def test_german_headers_read_decimal_commas_and_day_first_dates() -> None:
    found = read(fixture("youtube_table_de.csv"))
    long_published, short_published = datetime(2026, 3, 27), datetime(2026, 4, 2)
    assert found.observations == (
        lifetime(LONG, Metric.VIEWS, "12400", "youtube.views", long_published),
        lifetime(LONG, Metric.WATCH_TIME_HOURS, "790.25", "youtube.watch_time_hours",
                 long_published),
        lifetime(LONG, Metric.FOLLOWS, "51", "youtube.follows", long_published),
        lifetime(LONG, Metric.AVERAGE_VIEW_SECONDS, "229", "youtube.average_view_seconds",
                 long_published),
        lifetime(SHORT, Metric.VIEWS, "1830", "youtube.shorts_views.2025", short_published),
        lifetime(SHORT, Metric.WATCH_TIME_HOURS, "22.25", "youtube.watch_time_hours",
                 short_published),
        lifetime(SHORT, Metric.FOLLOWS, "6", "youtube.follows", short_published),
        lifetime(SHORT, Metric.AVERAGE_VIEW_SECONDS, "28", "youtube.average_view_seconds",
                 short_published),
    )
    assert found.warnings == (AS_RECEIVED, TOTAL_DROPPED)


def test_zip_reads_table_as_of_chart_end_and_chart_days() -> None:
    found = read(studio_zip())
    end = datetime(2026, 4, 3, tzinfo=UTC)
    assert found.rows == 6
    # The long video was published before the range (04-01 on): its table figures count only
    # from then, so they are not lifetime figures; its daily rows still are read.
    assert not [o for o in found.observations if o.post == LONG and not o.is_daily]
    assert [o for o in found.observations if not o.is_daily]
    assert all(o.as_of == end for o in found.observations if not o.is_daily)
    daily = [o for o in found.observations if o.is_daily]
    assert daily == [
        Observation(LONG, Metric.VIEWS, Decimal(310), Scope.UNKNOWN, "youtube.views",
                    day=date(2026, 4, 1), published_at=datetime(2026, 3, 27)),
        Observation(LONG, Metric.VIEWS, Decimal(295), Scope.UNKNOWN, "youtube.views",
                    day=date(2026, 4, 2), published_at=datetime(2026, 3, 27)),
        Observation(SHORT, Metric.VIEWS, Decimal(1200), Scope.UNKNOWN,
                    "youtube.shorts_views.2025", day=date(2026, 4, 2),
                    published_at=datetime(2026, 4, 2)),
    ]
    assert found.warnings == (
        "Table figures are taken as of the end of 2026-04-02 (UTC), the last day in Chart "
        "data.csv.",
        TOTAL_DROPPED,
        "Columns not read (no metric this bot tracks): Impressions click-through rate (%).",
        "The range exported starts on 2026-04-01: the table's figures for 1 video(s) "
        "published earlier count only from that day, so they are not taken as lifetime "
        "figures (their daily rows in Chart data.csv still count).")


def test_short_views_before_the_change_are_engaged_views() -> None:
    content = (HEADER + "Total,,,,10,1,0\r\n"
               + 'Sh0rtVid001,Old short,"Jan 5, 2025",45,900,2.5,1\r\n').encode()
    found = IMPORTER.read(Upload(content, "t.csv", datetime(2025, 2, 1, tzinfo=UTC)))
    assert found is not None
    assert found.observations[0].definition == "youtube.engaged_views"
    assert found.observations[0].value == Decimal(900)


def test_five_hundred_rows_warn_that_videos_may_be_missing() -> None:
    rows = "".join(f"vid{n:08d},Video {n},2026-03-01,600,{n},1.5,0\r\n" for n in range(500))
    found = read((HEADER + "Total,,,,1,1,0\r\n" + rows).encode())
    assert len(found.observations) == 1500
    assert found.warnings == (
        AS_RECEIVED,
        "YouTube Studio exports at most the rows loaded (500); this table has 500 videos, so "
        "videos may be missing.",
        TOTAL_DROPPED)


def test_bad_rows_are_skipped_with_counted_warnings() -> None:
    content = (HEADER + "Total,,,,10,1,0\r\n"
               + '"=HYPERLINK(""http://x"",""y"")",Bad,"Mar 1, 2026",60,5,1,0\r\n'
               + "aBcDeFgHiJ1,No duration,soon,,5,=1+1,0\r\n"
               + "Sh0rtVid001,Short,2026-03-01,30,<b>7</b>,1,2\r\n").encode()
    found = read(content)
    assert found.observations == (
        Observation(LONG, Metric.FOLLOWS, Decimal(0), Scope.UNKNOWN, "youtube.follows",
                    as_of=RECEIVED),
        Observation(SHORT, Metric.WATCH_TIME_HOURS, Decimal(1), Scope.UNKNOWN,
                    "youtube.watch_time_hours", as_of=RECEIVED,
                    published_at=datetime(2026, 3, 1)),
        Observation(SHORT, Metric.FOLLOWS, Decimal(2), Scope.UNKNOWN, "youtube.follows",
                    as_of=RECEIVED, published_at=datetime(2026, 3, 1)),
    )
    assert found.warnings == (
        AS_RECEIVED, TOTAL_DROPPED,
        "Skipped 1 row(s) whose Content is not an 11-character YouTube video id.",
        "Could not read the publish time of 1 row(s); they are kept without it.",
        "Skipped 2 figure(s) that were not numbers.",
        "Skipped the views of 1 row(s) with no readable duration: a Short's views are counted "
        "differently, so the definition cannot be told.")


def test_other_files_are_not_ours() -> None:
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("Overview.csv", "Date,Video Views\r\nAugust 31,10\r\n")
    for content in (b"Date,Video Views\r\nAugust 31,10\r\n", b"", other_zip.getvalue(),
                    "Content,Video title\r\nx,y\r\n".encode("utf-16")):
        assert IMPORTER.read(upload(content)) is None


def test_only_a_total_row_is_refused() -> None:
    with pytest.raises(Refusal, match="no figures this bot can read"):
        IMPORTER.read(upload((HEADER + "Total,,,,10,1,0\r\n").encode()))


def test_hundred_thousand_rows_are_refused() -> None:
    rows = "aBcDeFgHiJ1,V,2026-03-01,600,1,1,0\r\n" * 100_000
    with pytest.raises(Refusal, match="over 20,000 rows"):
        IMPORTER.read(upload((HEADER + rows).encode()))


def test_truncated_table_is_refused() -> None:
    content = fixture("youtube_table_en.csv")
    cut = content[:content.index(b'"Mar 27') + 4]
    with pytest.raises(Refusal, match="quote is left open"):
        IMPORTER.read(upload(cut))


def test_a_table_saved_in_another_encoding_is_recognised_and_refused_plainly() -> None:
    latin = fixture("youtube_table_de.csv").decode("utf-8-sig").encode("latin-1")
    with pytest.raises(Refusal, match="not UTF-8 or UTF-16 text"):
        IMPORTER.read(upload(latin))


def test_zip_bomb_declaring_too_much_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Table data.csv", HEADER + "\r\n" * (LARGEST_FILE // 2 + 1))
    with pytest.raises(Refusal, match="unpacks to over 8 MiB"):
        IMPORTER.read(upload(buffer.getvalue()))


def _patched_sizes(content: bytes, size: int) -> bytes:
    """The zip with every member's declared uncompressed size replaced."""
    data = bytearray(content)
    start = 0
    while (at := data.find(b"PK\x03\x04", start)) >= 0:
        struct.pack_into("<I", data, at + 22, size)
        start = at + 4
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into("<I", data, at + 24, size)
        start = at + 4
    return bytes(data)


def test_zip_bomb_hiding_its_size_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Table data.csv", HEADER + "0" * (LARGEST_FILE + 10))
    lying = _patched_sizes(buffer.getvalue(), LARGEST_FILE + 100)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.infolist()[0].file_size == LARGEST_FILE + 100
    with pytest.raises(Refusal, match="unpacks to over 8 MiB"):
        IMPORTER.read(upload(lying))
    small = _patched_sizes(buffer.getvalue(), 1000)
    with pytest.raises(Refusal, match="damaged or incomplete"):
        IMPORTER.read(upload(small))


def test_corrupt_zip_is_refused() -> None:
    content = studio_zip()
    with pytest.raises(Refusal, match="damaged or incomplete"):
        IMPORTER.read(upload(content[: len(content) // 2]))
    broken = bytearray(content)
    at = broken.find(b"PK\x03\x04") + 40
    broken[at:at + 20] = b"\xff" * 20
    with pytest.raises(Refusal, match="damaged or incomplete"):
        IMPORTER.read(upload(bytes(broken)))


def test_encrypted_zip_is_refused() -> None:
    data = bytearray(studio_zip())
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:
        data[at + 8] |= 0x1
        start = at + 4
    with pytest.raises(Refusal, match="password-protected"):
        IMPORTER.read(upload(bytes(data)))


def test_zip_with_too_many_members_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Table data.csv", fixture("youtube_table_en.csv"))
        for n in range(20):
            archive.writestr(f"extra{n}.csv", "x")
    with pytest.raises(Refusal, match="holds 21 files"):
        IMPORTER.read(upload(buffer.getvalue()))


def test_zip_whose_table_is_not_studio_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Table data.csv", "a,b\r\n1,2\r\n")
    with pytest.raises(Refusal, match="does not start with YouTube Studio's columns"):
        IMPORTER.read(upload(buffer.getvalue()))


def _outcome(content: bytes) -> None:
    try:
        found = IMPORTER.read(upload(content))
    except Refusal:
        return
    assert found is None or isinstance(found, ImportedFile)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_none_a_file_or_a_refusal(content: bytes) -> None:
    _outcome(content)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=15), min_size=1, max_size=7), st.integers(0, 3))
def test_random_rows_under_the_header_give_none_a_file_or_a_refusal(
        cells: list[str], copies: int) -> None:
    _outcome((HEADER + ",".join(cells) + "\r\n" * copies).encode())


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4000), st.binary(max_size=8))
def test_mangled_zips_give_none_a_file_or_a_refusal(at: int, junk: bytes) -> None:
    content = studio_zip()
    at = at % len(content)
    _outcome(content[:at] + junk + content[at + len(junk):])


def _zip(table_text: bytes, chart_text: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Table data.csv", table_text)
        archive.writestr("Chart data.csv", chart_text)
    return buffer.getvalue()


def test_chart_rows_with_unreadable_days_and_unknown_charts_are_said() -> None:
    table = (HEADER + "Total,,,,10,1,0\r\naBcDeFgHiJ1,V,2026-03-01,600,7,1,0\r\n").encode()
    chart = (b"Date,Content,Video title,Video publish time,Duration,Views\r\n"
             b"soon,aBcDeFgHiJ1,V,2026-03-01,600,3\r\n")
    found = read(_zip(table, chart))
    assert not any(o.is_daily for o in found.observations)
    assert found.rows == 3
    assert found.warnings == (
        AS_RECEIVED, TOTAL_DROPPED,
        "Skipped 1 row(s) of Chart data.csv whose date could not be read.")
    found = read(_zip(table, b"When,Plays\r\nx,1\r\n"))
    assert found.warnings == (
        "Chart data.csv was not read: its columns are not Studio's (Date, Content, …).",
        AS_RECEIVED, TOTAL_DROPPED)
