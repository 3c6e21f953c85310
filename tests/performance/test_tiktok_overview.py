"""TikTok Studio's daily account figures: years placed from the period or the upload,
negative corrections kept, other exports left alone, hostile files refused cleanly."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance import tiktok_headers
from bot.campaign.performance.importing import Upload
from bot.campaign.performance.observation import ACCOUNT, ImportedFile, Observation, Scope
from bot.campaign.performance.table_text import header_key
from bot.campaign.performance.tiktok_dates import MonthDay, month_day
from bot.campaign.performance.tiktok_overview import IMPORTER
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2026, 1, 3, 10, 0, tzinfo=UTC)
UPLOAD_WARNING = ("The export's dates have no year; they were read in file order as the days "
                  "up to the upload on 2026-01-03 (2025-12-29 to 2026-01-02). If that is wrong, "
                  "write the period the export covers beside the file, like 2026-08-01 to "
                  "2026-08-31.")
AUGUST_PERIOD = (date(2025, 8, 1), date(2025, 9, 30))
PERIOD_WARNING = ("The export's dates have no year; each was placed in the period you gave "
                  "(2025-08-01 to 2025-09-30).")


def read(content: bytes, period: tuple[date, date] | None = None,
         received: datetime = RECEIVED) -> ImportedFile | None:
    return IMPORTER.read(Upload(content, "export.csv", received, period=period))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def daily(metric: Metric, value: int, day: date) -> Observation:
    return Observation(post=ACCOUNT, metric=metric, value=Decimal(value), scope=Scope.UNKNOWN,
                       definition=f"tiktok.{metric.value}", day=day)


OVERVIEW_METRICS = (Metric.VIEWS, Metric.PROFILE_VISITS, Metric.LIKES, Metric.COMMENTS,
                    Metric.SHARES)


def test_overview_across_new_year_from_the_upload_time() -> None:
    result = read(fixture("tiktok_overview_wrap.csv"))
    assert result is not None
    rows = [
        (date(2025, 12, 29), (1520, 84, 210, 12, 5)),
        (date(2025, 12, 30), (1311, 77, 198, 9, 3)),
        (date(2025, 12, 31), (2045, 102, 305, 17, 8)),
        (date(2026, 1, 1), (1876, 95, -4, 11, 6)),
        (date(2026, 1, 2), (990, 41, 120, 6, 2)),
    ]
    assert result.observations == tuple(
        daily(metric, value, day)
        for day, values in rows for metric, value in zip(OVERVIEW_METRICS, values, strict=True))
    assert all(o.as_of is None and o.is_daily for o in result.observations)
    assert result.warnings == (
        UPLOAD_WARNING, "1 daily figure is negative: TikTok's corrections, kept as given.")
    assert (result.format, result.platform, result.parser_version, result.rows) == (
        "tiktok_overview", "tiktok", 1, 5)


def test_overview_across_new_year_from_a_period() -> None:
    result = read(fixture("tiktok_overview_wrap.csv"),
                  period=(date(2025, 12, 1), date(2026, 1, 31)))
    assert result is not None
    assert {o.day for o in result.observations} == {
        date(2025, 12, 29), date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1),
        date(2026, 1, 2)}
    assert result.warnings[0] == ("The export's dates have no year; each was placed in the "
                                  "period you gave (2025-12-01 to 2026-01-31).")


def test_follower_history_keeps_the_difference_and_names_followers_not_read() -> None:
    result = read(fixture("tiktok_follower_history.csv"), period=AUGUST_PERIOD)
    assert result is not None
    assert result.observations == (
        daily(Metric.FOLLOWS, 35, date(2025, 8, 29)),
        daily(Metric.FOLLOWS, -14, date(2025, 8, 30)),
        daily(Metric.FOLLOWS, 57, date(2025, 8, 31)),
    )
    assert result.warnings == (
        PERIOD_WARNING,
        "1 daily figure is negative: TikTok's corrections, kept as given.",
        "Columns not read (no figure this bot compares): Followers.",
    )


def test_several_negative_figures_are_counted_once() -> None:
    content = (b"Date,Video Views,Profile Views,Likes,Comments,Shares\n"
               b"August 30,100,-2,-1,0,0\nAugust 31,120,3,-5,1,1\n")
    result = read(content, period=AUGUST_PERIOD)
    assert result is not None
    assert result.warnings == (
        PERIOD_WARNING, "3 daily figures are negative: TikTok's corrections, kept as given.")


@pytest.mark.parametrize(("header", "first", "second"), [
    ("Datum;Videoaufrufe;Profilaufrufe;Likes;Kommentare;Geteilt", "30. August", "31. August"),
    ("Date,Vues de vidéos,Vues du profil,J'aime,Commentaires,Partages", "30 août", "31 août"),
    ("Fecha,Visualizaciones de videos,Visualizaciones del perfil,Me gusta,Comentarios,"
     "Veces compartido", "30 de agosto", "31 de agosto"),
])
def test_overview_in_other_languages(header: str, first: str, second: str) -> None:
    separator = ";" if ";" in header else ","
    lines = [header, separator.join([first, "1.204", "33", "87", "4", "2"]),
             separator.join([second, "1.310", "41", "95", "6", "3"])]
    result = read("\n".join(lines).encode(), period=AUGUST_PERIOD)
    assert result is not None
    assert result.observations == tuple(
        daily(metric, value, day)
        for day, values in ((date(2025, 8, 30), (1204, 33, 87, 4, 2)),
                            (date(2025, 8, 31), (1310, 41, 95, 6, 3)))
        for metric, value in zip(OVERVIEW_METRICS, values, strict=True))
    assert result.warnings == (PERIOD_WARNING,)


@pytest.mark.parametrize(("cell", "expected"), [
    ("August 31", MonthDay(8, 31, "August 31")),
    ("Aug 31", MonthDay(8, 31, "Aug 31")),
    ("31. August", MonthDay(8, 31, "31. August")),
    ("1er mars", MonthDay(3, 1, "1er mars")),
    ("12 de diciembre", MonthDay(12, 12, "12 de diciembre")),
    ("29 Februar", MonthDay(2, 29, "29 Februar")),
    ("2025-08-31", date(2025, 8, 31)),
    ("February 30", None), ("Augustus 3", None), ("31", None), ("=NOW()", None),
    ("August 31 2025 extra", None),
])
def test_month_day_cells(cell: str, expected: MonthDay | date | None) -> None:
    assert month_day(cell) == expected


def test_a_period_over_a_year_that_leaves_the_year_open_is_refused() -> None:
    content = b"Date,Video Views,Profile Views,Likes,Comments,Shares\nAugust 31,10,1,1,0,0\n"
    with pytest.raises(Refusal, match='"August 31" falls in more than one year'):
        read(content, period=(date(2024, 6, 1), date(2025, 12, 31)))


def test_a_day_outside_the_period_is_refused() -> None:
    content = b"Date,Video Views,Profile Views,Likes,Comments,Shares\nMay 3,10,1,1,0,0\n"
    with pytest.raises(Refusal, match=r'"May 3" is not in the period you gave \(2025-08-01'):
        read(content, period=AUGUST_PERIOD)


def test_dates_out_of_order_without_a_period_are_refused() -> None:
    content = (b"Date,Video Views,Profile Views,Likes,Comments,Shares\n"
               b"August 31,10,1,1,0,0\nAugust 5,12,1,1,0,0\n")
    with pytest.raises(Refusal, match='not in order \\("August 5" follows "August 31"\\)'):
        read(content)
    result = read(content, period=AUGUST_PERIOD)
    assert result is not None and len(result.observations) == 10


def test_a_repeated_day_is_refused() -> None:
    content = (b"Date,Video Views,Profile Views,Likes,Comments,Shares\n"
               b"August 31,10,1,1,0,0\nAugust 31,12,1,1,0,0\n")
    with pytest.raises(Refusal, match="appears twice"):
        read(content)
    with pytest.raises(Refusal, match="appears twice"):
        read(content, period=AUGUST_PERIOD)


def test_last_day_after_the_upload_day_belongs_to_the_year_before() -> None:
    content = b"Date,Video Views,Profile Views,Likes,Comments,Shares\nMarch 5,10,1,1,0,0\n"
    result = read(content, received=datetime(2026, 3, 3, 9, tzinfo=UTC))
    assert result is not None and result.observations[0].day == date(2025, 3, 5)
    content = content.replace(b"March 5", b"March 4")
    ahead = read(content, received=datetime(2026, 3, 3, 23, tzinfo=UTC))
    assert ahead is not None and ahead.observations[0].day == date(2026, 3, 4)
    content = b"Date,Video Views,Profile Views,Likes,Comments,Shares\nJanuary 1,10,1,1,0,0\n"
    zone_ahead = read(content, received=datetime(2025, 12, 31, 23, tzinfo=UTC))
    assert zone_ahead is not None and zone_ahead.observations[0].day == date(2026, 1, 1)


def test_unreadable_dates_and_cells_are_skipped_with_warnings() -> None:
    content = (b"Date,Video Views,Profile Views,Likes,Comments,Shares,Plays\n"
               b"August 30,10,n/a,=1+1,0,0,7\nyesterday,12,1,1,0,0,7\n"
               b"August 31,11,2,,1,0,7\n")
    result = read(content, period=AUGUST_PERIOD)
    assert result is not None
    assert len(result.observations) == 7
    assert result.warnings == (
        "1 row skipped: the date is not a day and month.",
        PERIOD_WARNING,
        "3 daily figures skipped: the cell is empty or not a number.",
        "Columns not read (no figure this bot compares): Plays.",
    )
    assert result.rows == 3


def test_viewers_with_no_comparable_figure_is_refused() -> None:
    content = (b"Date,Total Viewers,New Viewers,Returning Viewers\n"
               b"August 30,1200,800,400\nAugust 31,1310,850,460\n")
    with pytest.raises(Refusal, match="has no figures this bot can read"):
        read(content, period=AUGUST_PERIOD)


def test_mixed_years_are_refused() -> None:
    content = (b"Date,Video Views,Profile Views,Likes,Comments,Shares\n"
               b"2025-08-30,10,1,1,0,0\nAugust 31,12,1,1,0,0\n")
    with pytest.raises(Refusal, match="some do not"):
        read(content)


def test_full_dates_need_no_inference() -> None:
    content = b"Date,Video Views,Profile Views,Likes,Comments,Shares\n2025-08-30,10,1,1,0,0\n"
    result = read(content)
    assert result is not None
    assert result.observations[0] == daily(Metric.VIEWS, 10, date(2025, 8, 30))
    assert result.warnings == ()


@pytest.mark.parametrize("content", [
    # Meta Business Suite per-post export
    b"Post ID,Account ID,Account username,Account name,Description,Duration (sec),"
    b"Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,"
    b"Comments,Saves\n1789,1784,mia,Mia,Hi,12,03/27/2026 06:08,"
    b"https://www.instagram.com/reel/Cx1/,Reel,,Lifetime,100,80,5,1,0,2,1\n",
    # YouTube Studio table
    b"Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers\n"
    b"Total,,,,100,2.5,3\ndQw4w9WgXcQ,Hi,\"Aug 31, 2025\",30,100,2.5,3\n",
    # Instagram per-metric overview
    '\ufeffsep=,\n"Views"\n"Date","Primary"\n"2025-08-31","120"\n'.encode("utf-16-le"),
    # TikTok per-video export
    (FIXTURES / "tiktok_videos_en.csv").read_bytes(),
    # a daily sheet of likes, comments and shares only, which any platform could write
    b"Date,Likes,Comments,Shares\nAugust 31,1,2,3\n",
    b"", b"\x00\x01\x02", b"PK\x03\x04\x14\x00\x00\x00",
])
def test_other_files_are_not_claimed(content: bytes) -> None:
    assert read(content) is None


def test_truncated_file() -> None:
    content = fixture("tiktok_overview_wrap.csv")
    cut = content[: content.index(b"January 2,99") + len(b"January 2,99")]
    result = read(cut)
    assert result is not None
    assert "4 daily figures skipped: the cell is empty or not a number." in result.warnings
    assert [o.value for o in result.observations if o.day == date(2026, 1, 2)] == [Decimal(99)]
    with pytest.raises(Refusal, match="quote is left open"):
        read(b'Date,Video Views,Profile Views,Likes,Comments,Shares\n"August 31,10,1')


def test_wrong_encoding_is_refused() -> None:
    content = ("Datum;Videoaufrufe;Profilaufrufe;Likes;Kommentare;Geteilt\n"
               "3. März;10;1;1;0;0\n").encode("latin-1")
    with pytest.raises(Refusal, match="not UTF-8 or UTF-16"):
        read(content, period=(date(2025, 3, 1), date(2025, 3, 31)))


def test_formula_cells_are_never_read() -> None:
    content = (b"Date,Video Views,Profile Views,Likes,Comments,Shares\n"
               b'"=HYPERLINK(""http://x"",""August 30"")",10,1,1,0,0\n'
               b'August 31,"=HYPERLINK(""http://x"",""5"")",@SUM(1),+1,-1+2,3\n')
    result = read(content, period=AUGUST_PERIOD)
    assert result is not None
    assert [(o.metric, o.value) for o in result.observations] == [
        (Metric.LIKES, Decimal(1)), (Metric.SHARES, Decimal(3))]
    assert result.warnings[0] == "1 row skipped: the date is not a day and month."
    assert "3 daily figures skipped: the cell is empty or not a number." in result.warnings


def test_a_hundred_thousand_rows_are_refused() -> None:
    lines = ["Date,Video Views,Profile Views,Likes,Comments,Shares"]
    lines += ["August 31,10,1,1,0,0"] * 100_000
    with pytest.raises(Refusal, match="over 20,000 rows"):
        read("\n".join(lines).encode())


def _outcome(content: bytes, period: tuple[date, date] | None = None) -> None:
    try:
        result = read(content, period=period)
    except Refusal:
        return
    assert result is None or isinstance(result, ImportedFile)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_none_a_result_or_a_refusal(content: bytes) -> None:
    _outcome(content)


_CELLS = st.sampled_from(["August 31", "December 31", "January 1", "31. August", "12", "-3",
                          "1.2K", "", "=1+1", '"', "n/a", "Febr 29", "2025-02-29", "9" * 40])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELLS, max_size=8), max_size=30),
       st.one_of(st.none(), st.tuples(st.dates(), st.dates())))
def test_overview_shaped_files_give_a_result_or_a_refusal(
        rows: list[list[str]], period: tuple[date, date] | None) -> None:
    lines = ["Date,Video Views,Profile Views,Likes,Comments,Shares"]
    lines += [",".join(row) for row in rows]
    _outcome("\n".join(lines).encode(), period)


def test_alias_table_names_each_header_and_month_once() -> None:
    raw = json.loads((Path(tiktok_headers.__file__).parent / "aliases" / "tiktok.json")
                     .read_text("utf-8"))
    for section in ("overview", "videos"):
        roles: dict[str, str] = {}
        for names in raw[section].values():
            for role, aliases in names.items():
                for alias in aliases:
                    key = header_key(alias)
                    assert roles.setdefault(key, role) == role, (section, alias)
                    assert role in {"day", "link", "id", "title", "published", "ignore"} | {
                        metric.value for metric in Metric}
    seen: dict[str, str] = {}
    for month, names in raw["months"].items():
        for name in names:
            assert seen.setdefault(name, month) == month, name


def test_a_period_of_centuries_is_refused_quickly() -> None:
    lines = ["Date,Video Views,Profile Views,Likes,Comments,Shares"]
    lines += ["February 29,10,1,1,0,0"] * 19_000
    with pytest.raises(Refusal, match="more than one year"):
        read("\n".join(lines).encode(), period=(date(1, 1, 1), date(9999, 12, 31)))
