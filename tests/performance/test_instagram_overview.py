"""Instagram's per-metric overview file: one account-wide metric a day, named in the
user's language, in UTF-16LE behind a `sep=,` line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.importing import Upload
from bot.campaign.performance.instagram_overview import IMPORTER
from bot.campaign.performance.observation import ACCOUNT, ImportedFile, Observation, Scope
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
AT = datetime(2026, 4, 2, 9, 30, tzinfo=UTC)


def overview(name: str, rows: list[tuple[str, str]], header: str = '"Date","Primary"') -> bytes:
    lines = ["sep=,", f'"{name}"', header] + [f'"{day}","{value}"' for day, value in rows]
    return b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le")


def read(content: bytes) -> ImportedFile | None:
    return IMPORTER.read(Upload(content, "Views.csv", AT))


def daily(metric: Metric, scope: Scope, definition: str,
          days: list[tuple[date, int]]) -> list[Observation]:
    return [Observation(post=ACCOUNT, metric=metric, value=Decimal(value), scope=scope,
                        definition=definition, day=day) for day, value in days]


def test_the_fixture_is_utf16le_with_a_bom_behind_a_sep_line() -> None:
    content = (FIXTURES / "instagram_overview_views.csv").read_bytes()
    assert content.startswith(b"\xff\xfes\x00e\x00p\x00=\x00,\x00\r\x00\n\x00")


def test_views_by_day_are_account_wide_with_unknown_scope() -> None:
    found = read((FIXTURES / "instagram_overview_views.csv").read_bytes())
    assert found is not None
    assert (found.format, found.parser_version, found.platform, found.rows) == (
        "instagram_overview", 1, "instagram", 3)
    assert list(found.observations) == daily(
        Metric.VIEWS, Scope.UNKNOWN, "instagram.views.2025",
        [(date(2026, 3, 1), 1834), (date(2026, 3, 2), 2210), (date(2026, 3, 3), 1977)])
    assert found.warnings == ()


def test_a_german_metric_name_and_day_first_dates() -> None:
    found = read((FIXTURES / "instagram_overview_reichweite_de.csv").read_bytes())
    assert found is not None
    assert list(found.observations) == daily(
        Metric.REACH, Scope.UNKNOWN, "instagram.reach",
        [(date(2026, 3, 1), 1204), (date(2026, 3, 2), 988), (date(2026, 3, 13), 1517)])
    assert found.warnings == ("Dates were read as day/month/year, the order German exports "
                              "use.",)


@pytest.mark.parametrize(("name", "metric", "scope"), [
    ("Aufrufe", Metric.VIEWS, Scope.UNKNOWN), ("Vues", Metric.VIEWS, Scope.UNKNOWN),
    ("Visualizaciones", Metric.VIEWS, Scope.UNKNOWN), ("Couverture", Metric.REACH, Scope.UNKNOWN),
    ("Interacciones", None, None), ("Total views", Metric.VIEWS, Scope.ORGANIC_PLUS_PAID),
    ("J'aime", Metric.LIKES, Scope.UNKNOWN), ("Veces guardado", Metric.SAVES, Scope.UNKNOWN),
])
def test_localised_metric_names(name: str, metric: Metric | None, scope: Scope | None) -> None:
    content = overview(name, [("2025-01-05T00:00:00", "7")])
    if metric is None:
        with pytest.raises(Refusal, match=f"about \u201c{name}\u201d"):
            read(content)
        return
    found = read(content)
    assert found is not None
    assert [(o.metric, o.scope, o.day) for o in found.observations] == [
        (metric, scope, date(2025, 1, 5))]


def test_an_unknown_metric_name_is_shown_as_plain_short_text() -> None:
    name = "<b>Sticker\u202etaps</b>\t" + "x" * 100
    with pytest.raises(Refusal) as refused:
        read(overview(name, [("2026-03-01", "7")]))
    assert refused.value.message == (
        "That Instagram overview file is about \u201c<b>Sticker taps</b> "
        + "x" * 39 + "\u2026\u201d, which is not a metric this bot compares.")


def test_every_skip_is_one_counted_warning() -> None:
    found = read(overview("Views", [
        ("2026-03-01T00:00:00", "10"), ("yesterday", "3"), ("2026-03-02T00:00:00", "=1+1"),
        ("2026-03-03T00:00:00", ""), ("2026-03-04T00:00:00", "2.5"),
        ("2026-03-05T00:00:00", "1,234")]) + '\r\n"2026-03-06"'.encode("utf-16-le"))
    assert found is not None
    assert [(o.day, o.value) for o in found.observations] == [
        (date(2026, 3, 1), 10), (date(2026, 3, 5), 1234)]
    assert found.warnings == (
        "Rows skipped because their date cannot be read: 1.",
        "Days skipped because their figure is not a number: 1.",
        "Days skipped because they have no figure: 1.",
        "Days skipped because their figure is not a whole count: 1.",
        "Rows skipped because they do not line up with the header (cut short or with extra "
        "cells): 1.",
    )


def test_a_name_two_languages_share_reads_dates_in_the_only_order_that_fits() -> None:
    found = read(overview("Follows", [("13/03/2026", "4"), ("02/03/2026", "1")]))
    assert found is not None
    assert [o.day for o in found.observations] == [date(2026, 3, 13), date(2026, 3, 2)]
    assert found.warnings == ("Dates were read as day/month/year, the only order that reads "
                              "them all.",)


def test_dates_that_fit_either_order_under_a_shared_name_are_refused() -> None:
    with pytest.raises(Refusal, match="could be month/day or day/month"):
        read(overview("Follows", [("01/03/2026", "4"), ("02/03/2026", "1")]))


def test_two_figures_for_one_day_are_refused() -> None:
    with pytest.raises(Refusal, match="two figures for 2026-03-01"):
        read(overview("Views", [("2026-03-01", "4"), ("2026-03-01T00:00:00", "5")]))


def test_a_file_with_only_its_header_is_refused() -> None:
    with pytest.raises(Refusal, match="has no figures this bot can read"):
        read(overview("Views", []))


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe", (FIXTURES / "meta_posts_en.csv").read_bytes(),
    overview("Views", [("2026-03-01", "1")], header='"Day","Count"'),
    b"\xff\xfe" + "sep=,\r\n\"Views\",\"Reach\"\r\n\"Date\",\"Primary\"".encode("utf-16-le"),
])
def test_other_files_are_not_this_format(content: bytes) -> None:
    assert read(content) is None


def test_utf16_without_its_bom_is_not_recognised() -> None:
    assert read((FIXTURES / "instagram_overview_views.csv").read_bytes()[2:]) is None


def test_the_same_file_in_utf8_is_read() -> None:
    text = (FIXTURES / "instagram_overview_views.csv").read_bytes().decode("utf-16")
    found = read(text.encode("utf-8"))
    assert found is not None and len(found.observations) == 3


def test_a_file_cut_mid_row_keeps_whole_rows_and_says_so() -> None:
    whole = (FIXTURES / "instagram_overview_views.csv").read_bytes()
    found = read(whole[: -len(',"1977"\r\n'.encode("utf-16-le"))])
    assert found is not None
    assert len(found.observations) == 2
    assert found.warnings == ("Rows skipped because they do not line up with the header (cut "
                              "short or with extra cells): 1.",)


def test_a_file_cut_inside_a_quote_is_refused() -> None:
    whole = (FIXTURES / "instagram_overview_views.csv").read_bytes()
    with pytest.raises(Refusal, match="quote is left open"):
        read(whole[: -len('977"\r\n'.encode("utf-16-le"))])


def test_a_hundred_thousand_days_are_refused_whole() -> None:
    rows = [(f"{2000 + n // 400}-01-01", str(n)) for n in range(100_000)]
    with pytest.raises(Refusal, match="over 20,000 rows"):
        read(overview("Views", rows))


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
    _outcome(b"\xff\xfe" + content)


CELLS = st.sampled_from([
    "Views", "Follows", "Date", "Primary", "2026-03-01T00:00:00", "01.03.2026", "03/13/2026",
    "12,400", "1.204", "-3", "=1+1", "", '"', "\u202e", "NaN", "9" * 400, "sep=,"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=1, max_size=3), min_size=1, max_size=8),
       st.booleans())
def test_overview_like_text_gives_none_a_file_or_a_refusal(
        rows: list[list[str]], utf16: bool) -> None:
    text = "\r\n".join(",".join(row) for row in rows)
    _outcome(b"\xff\xfe" + text.encode("utf-16-le") if utf16 else text.encode("utf-8"))
