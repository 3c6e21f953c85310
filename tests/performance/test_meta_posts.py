"""Meta Business Suite's per-post export, in English, German, French and Spanish, and the
files that only look like one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.importing import Upload
from bot.campaign.performance.meta_posts import IMPORTER
from bot.campaign.performance.observation import ImportedFile, Observation, Scope
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
AT = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)
AS_OF = ("Lifetime figures are counted as of 2026-04-02T09:30+00:00, when the file was "
         "reported, since the export does not say when it was made.")
UNREAD = "Columns not read (no metric this bot compares, or one another column gives): "
DEFINED = {Metric.VIEWS: "instagram.views.2025"}
ORDER = [Metric.VIEWS, Metric.REACH, Metric.LIKES, Metric.SHARES, Metric.FOLLOWS,
         Metric.COMMENTS, Metric.SAVES]


def read(content: bytes | str) -> ImportedFile | None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return IMPORTER.read(Upload(data, "export.csv", AT))


def fixture(name: str) -> ImportedFile:
    found = read((FIXTURES / name).read_bytes())
    assert found is not None
    return found


def lifetime(key: str, link: str, published: datetime, values: list[int],
             metrics: list[Metric] = ORDER) -> list[Observation]:
    return [Observation(post=key, metric=metric, value=Decimal(value), scope=Scope.ORGANIC,
                        definition=DEFINED.get(metric, f"instagram.{metric.value}"),
                        as_of=AT, permalink=link, published_at=published)
            for metric, value in zip(metrics, values, strict=True)]


def test_english_export_reads_quoted_thousands_and_month_first_times() -> None:
    found = fixture("meta_posts_en.csv")
    assert found.format == "meta_posts" and found.parser_version == 1
    assert found.platform == "instagram" and found.rows == 2
    assert list(found.observations) == lifetime(
        "instagram:DHq3xYzAb1C", "https://www.instagram.com/reel/DHq3xYzAb1C/",
        datetime(2026, 3, 27, 6, 8), [12400, 9870, 512, 37, 4, 21, 88],
    ) + lifetime(
        "instagram:DHt7KpQrS2d", "https://www.instagram.com/p/DHt7KpQrS2d/",
        datetime(2026, 3, 29, 18, 30), [3105, 2240, 198, 6, 1, 14, 1002])
    assert found.warnings == (
        AS_OF, "Dates were read as month/day/year, the order English exports use.")


def test_german_export_reads_dot_thousands_decimal_commas_and_day_first_times() -> None:
    found = fixture("meta_posts_de.csv")
    assert list(found.observations) == lifetime(
        "instagram:DNa1b2C3d4E", "https://www.instagram.com/reel/DNa1b2C3d4E/",
        datetime(2026, 9, 1, 18, 0), [12400, 8015, 731, 1204, 12, 2345, 97],
    ) + lifetime(
        "instagram:DNf5G6h7I8j", "https://www.instagram.com/p/DNf5G6h7I8j/",
        datetime(2026, 9, 3, 7, 15), [1530, 990, 86, 3, 0, 9, 41])
    assert found.warnings == (
        AS_OF, "Dates were read as day/month/year, the order German exports use.")


def test_french_export_reads_narrow_space_thousands() -> None:
    found = fixture("meta_posts_fr.csv")
    assert list(found.observations) == lifetime(
        "instagram:DGx9Yz8Wv7U", "https://www.instagram.com/reel/DGx9Yz8Wv7U/",
        datetime(2026, 3, 12, 19, 45), [12400, 7820, 455, 19, 3, 27, 130])
    assert found.warnings == (
        AS_OF, "Dates were read as day/month/year, the order French exports use.")


def test_spanish_export() -> None:
    found = fixture("meta_posts_es.csv")
    assert list(found.observations) == lifetime(
        "instagram:DFq1W2e3R4t", "https://www.instagram.com/reel/DFq1W2e3R4t/",
        datetime(2026, 2, 5, 10, 0), [25310, 18002, 1488, 240, 35, 61, 2010])
    assert found.warnings == (
        AS_OF, "Dates were read as day/month/year, the order Spanish exports use.")


def test_every_skip_is_one_counted_warning() -> None:
    found = fixture("meta_posts_en_warnings.csv")
    assert found.rows == 7
    daily = datetime(2026, 4, 1, 9, 0)
    assert list(found.observations) == lifetime(
        "instagram:DHw1Aa2Bb3C", "https://www.instagram.com/p/DHw1Aa2Bb3C/", daily,
        [2500, 140], [Metric.VIEWS, Metric.LIKES],
    ) + [
        Observation(post="instagram:DHx4Mm5Nn6O", metric=metric, value=Decimal(value),
                    scope=Scope.ORGANIC, definition=definition, day=date(2026, 3, 31),
                    permalink="https://www.instagram.com/p/DHx4Mm5Nn6O/", published_at=daily)
        for metric, value, definition in ((Metric.VIEWS, 410, "instagram.views.2025"),
                                          (Metric.LIKES, 33, "instagram.likes"))]
    assert found.warnings == (
        "Rows skipped because they do not line up with the header (cut short or with extra "
        "cells): 1.",
        "Rows skipped because they link to a post that is not on Instagram: 1.",
        "Rows skipped because they have no readable Instagram permalink or post ID: 1.",
        "Rows skipped because their date column is neither a date nor \u201cLifetime\u201d: 1.",
        "Figures skipped because they are not numbers: 1 (in Views).",
        "Figures skipped because they are not whole counts: 1 (in Likes).",
        "Posts whose publish time could not be read (left unknown): 1.",
        AS_OF,
        "Dates were read as month/day/year, the order English exports use.",
        UNREAD + "Sticker taps, Plays.",
    )


def test_total_columns_count_the_paid_boost() -> None:
    found = read("Permalink,Date,Views,Total views,Gesamt-Aufrufe\n"
                 "https://www.instagram.com/p/DHw1Aa2Bb3C/,Lifetime,1000,1500,9\n")
    assert found is not None
    assert [(o.metric, o.value, o.scope) for o in found.observations] == [
        (Metric.VIEWS, 1000, Scope.ORGANIC), (Metric.VIEWS, 1500, Scope.ORGANIC_PLUS_PAID)]
    assert found.warnings == (AS_OF, UNREAD + "Gesamt-Aufrufe.")


def test_german_total_prefix_and_straight_quotes_in_a_header() -> None:
    found = read('Beitrags-ID,Datum,"""Gefällt mir""-Angaben",Gesamtaufrufe\n'
                 "18022334455667788,gesamte laufzeit,\"1.204\",\"2.000\"\n")
    assert found is not None
    assert [(o.post, o.metric, o.value, o.scope, o.permalink) for o in found.observations] == [
        ("instagram:id:18022334455667788", Metric.LIKES, 1204, Scope.ORGANIC, ""),
        ("instagram:id:18022334455667788", Metric.VIEWS, 2000, Scope.ORGANIC_PLUS_PAID, "")]


def test_total_plays_stand_for_total_views_only_without_them() -> None:
    found = read("Post ID,Date,Total views,Total plays,Views\n1799,Lifetime,9,8,7\n")
    assert found is not None
    assert [(o.value, o.scope) for o in found.observations] == [
        (9, Scope.ORGANIC_PLUS_PAID), (7, Scope.ORGANIC)]
    assert found.warnings[-1] == UNREAD + "Total plays."


def test_plays_stand_for_views_only_without_a_views_column() -> None:
    found = read("Post ID,Date,Plays\n17998877665544340,01/15/2025,300\n")
    assert found is not None
    assert list(found.observations) == [Observation(
        post="instagram:id:17998877665544340", metric=Metric.VIEWS, value=Decimal(300),
        scope=Scope.ORGANIC, definition="instagram.plays", day=date(2025, 1, 15))]
    assert found.warnings == ("Dates were read as month/day/year, the order English exports "
                              "use.",)


def test_an_english_export_written_day_first_is_read_day_first_and_says_so() -> None:
    found = read("Post ID,Publish time,Date,Likes\n1799,27/03/2026 06:08,Lifetime,5\n"
                 "1800,01/04/2026 10:00,Lifetime,6\n")
    assert found is not None
    assert [o.published_at for o in found.observations] == [
        datetime(2026, 3, 27, 6, 8), datetime(2026, 4, 1, 10, 0)]
    assert found.warnings[-1] == ("Dates were read as day/month/year: they cannot be read as "
                                  "month/day/year, the order English exports use.")


def test_without_a_date_column_figures_are_lifetime_and_it_says_so() -> None:
    found = read("Post ID,Views\n17998877665544340,300\n")
    assert found is not None
    assert found.observations[0].as_of == AT and found.observations[0].day is None
    assert found.warnings == ("The export has no date column; its figures were read as "
                              "lifetime figures.", AS_OF)


def test_the_language_with_most_matching_headers_wins() -> None:
    found = read("Beitrags-ID,Datum,Aufrufe,Kommentare,Views\n"
                 "1799,Gesamte Laufzeit,\"1.500\",7,9\n")
    assert found is not None
    assert [(o.metric, o.value) for o in found.observations] == [
        (Metric.VIEWS, 1500), (Metric.COMMENTS, 7)]
    assert found.warnings[-1] == UNREAD + "Views."


@pytest.mark.parametrize(("header", "lifetime", "value"), [
    ("ID de la publication,Date,Vues totales", "Durée de vie", "1\u202f500"),
    ("ID de la publicación,Fecha,Total de visualizaciones", "Todo el periodo", "1.500"),
    ("Post ID,Date,Total Views", "LIFETIME", "1,500"),
])
def test_total_columns_in_every_language(header: str, lifetime: str, value: str) -> None:
    found = read(f"{header}\n1799,{lifetime},\"{value}\"\n")
    assert found is not None
    assert [(o.metric, o.value, o.scope) for o in found.observations] == [
        (Metric.VIEWS, 1500, Scope.ORGANIC_PLUS_PAID)]


def test_a_thousands_mark_of_another_locale_is_not_taken_for_a_count() -> None:
    found = read("Post ID,Date,Views,Likes\n1799,Lifetime,\"1.500\",3\n")
    assert found is not None
    assert [(o.metric, o.value) for o in found.observations] == [(Metric.LIKES, 3)]
    assert found.warnings[0] == "Figures skipped because they are not whole counts: 1 (in Views)."


def test_a_post_listed_twice_for_one_period_is_refused() -> None:
    with pytest.raises(Refusal, match="instagram:DHw1Aa2Bb3C twice"):
        read("Permalink,Date,Views\nhttps://www.instagram.com/p/DHw1Aa2Bb3C/,Lifetime,1\n"
             "instagram.com/reel/DHw1Aa2Bb3C,Lifetime,2\n")


def test_at_most_ten_unread_columns_are_named() -> None:
    extra = [f"Sticker taps {n}" for n in range(12)]
    found = read(",".join(["Post ID", "Date", "Views", *extra]) + "\n1799,Lifetime,4"
                 + ",1" * 12 + "\n")
    assert found is not None
    assert found.warnings[-1] == (UNREAD + ", ".join(extra[:10]) + " and 2 more.")


def test_two_columns_for_one_metric_are_refused() -> None:
    with pytest.raises(Refusal, match="two views columns"):
        read("Post ID,Date,Views,Views\n1799,Lifetime,1,2\n")


@pytest.mark.parametrize("content", [
    b"", b"\n\n", b"Date,Video Views,Profile Views,Likes,Comments,Shares\n2026-03-01,1,2,3,4,5\n",
    b"Post ID,Description\n1799,hello\n",  # no metric column
    b"Views,Likes\n1,2\n",  # no post column
    "\ufeffsep=,\n\"Views\"\n\"Date\",\"Primary\"\n\"2026-03-01\",\"5\"\n".encode("utf-16"),
    b"PK\x03\x04\x14\x00\x00\x00",
])
def test_other_files_are_not_this_format(content: bytes) -> None:
    assert read(content) is None


def test_a_file_with_no_readable_figure_is_refused() -> None:
    with pytest.raises(Refusal, match="English Meta Business Suite export has no figures"):
        read("Post ID,Date,Views\n1799,Lifetime,\n1800,Lifetime,=1+1\n")


def test_formula_cells_are_never_kept() -> None:
    found = read('Post ID,Permalink,Date,Views\n1799,"=HYPERLINK(""https://www.instagram.com'
                 '/p/DHw1Aa2Bb3C/"",""x"")",Lifetime,"=SUM(1,2)"\n'
                 '1800,"=HYPERLINK(""https://www.instagram.com/p/DHw4Dd5Ee6F/"")",Lifetime,40\n')
    assert found is not None
    assert [(o.post, o.permalink, o.value) for o in found.observations] == [
        ("instagram:id:1800", "", 40)]
    assert "Figures skipped because they are not numbers: 1 (in Views)." in found.warnings


def test_a_file_cut_short_keeps_its_whole_rows_and_says_so() -> None:
    whole = (FIXTURES / "meta_posts_en.csv").read_bytes()
    found = read(whole[: whole.rindex(b",Lifetime") + 9])
    assert found is not None
    assert {o.post for o in found.observations} == {"instagram:DHq3xYzAb1C"}
    assert found.warnings[0].startswith("Rows skipped because they do not line up")


def test_a_file_cut_inside_a_quote_is_refused() -> None:
    whole = (FIXTURES / "meta_posts_en.csv").read_bytes()
    with pytest.raises(Refusal, match="quote is left open"):
        read(whole[: whole.index(b"Spring menu")])


def test_a_german_export_saved_in_a_windows_code_page_is_refused() -> None:
    text = (FIXTURES / "meta_posts_de.csv").read_text(encoding="utf-8")
    with pytest.raises(Refusal, match="not UTF-8 or UTF-16"):
        read(text.replace("„", '"').replace("“", '"').encode("cp1252"))


def test_utf16_without_its_bom_is_not_recognised() -> None:
    assert read((FIXTURES / "meta_posts_en.csv").read_text("utf-8-sig").encode("utf-16-le")) \
        is None


def test_a_hundred_thousand_rows_are_refused_whole() -> None:
    rows = "".join(f"1799{n:06},Lifetime,{n}\n" for n in range(100_000))
    with pytest.raises(Refusal, match="over 20,000 rows"):
        read("Post ID,Date,Views\n" + rows)


def _outcome(content: bytes) -> None:
    try:
        found = read(content)
    except Refusal:
        return
    assert found is None or isinstance(found, ImportedFile)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_none_a_file_or_a_refusal(content: bytes) -> None:
    _outcome(content)


CELLS = st.sampled_from([
    "Post ID", "Permalink", "Date", "Views", "Likes", "Total views", "Lifetime", "Beitrags-ID",
    "Gesamte Laufzeit", "Aufrufe", "12,400", "1.204", "-3", "1e9", "=1+1", "03/27/2026 06:08",
    "31.02.2026", "https://www.instagram.com/p/DHw1Aa2Bb3C/", "17998877665544340", "",
    '"', "\u202e", "NaN", "Infinity", "9" * 400])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=6),
       st.sampled_from([",", ";", "\t"]))
def test_export_like_text_gives_none_a_file_or_a_refusal(
        rows: list[list[str]], separator: str) -> None:
    _outcome("\n".join(separator.join(row) for row in rows).encode("utf-8"))
