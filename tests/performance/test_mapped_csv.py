"""A CSV read with the user's column mapping: lifetime and daily figures, missing columns,
the mapping form and its round trip, and hostile files."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.campaign.performance.importing import ColumnMapping, Upload
from bot.campaign.performance.mapped_csv import IMPORTER, mapping_fields, mapping_from_form
from bot.campaign.performance.observation import ACCOUNT, ImportedFile, Observation, Scope
from bot.campaign.terms.kpis import Metric
from bot.domain.errors import Refusal

FIXTURES = Path(__file__).parent / "fixtures"
RECEIVED = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
AS_RECEIVED = ("Figures are taken as of when the file was received, since the mapping names "
               "no date column.")
DAILY = ColumnMapping(metrics={"Plays": Metric.VIEWS, "likes": Metric.LIKES}, post="Post link",
                      day="Date", decimal_comma=True, scope=Scope.ORGANIC)
LIFETIME = ColumnMapping(metrics={"Total views": Metric.VIEWS, "Total likes": Metric.LIKES},
                         post="Video", platform="youtube")


def upload(content: bytes, mapping: ColumnMapping | None) -> Upload:
    return Upload(content=content, filename="export.csv", received_at=RECEIVED, mapping=mapping)


def read(content: bytes, mapping: ColumnMapping) -> ImportedFile:
    found = IMPORTER.read(upload(content, mapping))
    assert found is not None
    return found


def test_without_a_mapping_it_is_not_ours() -> None:
    content = (FIXTURES / "mapped_lifetime.csv").read_bytes()
    assert IMPORTER.read(upload(content, None)) is None


def test_lifetime_figures_by_video_id() -> None:
    found = read((FIXTURES / "mapped_lifetime.csv").read_bytes(), LIFETIME)
    assert (found.format, found.parser_version, found.platform, found.rows) == (
        "mapped_csv", 1, "youtube", 2)
    assert found.observations == (
        Observation("youtube:aBcDeFgHiJ1", Metric.VIEWS, Decimal(12400), Scope.UNKNOWN,
                    "youtube.views", as_of=RECEIVED),
        Observation("youtube:aBcDeFgHiJ1", Metric.LIKES, Decimal(1200), Scope.UNKNOWN,
                    "youtube.likes", as_of=RECEIVED),
        Observation("youtube:Sh0rtVid001", Metric.VIEWS, Decimal(2830), Scope.UNKNOWN,
                    "youtube.views", as_of=RECEIVED),
    )
    assert found.warnings == (AS_RECEIVED, "Skipped 1 figure(s) that were not numbers.")


def test_daily_figures_by_link_take_each_links_platform() -> None:
    found = read((FIXTURES / "mapped_daily.csv").read_bytes(), DAILY)
    day = date(2026, 4, 1)
    assert found.platform == ""
    assert found.rows == 4
    assert found.observations == (
        Observation("instagram:C4abcDEF123", Metric.VIEWS, Decimal("1250.5"), Scope.ORGANIC,
                    "instagram.views.2025", day=day),
        Observation("instagram:C4abcDEF123", Metric.LIKES, Decimal(40), Scope.ORGANIC,
                    "instagram.likes", day=day),
        Observation("tiktok:7351234567890123456", Metric.VIEWS, Decimal(3400), Scope.ORGANIC,
                    "tiktok.views", day=day),
        Observation("tiktok:7351234567890123456", Metric.LIKES, Decimal(120), Scope.ORGANIC,
                    "tiktok.likes", day=day),
    )
    assert found.warnings == (
        "Skipped 1 row(s) whose post column is not a link or id this bot knows.",
        "Skipped 1 row(s) whose date could not be read.")


def test_account_figures_day_first() -> None:
    mapping = ColumnMapping(metrics={"Reach": Metric.REACH}, day="Day", day_order="dmy",
                            decimal_comma=True, platform="instagram")
    found = read(b"Day;Reach\r\n01.04.2026;1.234\r\n02.04.2026;-\r\n", mapping)
    assert found.observations == (
        Observation(ACCOUNT, Metric.REACH, Decimal(1234), Scope.UNKNOWN, "instagram.reach",
                    day=date(2026, 4, 1)),)
    assert found.warnings == ()


def test_missing_mapped_headers_are_named() -> None:
    mapping = ColumnMapping(metrics={"Total views": Metric.VIEWS, "Saves": Metric.SAVES,
                                     "x" * 100: Metric.SHARES}, post="Video", day="When")
    content = (FIXTURES / "mapped_lifetime.csv").read_bytes()
    with pytest.raises(Refusal) as refused:
        IMPORTER.read(upload(content, mapping))
    assert refused.value.message == (
        "That file has no column named “When”, “Saves”, “" + "x" * 59 + "…”, which the "
        "column mapping names; fix the mapping or export those columns.")


def test_a_file_with_no_readable_figure_is_refused() -> None:
    with pytest.raises(Refusal, match="no figures this bot can read"):
        IMPORTER.read(upload(b"Video,Total views,Total likes\r\nnope,x,y\r\n", LIFETIME))


def test_formula_cells_are_never_read() -> None:
    content = (b'Video,Total views,Total likes\r\n'
               b'"=HYPERLINK(""https://youtu.be/aBcDeFgHiJ1"",""x"")",5,6\r\n'
               b'aBcDeFgHiJ1,=1+1,@SUM(A1)\r\n')
    mapping = ColumnMapping(metrics=LIFETIME.metrics, post="Video")
    with pytest.raises(Refusal, match="no figures this bot can read"):
        IMPORTER.read(upload(content, mapping))


def test_hundred_thousand_rows_are_refused() -> None:
    content = b"Video,Total views,Total likes\r\n" + b"aBcDeFgHiJ1,1,2\r\n" * 100_000
    with pytest.raises(Refusal, match="over 20,000 rows"):
        IMPORTER.read(upload(content, LIFETIME))


def test_truncated_and_wrongly_encoded_files_are_refused() -> None:
    content = (FIXTURES / "mapped_lifetime.csv").read_bytes()
    with pytest.raises(Refusal, match="quote is left open"):
        IMPORTER.read(upload(content[:-20], LIFETIME))
    with pytest.raises(Refusal, match="not UTF-8 or UTF-16"):
        IMPORTER.read(upload("Vidéo,Total views\r\n".encode("latin-1"), LIFETIME))


def test_the_form_round_trips() -> None:
    fields = {"post": "Post link", "day": "Date", "day_order": "dmy", "decimal_comma": "yes",
              "scope": "organic_plus_paid", "platform": "tiktok",
              "metrics": "Plays = views\nAvg. watch = average_view_seconds\nA=B = likes"}
    mapping = mapping_from_form(fields)
    assert mapping == ColumnMapping(
        metrics={"Plays": Metric.VIEWS, "Avg. watch": Metric.AVERAGE_VIEW_SECONDS,
                 "A=B": Metric.LIKES},
        post="Post link", day="Date", day_order="dmy", decimal_comma=True,
        scope=Scope.ORGANIC_PLUS_PAID, platform="tiktok")
    assert mapping_fields(mapping) == {
        **fields, "metrics": "Plays = views\nAvg. watch = average_view_seconds\nA=B = likes"}
    assert mapping_from_form(mapping_fields(mapping)) == mapping


def test_the_form_defaults_and_lenient_metric_names() -> None:
    assert mapping_from_form({"metrics": "\nWatch = Watch time hours\n"}) == ColumnMapping(
        metrics={"Watch": Metric.WATCH_TIME_HOURS})


@pytest.mark.parametrize(("fields", "message"), [
    ({"metrics": "Plays = plays"},
     "“plays” is not a metric this bot knows; the metrics are: views, reach, impressions, "
     "likes, comments, shares, saves, profile_visits, follows, link_clicks, "
     "watch_time_hours, average_view_seconds, conversions."),
    ({"metrics": "Plays views"}, "“Plays views” is not a `Header = metric` line."),
    ({"metrics": "= views"}, "“= views” is not a `Header = metric` line."),
    ({"metrics": ""}, "Name at least one metric column, as `Header = metric` lines."),
    ({"metrics": "A = views\na = likes"}, "The column “a” is mapped twice."),
    ({"metrics": "A = views", "day_order": "dym"},
     "“dym” is not a day order this bot knows; use one of: ymd, mdy, dmy."),
    ({"metrics": "A = views", "decimal_comma": "maybe"},
     "“maybe” is not a decimal comma this bot knows; use one of: yes, no."),
    ({"metrics": "A = views", "platform": "myspace"},
     "“myspace” is not a platform this bot knows; use one of: (none), instagram, tiktok, "
     "youtube."),
    ({"metrics": "A = views", "scope": "paid"},
     "“paid” is not a scope this bot knows; use one of: organic, organic_plus_paid, unknown."),
])
def test_the_form_refuses_what_it_cannot_read(fields: dict[str, str], message: str) -> None:
    with pytest.raises(Refusal) as refused:
        mapping_from_form(fields)
    assert refused.value.message == message


def _outcome(content: bytes, mapping: ColumnMapping) -> None:
    try:
        found = IMPORTER.read(upload(content, mapping))
    except Refusal:
        return
    assert isinstance(found, ImportedFile)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_file_or_a_refusal(content: bytes) -> None:
    _outcome(content, LIFETIME)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=5), max_size=6))
def test_random_rows_under_the_header_give_a_file_or_a_refusal(rows: list[list[str]]) -> None:
    text = "Post link,Date,Plays,Likes\r\n" + "".join(",".join(r) + "\r\n" for r in rows)
    _outcome(text.encode(), DAILY)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["post", "day", "day_order", "decimal_comma", "scope",
                                        "platform", "metrics"]), st.text(max_size=40)))
def test_random_forms_give_a_mapping_or_a_refusal(fields: dict[str, str]) -> None:
    try:
        mapping = mapping_from_form(fields)
    except Refusal:
        return
    assert mapping_from_form(mapping_fields(mapping)) == mapping
