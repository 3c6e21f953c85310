"""TikTok's per-video export: columns matched by name in four languages, videos named by
their link or id, lifetime counts as of the upload, hostile files refused cleanly."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ImportedFile, Observation, Scope
from bot.campaign.performance.tiktok_videos import IMPORTER, watch_seconds
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2026, 1, 3, 10, 0, tzinfo=UTC)
AS_OF_WARNING = ("The export does not say when its counts were taken; they are taken as of the "
                 "upload (2026-01-03 10:00+00:00).")
FIRST = "7412345678901234567"
SECOND = "7413999988887777666"


def read(content: bytes) -> ImportedFile | None:
    return IMPORTER.read(Upload(content, "videos.csv", RECEIVED))


def lifetime(video: str, metric: Metric, value: str, permalink: str,
             published: datetime | None) -> Observation:
    return Observation(post=f"tiktok:{video}", metric=metric, value=Decimal(value),
                       scope=Scope.UNKNOWN, definition=f"tiktok.{metric.value}",
                       as_of=RECEIVED, permalink=permalink, published_at=published)


def test_english_export() -> None:
    result = read((FIXTURES / "tiktok_videos_en.csv").read_bytes())
    assert result is not None
    first = f"https://www.tiktok.com/@glowwithmia/video/{FIRST}"
    second = f"https://www.tiktok.com/@glowwithmia/video/{SECOND}"
    at_first, at_second = datetime(2025, 9, 2, 18, 4, 11), datetime(2025, 9, 5, 7, 30)
    order = (Metric.LIKES, Metric.COMMENTS, Metric.SHARES, Metric.VIEWS,
             Metric.AVERAGE_VIEW_SECONDS)
    assert result.observations == tuple(
        [lifetime(FIRST, metric, value, first, at_first)
         for metric, value in zip(order, ("1200", "87", "43", "12400", "12.3"), strict=True)]
        + [lifetime(SECOND, metric, value, second, at_second)
           for metric, value in zip(order, ("980", "15", "6", "25100", "9"), strict=True)])
    assert result.warnings == (AS_OF_WARNING,
                               "1 row skipped: no readable TikTok video link or id.")
    assert (result.format, result.platform, result.parser_version, result.rows) == (
        "tiktok_videos", "tiktok", 1, 3)


def test_german_export_with_shortened_counts() -> None:
    result = read((FIXTURES / "tiktok_videos_de.csv").read_bytes())
    assert result is not None
    first = f"https://www.tiktok.com/@mia.beauty/video/{FIRST}"
    second = f"https://www.tiktok.com/@mia.beauty/video/{SECOND}"
    at_first, at_second = datetime(2025, 9, 2, 18, 4), datetime(2025, 9, 5, 7, 30)
    order = (Metric.VIEWS, Metric.LIKES, Metric.COMMENTS, Metric.SHARES,
             Metric.AVERAGE_VIEW_SECONDS)
    assert result.observations == tuple(
        [lifetime(FIRST, metric, value, first, at_first)
         for metric, value in zip(order, ("12400", "1234", "87", "43", "12.3"), strict=True)]
        + [lifetime(SECOND, metric, value, second, at_second)
           for metric, value in zip(order, ("3400000", "51200", "1020", "388", "21"),
                                    strict=True)])
    assert result.warnings == (AS_OF_WARNING,)


@pytest.mark.parametrize("content", [
    "Titre de la vidéo,Lien de la vidéo,Heure de publication,Vues,J'aime,Commentaires,"
    f"Partages\nMa routine,https://www.tiktok.com/@mia/video/{FIRST},02/09/2025 18:04,"
    "\"1,2K\",87,4,2\n",
    "Título del video,Enlace del video,Hora de publicación,Visualizaciones,Me gusta,"
    f"Comentarios,Veces compartido\nMi rutina,https://www.tiktok.com/@mia/video/{FIRST},"
    "02/09/2025 18:04,\"1,2K\",87,4,2\n",
    f"Link,Likes,Views,Comments,Shares,Post time\nhttps://tiktok.com/@mia/video/{FIRST},87,1.2K,"
    "4,2,09/02/2025 18:04\n",
])
def test_french_spanish_and_reordered_english(content: str) -> None:
    result = read(content.encode())
    assert result is not None
    assert {(o.post, o.metric, o.value) for o in result.observations} == {
        (f"tiktok:{FIRST}", Metric.VIEWS, Decimal(1200)),
        (f"tiktok:{FIRST}", Metric.LIKES, Decimal(87)),
        (f"tiktok:{FIRST}", Metric.COMMENTS, Decimal(4)),
        (f"tiktok:{FIRST}", Metric.SHARES, Decimal(2)),
    }
    assert {o.published_at for o in result.observations} == {datetime(2025, 9, 2, 18, 4)}
    assert result.warnings == (AS_OF_WARNING,)


def test_video_id_column_and_every_warning() -> None:
    content = (
        "Video ID,Video title,Post time,Video views,Likes,Total play time\n"
        f"{FIRST},One,yesterday,1.5K,12,1h\n"
        f"{FIRST},One again,2025-09-02 18:04,1.6K,12,1h\n"
        f"{SECOND},Two,31/31/2025 07:30,=1+1,n/a,1h\n"
        "not-an-id,Three,2025-09-05 07:30,10,1,1h\n"
        f'"=HYPERLINK(""https://www.tiktok.com/@x/video/{SECOND}"",""x"")",Four,,1,1,1h\n')
    result = read(content.encode())
    assert result is not None
    assert result.observations == (
        Observation(post=f"tiktok:{FIRST}", metric=Metric.VIEWS, value=Decimal(1500),
                    scope=Scope.UNKNOWN, definition="tiktok.views", as_of=RECEIVED),
        Observation(post=f"tiktok:{FIRST}", metric=Metric.LIKES, value=Decimal(12),
                    scope=Scope.UNKNOWN, definition="tiktok.likes", as_of=RECEIVED),
    )
    assert result.warnings == (
        AS_OF_WARNING,
        "2 rows skipped: no readable TikTok video link or id.",
        "1 repeated row for the same video skipped (the first kept).",
        "2 figures skipped: the cell is empty or not a number.",
        "2 post times could not be read as a date; those videos have no publish time.",
        "Columns not read (no figure this bot compares): Total play time.",
    )


@pytest.mark.parametrize(("cell", "comma", "seconds"), [
    ("12.3s", False, "12.3"), ("12,3 s", True, "12.3"), ("0:12", False, "12"),
    ("1:02:03", False, "3723"), ("1m 5s", False, "65"), ("45", False, "45"),
    ("7.5", False, "7.5"), ("", False, None), ("-3", False, None), ("1.2K", False, None),
    ("0:-1", False, None), ("1:2:3:4", False, None), ("=12", False, None), ("s", False, None),
    ("12,3s", False, None),
])
def test_average_watch_time(cell: str, comma: bool, seconds: str | None) -> None:
    expected = Decimal(seconds) if seconds is not None else None
    assert watch_seconds(cell, decimal_comma=comma) == expected


def test_no_readable_video_is_refused() -> None:
    content = f"Video link,Views\nhttps://www.tiktok.com/@mia/video/{FIRST},n/a\n"
    with pytest.raises(Refusal, match="has no figures this bot can read"):
        read(content.encode())


@pytest.mark.parametrize("content", [
    # Meta Business Suite per-post export
    b"Post ID,Account ID,Account username,Account name,Description,Duration (sec),"
    b"Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,"
    b"Comments,Saves\n1789,1784,mia,Mia,Hi,12,03/27/2026 06:08,"
    b"https://www.tiktok.com/@mia/video/7412345678901234567,Reel,,Lifetime,100,80,5,1,0,2,1\n",
    # YouTube Studio table: it has a video title and views, and Content
    b"Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers\n"
    b"Total,,,,100,2.5,3\ndQw4w9WgXcQ,Hi,\"Aug 31, 2025\",30,100,2.5,3\n",
    # TikTok Studio's daily overview
    (FIXTURES / "tiktok_overview_wrap.csv").read_bytes(),
    # a sheet of titles and links, none of them TikTok's
    b"Title,Link,Views\nHi,https://www.youtube.com/watch?v=dQw4w9WgXcQ,100\n",
    b"", b"\xff\xfe", b"PK\x03\x04\x14\x00\x00\x00",
])
def test_other_files_are_not_claimed(content: bytes) -> None:
    assert read(content) is None


def test_truncated_file() -> None:
    content = (FIXTURES / "tiktok_videos_en.csv").read_bytes()
    cut = content[: content.index(b"12.3s") + 2]
    result = read(cut)
    assert result is not None
    assert [(o.metric, o.value) for o in result.observations][-1] == (
        Metric.AVERAGE_VIEW_SECONDS, Decimal(12))
    with pytest.raises(Refusal, match="quote is left open"):
        read(content[: content.index(b"Morning") + 3])


def test_wrong_encoding_is_refused() -> None:
    content = (FIXTURES / "tiktok_videos_de.csv").read_text("utf-8-sig").encode("latin-1",
                                                                                 "replace")
    with pytest.raises(Refusal, match="not UTF-8 or UTF-16"):
        read(content)


def test_a_hundred_thousand_rows_are_refused() -> None:
    lines = ["Video link,Total views"]
    lines += [f"https://www.tiktok.com/@mia/video/{FIRST},10"] * 100_000
    with pytest.raises(Refusal, match="over 20,000 rows"):
        read("\n".join(lines).encode())


def test_utf16_export_is_read() -> None:
    content = f"Video link\tTotal views\nhttps://www.tiktok.com/@mia/video/{FIRST}\t10\n"
    result = read(b"\xff\xfe" + content.encode("utf-16-le"))
    assert result is not None and result.observations[0].value == Decimal(10)


def _outcome(content: bytes) -> None:
    try:
        result = read(content)
    except Refusal:
        return
    assert result is None or isinstance(result, ImportedFile)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_none_a_result_or_a_refusal(content: bytes) -> None:
    _outcome(content)


_CELLS = st.sampled_from([f"https://www.tiktok.com/@m/video/{FIRST}", FIRST, "1.2K", "3,4M",
                          "0:12", "12.3s", "", "=1+1", '"', "n/a", "2025-02-29 10:00",
                          "tiktok.com", "9" * 40, "-1"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELLS, max_size=9), max_size=30))
def test_video_shaped_files_give_a_result_or_a_refusal(rows: list[list[str]]) -> None:
    lines = ["Video title,Video link,Post time,Total likes,Total comments,Total shares,"
             "Total views,Average watch time"]
    lines += [",".join(row) for row in rows]
    _outcome("\n".join(lines).encode())
