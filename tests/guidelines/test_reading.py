"""A rulebook read from YAML or JSON: all or nothing, each problem named by its field, and
written back so that reading it again gives the same rulebook."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings

from bot.guidelines.presets import DEFAULT_RULEBOOK
from bot.guidelines.reading import (
    DocumentFormat,
    import_rulebook,
    read_rulebook,
    rulebook_document,
    rulebook_yaml,
)
from bot.guidelines.rulebook import InvalidRulebook, Rulebook
from tests.guidelines.strategies import rulebooks


@settings(max_examples=60, deadline=None)
@given(rulebooks())
def test_a_rulebook_written_and_read_back_is_the_same(book: Rulebook) -> None:
    assert read_rulebook(rulebook_document(book)) == book
    assert import_rulebook(rulebook_yaml(book)) == book
    as_json = json.dumps(rulebook_document(book))
    assert import_rulebook(as_json, DocumentFormat.JSON) == book


def _default() -> dict[str, object]:
    return rulebook_document(DEFAULT_RULEBOOK)


def _refused(document: object) -> list[str]:
    before = copy.deepcopy(document)
    with pytest.raises(InvalidRulebook) as refused:
        read_rulebook(document)
    assert document == before  # nothing changed in what was given
    return [str(p) for p in refused.value.problems]


def _edit(path: tuple[str | int, ...], value: object) -> dict[str, object]:
    document = _default()
    target: object = document
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    return document


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("rules", 0, "colour"), "red", "rules[0].colour: is not a field here"),
    (("rules", 2, "side"), "agency", "rules[2].side: expected one of: creator, brand, either"),
    (("rules", 1, "ladder"), "five_strikes", "rules[1].ladder: no ladder is called "
                                              "'five_strikes'"),
    (("ladders", 0, "strike_days"), -3, "ladders[0].strike_days: must be from 1 to 3650, not -3"),
    (("rules", 4, "grace_days"), -1, "rules[4].grace_days: must be from 0 to 3650, not -1"),
    (("ladders", 1, "steps", 1, "days"), 0, "ladders[1].steps[1].days: must be from 1 to 3650"),
    (("ladders", 2, "steps", 1, "percent"), "150", "ladders[2].steps[1].percent: must be above "
                                                   "0 and at most 100"),
    (("ladders", 2, "steps", 1, "percent"), "2.00001", "ladders[2].steps[1].percent: has more "
                                                       "than 4 decimals"),
    (("ladders", 0, "steps", 2, "kind"), "banishment", "ladders[0].steps[2].kind: expected one "
                                                       "of: reminder"),
    (("rules", 0, "title"), "x" * 100_000, "rules[0].title: is 100,000 characters; at most 120"),
    (("rules", 0, "title"), "Fine\u202eenil", "rules[0].title: holds control or invisible"),
    (("rules", 0, "evidence", 0), "a\x00b", "rules[0].evidence[0]: holds control or invisible"),
    (("rules", 0, "key"), "Robert'); DROP", "rules[0].key: \"Robert'); DROP\" is not a key"),
    (("rules", 1, "key"), "non_delivery", "rules[1].key: 'non_delivery' is already a rule's key"),
    (("rules", 0, "detected_by"), ["report", "report"], "rules[0].detected_by[1]: report is "
                                                         "already listed"),
    (("rules", 0, "finding"), "late", "rules[1].finding: another rule already takes late"),
    (("rules", 7, "finding"), "missed", "rules[7].finding: is needed exactly when detected_by"),
    (("version",), True, "version: expected a whole number, like 3, not true"),
    (("version",), 10**30, "version: is too large"),
])
def test_each_bad_field_is_refused_by_its_path(path: tuple[str | int, ...], value: object,
                                               expected: str) -> None:
    problems = _refused(_edit(path, value))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_missing_ladder_and_a_missing_field_are_named() -> None:
    document = _default()
    del document["ladders"][1]  # type: ignore[attr-defined]
    problems = _refused(document)
    assert "rules[0].ladder: no ladder is called 'expiry_ladder'" in problems
    document = _default()
    del document["rules"][3]["side"]  # type: ignore[index]
    assert _refused(document) == ["rules[3].side: is missing"]


def test_a_bad_shape_is_not_reported_twice_through_its_stand_ins() -> None:
    document = _edit(("ladders", 0, "steps", 0, "kind"), 7)
    assert _refused(document) == [
        "ladders[0].steps[0].kind: expected one of: reminder, warning, strike, extension, "
        "fee_adjustment, suspension, not the number 7"]


def test_a_step_holds_only_its_own_fields() -> None:
    document = _edit(("ladders", 0, "steps", 0), {"kind": "warning", "days": 3})
    assert _refused(document) == ["ladders[0].steps[0].days: is not part of a warning"]
    document = _edit(("ladders", 0, "steps", 2), {"kind": "suspension", "days": 3})
    assert _refused(document) == ["ladders[0].steps[2].scope: is missing: new_cases or "
                                  "campaigns"]


def test_not_a_rulebook_at_all() -> None:
    assert _refused([1, 2]) == ["a rulebook is a mapping of fields (version, ladders, rules), "
                                "not a list"]
    assert "ladders: must hold 1 to 20 ladders, not 0" in _refused(
        {"version": 1, "ladders": [], "rules": []})


@pytest.mark.parametrize(("content", "expected"), [
    ("a: &x [1]\nb: *x\n", "aliases (*name) are not allowed in a rulebook"),
    ("[" * 40 + "]" * 40, "nested more than 32 levels deep"),
    ("version: 1\nversion: 2\n", "the field 'version' appears twice"),
    ("x" * (256 * 1024 + 1), "the file is 262,145 bytes; a rulebook is at most 262,144"),
    (b"\xff\xfe", "the file is not UTF-8 text"),
    ("version: [\n", "the file cannot be read as YAML: line"),
])
def test_hostile_files_are_refused_before_they_are_read(content: str | bytes,
                                                        expected: str) -> None:
    with pytest.raises(InvalidRulebook) as refused:
        import_rulebook(content)
    assert expected in str(refused.value)


@pytest.mark.parametrize("content", ['{"version": 1, "version": 1}', '{"version": NaN}'])
def test_json_with_a_repeated_field_or_nan_is_refused(content: str) -> None:
    with pytest.raises(InvalidRulebook, match="cannot be read as JSON"):
        import_rulebook(content, DocumentFormat.JSON)


def test_a_percent_is_read_exactly() -> None:
    document = _edit(("ladders", 2, "steps", 1, "percent"), "2.5")
    step = read_rulebook(document).ladder("late_fee").steps[1]
    assert step.percent == Decimal("2.5")
    assert rulebook_document(read_rulebook(document))["ladders"][2]["steps"][1] == {  # type: ignore[index]
        "kind": "fee_adjustment", "percent": "2.5"}
