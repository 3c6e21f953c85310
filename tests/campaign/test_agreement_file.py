"""The agreement file: YAML or JSON text in, terms or every problem by field out; nothing that
could hurt gets through, and nothing but the importer's own error ever comes out."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.campaign.checks.disclosure import Regime
from bot.campaign.parties import CampaignRole, Duty
from bot.campaign.terms.agreement_file import FileFormat, agreement_data, import_agreement
from bot.campaign.terms.approval import OnSilence
from bot.campaign.terms.clauses import DelayPeriod, Rounding
from bot.campaign.terms.deliverables import Format, RequirementKind
from bot.campaign.terms.kpis import Metric
from bot.campaign.terms.money import MINOR_UNITS
from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.relationship import Relationship
from bot.campaign.terms.rights import AdAccessKind, UsageKind
from bot.campaign.terms.terms import CampaignTerms, Disputes
from bot.campaign.terms.terms_document import terms_document
from bot.campaign.terms.terms_reading import read_terms
from bot.campaign.terms.versions import canonical_terms
from tests.campaign.terms_strategies import campaign_terms, example_terms, example_text

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads(
    resources.files("bot.campaign.terms").joinpath("agreement.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def problems(content: str | bytes, file_format: FileFormat = FileFormat.YAML) -> list[str]:
    with pytest.raises(InvalidAgreement) as refusal:
        import_agreement(content, file_format)
    return [str(p) for p in refusal.value.problems]


def example_with(change: str, to: str) -> str:
    text = example_text()
    assert change in text
    return text.replace(change, to, 1)


# -- the example --------------------------------------------------------------------------------
def test_the_schema_is_draft_2020_12_and_the_example_follows_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    VALIDATOR.validate(agreement_data(example_text()))


def test_the_example_imports_and_reads_as_what_it_says() -> None:
    terms = import_agreement(example_text())
    assert terms.title == "Glow Serum spring launch"
    assert [d.key for d in terms.deliverables] == ["d1", "d2"]
    assert terms.payment.total == Decimal("3000.00")
    assert terms.clauses[0].percent_per_period == 5
    assert terms.time_zone == "America/New_York"


def test_an_agreement_without_a_time_zone_counts_in_utc_and_an_unknown_zone_is_refused() -> None:
    assert import_agreement(example_with("time_zone: America/New_York\n", "")).time_zone == "UTC"
    with pytest.raises(InvalidAgreement) as refused:
        import_agreement(example_with("America/New_York", "America/Gotham"))
    assert [str(p) for p in refused.value.problems] == [
        "time_zone: 'America/Gotham' is not a time zone; write an IANA name such as "
        "America/New_York, Europe/Paris or UTC"]


def test_a_dispute_clause_makes_decisions_binding_and_is_kept_only_when_stated() -> None:
    terms = import_agreement(example_text())
    assert terms.disputes is Disputes.MEDIATION and "disputes" not in terms_document(terms)
    binding = import_agreement(example_with("time_zone:", "disputes: binding\ntime_zone:"))
    assert binding.disputes is Disputes.BINDING
    assert read_terms(terms_document(binding)) == binding
    with pytest.raises(InvalidAgreement) as refused:
        import_agreement(example_with("time_zone:", "disputes: arbitration\ntime_zone:"))
    assert [p.path for p in refused.value.problems] == ["disputes"]


def test_the_same_agreement_as_json_or_bytes_imports_the_same() -> None:
    terms = example_terms()
    assert import_agreement(canonical_terms(terms), FileFormat.JSON) == terms
    assert import_agreement(canonical_terms(terms)) == terms  # JSON is YAML too
    assert import_agreement("\ufeff".encode() + example_text().encode()) == terms


def test_the_schema_offers_exactly_the_words_the_terms_know() -> None:
    """The schema is written by hand: this keeps its lists of words in step with the code."""
    defs = SCHEMA["$defs"]
    top = SCHEMA["properties"]
    listed = {
        "relationship": top["relationship"]["enum"],
        "disclosure_regime": top["disclosure_regime"]["enum"],
        "format": defs["deliverable"]["properties"]["format"]["enum"],
        "requirement kind": defs["requirement"]["properties"]["kind"]["enum"],
        "role": defs["party"]["properties"]["role"]["enum"],
        "duty": defs["party"]["properties"]["duties"]["items"]["enum"],
        "on_silence": top["approval"]["properties"]["on_silence"]["enum"],
        "usage kind": defs["usage_rights"]["properties"]["kind"]["enum"],
        "ad access kind": defs["ad_access"]["properties"]["kind"]["enum"],
        "rounding": defs["clause"]["properties"]["rounding"]["enum"],
        "delay period": defs["clause"]["properties"]["period"]["enum"],
        "metric": defs["kpi"]["properties"]["metric"]["enum"],
        "currency": sorted(top["payment"]["properties"]["currency"]["enum"]),
    }
    assert listed == {
        "relationship": list(Relationship), "disclosure_regime": list(Regime),
        "format": list(Format), "requirement kind": list(RequirementKind),
        "role": list(CampaignRole), "duty": list(Duty), "on_silence": list(OnSilence),
        "usage kind": list(UsageKind), "ad access kind": list(AdAccessKind),
        "rounding": list(Rounding), "delay period": list(DelayPeriod), "metric": list(Metric),
        "currency": sorted(MINOR_UNITS),
    }


@FUZZ
@given(campaign_terms())
def test_the_canonical_form_of_any_terms_follows_the_schema(terms: CampaignTerms) -> None:
    VALIDATOR.validate(json.loads(canonical_terms(terms)))


def test_the_guide_shows_the_example_file_as_it_is() -> None:
    guide = (ROOT / "docs" / "campaigns.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL)
    assert example_text() in blocks


# -- each problem names its field ---------------------------------------------------------------
@pytest.mark.parametrize(("change", "to", "expected"), [
    ("title: Glow Serum spring launch\n", "", "title: is missing"),
    ("relationship: paid", "relationship: sponsored",
     "relationship: expected one of: paid, gifted_no_ask, gifted_soft_ask, "
     "gifted_deliverable_ask, affiliate, hybrid, not the text 'sponsored'"),
    ("format: ig_reel", "format: instagram reel",
     "deliverables[0].format: expected one of: ig_reel"),
    ("quantity: 1", "quantity: one", "deliverables[0].quantity: expected a whole number, like 3"),
    ("draft_due: 7 days", "draft_due: a week",
     "deliverables[0].schedule.draft_due: expected a length of time like `3 days`"),
    ("{start: 14 days, end: 21 days}", "{start: 14 days, end: 3 weeks}",
     "deliverables[1].schedule.publish_window.end: expected a length of time"),
    ("{start: 14 days, end: 21 days}", "{start: 14 days, end: 10 days}",
     "deliverables[1].schedule.publish_window.end: the window ends (10 days) before it starts"),
    ("anchor: product_delivered", "anchor: 2026-02-30",
     "deliverables[0].schedule.anchor: expected `agreement_accepted`, `product_delivered`, or a "
     "date"),
    ("objective: true}", "objective: yes please}",
     "deliverables[0].requirements[0].objective: expected true or false"),
    ('total: "3000.00"', "total: 3000.001",
     "payment.total: 3000.001 is not a whole number of USD's smallest unit"),
    ('total: "3000.00"', 'total: "3,000"', "payment.total: expected a plain number like 1500"),
    ('total: "3000.00"', "total: -3000", "payment.total: expected a plain number like 1500"),
    ('"deliverable_live:d2"', '"deliverable_live:d3"',
     "payment.milestones[1].trigger: deliverable_live names deliverable 'd3'"),
    ('"deliverable_live:d2"', "on publication",
     "payment.milestones[1].trigger: expected `agreement_accepted`, `deliverable_approved:<key>`"),
    ('amount: "1500.00"', 'amount: "1499.99"',
     "payment.milestones: the milestones add up to 2999.99 USD, not the total of 3000.00 USD"),
    ("currency: USD", "currency: XYZ", "payment.currency: 'XYZ' is not an ISO 4217"),
    ("territory: [US, CA]", "territory: [US, Canada]",
     "usage_rights[0].territory[1]: a territory is `worldwide` or an ISO 3166 two-letter"),
    ("cap_percent: 25", "cap_percent: 250",
     "clauses[0].cap_percent: must be a percent from 0 to 100, not 250"),
    ("kind: late_delivery", "kind: late_payment", "clauses[0].kind: expected `late_delivery`"),
    ("keep_live_days: 90\n  - key: d2", "keep_live_days: 90\n      keep_live: 30\n  - key: d2",
     "deliverables[0].schedule.keep_live: is not a field here; expected one of: anchor"),
    ("duties: [payer]", "duties: [payer, boss]",
     "parties[1].duties[1]: expected one of: payer, payee, approver, not the text 'boss'"),
    ("publish_window: {start: 10 days, end: 14 days}", "publish_window: 10 to 14 days",
     "deliverables[0].schedule.publish_window: must be a mapping of fields (start, end), not "
     "the text '10 to 14 days'"),
    ("channels: [instagram, tiktok]", "channels: instagram",
     "usage_rights[0].channels: expected a list, not the text 'instagram'"),
])
def test_each_problem_names_its_field_and_what_was_expected(change: str, to: str,
                                                            expected: str) -> None:
    found = problems(example_with(change, to))
    assert any(line.startswith(expected) for line in found), found


@pytest.mark.parametrize(("change", "to"), [
    ("title: Glow Serum spring launch\n", ""),
    ("title: Glow Serum spring launch", "title: Glow\ntagline: Glow up"),
    ("format: ig_reel", "format: reel"),
    ("key: d2", "key: D2"),
    ("quantity: 1", "quantity: 0"),
    ("draft_due: 7 days", "draft_due: 7 weeks"),
    ("anchor: product_delivered", "anchor: launch"),
    ('trigger: agreement_accepted', 'trigger: signature'),
    ("net_days: 30", "net_days: -30"),
    ("cap_percent: 25", "cap_percent: 101"),
    ("currency: USD", "currency: usd"),
    ("territory: [US, CA]", "territory: [worldwide, US]"),
    ("    days: 90\n", "    days: 0\n"),
    ("revocable: true", "revocable: 1"),
    ("  category: skincare\n  competitors: [Dew Labs]\n", ""),
])
def test_the_schema_refuses_the_shapes_the_importer_refuses(change: str, to: str) -> None:
    text = example_with(change, to)
    assert problems(text)
    assert not VALIDATOR.is_valid(agreement_data(text))


def test_every_problem_in_a_file_is_listed() -> None:
    text = example_with("quantity: 1", "quantity: 0").replace("currency: USD", "currency: 12")
    assert [line.split(":")[0] for line in problems(text)] == ["payment.currency"]  # the shape
    text = example_with("quantity: 1", "quantity: 0").replace("cap_percent: 25", "cap_percent: 0")
    assert [line.split(":")[0] for line in problems(text)] == [
        "deliverables[0].quantity", "clauses[0].cap_percent"]


def test_dates_stay_text_so_yaml_and_json_read_them_alike() -> None:
    text = example_with("anchor: product_delivered", "anchor: 2026-05-01")
    assert import_agreement(text).deliverables[0].schedule.anchor.on.isoformat() == "2026-05-01"
    assert agreement_data(text)["deliverables"][0]["schedule"]["anchor"] == "2026-05-01"  # type: ignore[index]


def test_numbers_with_a_point_are_read_exactly() -> None:
    text = example_with('total: "3000.00"', "total: 3000.10").replace(
        'amount: "1500.00"', "amount: 1500.05")
    assert import_agreement(text).payment.total == Decimal("3000.10")
    assert problems(example_with("target: 50000", "target: .inf")) == [
        "line 101, column 13: '.inf' is not a number an agreement can hold"]


# -- what could hurt ----------------------------------------------------------------------------
@pytest.mark.parametrize(("content", "expected"), [
    ("a: &x [1, 2]\nb: *x\n", "line 2: aliases (*name) are not allowed"),
    ("a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n", "line 2: aliases (*name)"),
    ("title: A\ntitle: B\n", "line 2, column 1: the field 'title' appears twice"),
    ("1: one\n", "line 1, column 1: field names must be text"),
    ("yes: one\n", "line 1, column 1: field names must be text"),
    ("<<: {title: A}\n", "line 1, column 1: field names must be text"),
    ("[" * 40 + "]" * 40, "line 1: nested more than 32 levels deep"),
    ("title: !!python/object/apply:os.system [echo]\n", "line 1, column 8: could not determine"),
    ("a: 1\n---\nb: 2\n",
     "line 2, column 1: but found another document (expected a single document in the stream)"),
    ("title: [unclosed\n",
     "line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence)"),
    ("- just\n- a list\n", "the agreement must be a mapping of fields (title, parties,"),
    ("", "the agreement must be a mapping of fields"),
    ("x" * (256 * 1024 + 1), "the file is 262,145 bytes; an agreement file is at most 262,144"),
    (b"title: \xff\n", "the file is not UTF-8 text (byte 7)"),
    ("title: " + "9" * 5000, "the file cannot be read as YAML: ValueError"),
])
def test_what_could_hurt_is_refused_with_a_message(content: str | bytes, expected: str) -> None:
    assert any(line.startswith(expected) for line in problems(content)), problems(content)


@pytest.mark.parametrize(("content", "expected"), [
    ('{"title": "A", "title": "B"}', "the field 'title' appears twice in one object"),
    ('{"payment": {"total": NaN}}', "NaN is not a number an agreement can hold"),
    ("[" * 100_000 + "]" * 100_000, "the file cannot be read as JSON: RecursionError"),
    ('{"title": ' + "9" * 5000 + "}", "the file cannot be read as JSON: ValueError"),
    ("{", "line 1, column 2: not valid JSON (Expecting property name"),
])
def test_json_is_refused_the_same_way(content: str, expected: str) -> None:
    assert any(line.startswith(expected) for line in problems(content, FileFormat.JSON))


# -- all or nothing, and only ever our own error ------------------------------------------------
plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    | st.decimals() | st.sampled_from(["d1", "m1", "c1", "USD", "7 days", "2026-05-01", "50"]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=12) | st.sampled_from(sorted(terms_document(
        example_terms()))), inner, max_size=5),
    max_leaves=20)


def paths_of(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        found += [p for k, v in value.items() for p in paths_of(v, (*prefix, k))]
    elif isinstance(value, list):
        found += [p for i, v in enumerate(value) for p in paths_of(v, (*prefix, i))]
    return found


@st.composite
def mutated_examples(draw: st.DrawFn) -> object:
    """The example's data with one to three places deleted, replaced or added to."""
    document: object = json.loads(json.dumps(agreement_data(example_text()), default=str))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths_of(document)[1:]))
        *parents, last = path
        holder: object = document
        for step in parents:
            holder = holder[step]  # type: ignore[index]
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete":
            del holder[last]  # type: ignore[attr-defined]
        elif action == "replace":
            holder[last] = draw(plain)  # type: ignore[index]
        elif isinstance(holder, dict):
            holder[draw(st.text(max_size=8))] = draw(plain)
        elif isinstance(holder, list):
            holder.append(draw(plain))
    return document


def imports_fully_or_not_at_all(document: object) -> CampaignTerms | None:
    before = copy.deepcopy(document)
    try:
        terms = read_terms(document)
    except InvalidAgreement as refusal:
        assert refusal.problems and all(str(p) for p in refusal.problems)
        return None
    finally:
        assert repr(document) == repr(before)  # reading changes nothing
    assert read_terms(json.loads(canonical_terms(terms))) == terms  # whole, valid terms
    return terms


@FUZZ
@given(mutated_examples())
def test_mutated_examples_import_fully_or_not_at_all(document: object) -> None:
    if imports_fully_or_not_at_all(document) is not None:
        VALIDATOR.validate(document)  # the schema never refuses what imports


@FUZZ
@given(plain)
def test_arbitrary_data_raises_nothing_but_the_importers_error(document: object) -> None:
    imports_fully_or_not_at_all(document)


@FUZZ
@given(mutated_examples(), st.sampled_from(FileFormat))
def test_mutated_example_files_raise_nothing_but_the_importers_error(
        document: object, file_format: FileFormat) -> None:
    if file_format is FileFormat.JSON:
        text = json.dumps(document, default=str)
    else:
        text = yaml.safe_dump(json.loads(json.dumps(document, default=str)), allow_unicode=True)
    try:
        import_agreement(text, file_format)
    except InvalidAgreement as refusal:
        assert refusal.problems


@FUZZ
@given(st.data())
def test_damaged_example_text_raises_nothing_but_the_importers_error(data: st.DataObject) -> None:
    text = example_text()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    damaged = text[:start] + data.draw(st.text(max_size=10)) + text[end:]
    for file_format in FileFormat:
        try:
            import_agreement(damaged, file_format)
        except InvalidAgreement as refusal:
            assert refusal.problems


@FUZZ
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_raises_nothing_but_the_importers_error(content: str | bytes) -> None:
    for file_format in FileFormat:
        with pytest.raises(InvalidAgreement):
            import_agreement(content, file_format)
