"""Versions: the canonical form of the terms, its hash, and amendments that never rewrite."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.terms import CampaignTerms
from bot.campaign.terms.versions import (
    AgreementVersion,
    amend,
    canonical_terms,
    first_version,
    history_problems,
    terms_from_canonical,
    terms_hash,
    version_hash,
)
from tests.campaign.terms_strategies import campaign_terms, example_terms

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def floats_in(value: object) -> list[object]:
    if isinstance(value, dict):
        return [f for v in value.values() for f in floats_in(v)]
    if isinstance(value, list):
        return [f for v in value for f in floats_in(v)]
    return [value] if isinstance(value, float | Decimal) else []


def with_total(terms: CampaignTerms, total: str) -> CampaignTerms:
    """The example with a new total and a second milestone that still adds up."""
    m1, m2 = terms.payment.milestones
    payment = dataclasses.replace(terms.payment, total=Decimal(total),
                                  milestones=(m1, dataclasses.replace(m2, amount=None,
                                                                      percent=Decimal(50))))
    return dataclasses.replace(terms, payment=payment)


def test_the_canonical_form_sorts_keys_writes_money_as_text_and_holds_no_float() -> None:
    text = canonical_terms(example_terms())
    document = json.loads(text)
    assert text == json.dumps(document, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False)
    assert document["payment"]["total"] == "3000.00"
    assert document["payment"]["milestones"][0]["percent"] == "50"
    assert floats_in(json.loads(text, parse_float=Decimal)) == []


def test_equal_amounts_written_differently_give_one_canonical_form() -> None:
    terms = example_terms()
    same = dataclasses.replace(terms, payment=dataclasses.replace(
        terms.payment, total=Decimal("3000.000")))
    assert same == terms
    assert canonical_terms(same) == canonical_terms(terms)
    assert terms_hash(same) == terms_hash(terms)


@SLOW
@given(campaign_terms())
def test_terms_to_canonical_json_and_back_is_identity(terms: CampaignTerms) -> None:
    text = canonical_terms(terms)
    assert terms_from_canonical(text) == terms
    assert canonical_terms(terms_from_canonical(text)) == text
    assert floats_in(json.loads(text, parse_float=Decimal)) == []


def test_version_1_has_no_parent_and_an_amendment_points_at_its_parent() -> None:
    v1 = first_version(example_terms())
    v2 = amend(v1, with_total(v1.terms, "3200.00"))
    assert (v1.number, v1.parent) == (1, None)
    assert (v2.number, v2.parent) == (2, v1.hash)
    assert v1.terms.payment.total == Decimal("3000.00")  # the parent is as it was
    assert history_problems((v1, v2)) == []


def test_the_hash_is_sha256_of_number_parent_and_canonical_terms() -> None:
    v1 = first_version(example_terms())
    assert len(v1.hash) == 64
    assert v1.hash == version_hash(1, None, v1.terms)
    assert v1.hash != terms_hash(v1.terms)  # it pins the place in the history too


def test_restoring_earlier_terms_is_a_new_version_with_its_own_hash() -> None:
    v1 = first_version(example_terms())
    v2 = amend(v1, with_total(v1.terms, "3200.00"))
    v3 = amend(v2, v1.terms)
    assert v3.terms == v1.terms
    assert v3.hash != v1.hash


def test_an_amendment_that_changes_nothing_is_refused() -> None:
    v1 = first_version(example_terms())
    with pytest.raises(InvalidAgreement, match=r"^terms: the same as version 1"):
        amend(v1, example_terms())


def test_a_version_cannot_be_changed_by_assignment() -> None:
    v1 = first_version(example_terms())
    with pytest.raises(dataclasses.FrozenInstanceError):
        v1.terms = with_total(v1.terms, "1.00")  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        v1.terms.payment.total = Decimal("1.00")  # type: ignore[misc]
    with pytest.raises(AttributeError):
        v1.terms.deliverables.append(v1.terms.deliverables[0])  # type: ignore[attr-defined]


def test_a_version_rebuilt_with_other_terms_or_another_hash_is_refused() -> None:
    v1 = first_version(example_terms())
    with pytest.raises(InvalidAgreement, match=r"^hash: does not match"):
        dataclasses.replace(v1, terms=with_total(v1.terms, "1.00"))
    with pytest.raises(InvalidAgreement, match=r"^hash: does not match"):
        dataclasses.replace(v1, hash="0" * 64)
    with pytest.raises(InvalidAgreement, match=r"^hash: does not match"):
        AgreementVersion(1, None, v1.terms, version_hash(1, None, with_total(v1.terms, "1.00")))
    with pytest.raises(InvalidAgreement, match=r"^parent: version 1, and only version 1"):
        dataclasses.replace(v1, number=2)


def test_a_change_forced_past_the_frozen_fields_is_detected() -> None:
    v1 = first_version(example_terms())
    v2 = amend(v1, with_total(v1.terms, "3200.00"))
    forced = copy.deepcopy(v1)
    object.__setattr__(forced.terms.deliverables[0], "quantity", 3)
    assert v1.intact()
    assert not forced.intact()
    renumbered = copy.deepcopy(v1)
    vars(renumbered)["number"] = 5
    assert not renumbered.intact()
    assert history_problems((forced, v2))[0].path == "versions[0]"
    with pytest.raises(InvalidAgreement, match=r"^parent: version 1 no longer matches"):
        amend(forced, with_total(v1.terms, "3300.00"))


def test_copies_and_pickles_of_a_version_are_the_same_version() -> None:
    v1 = first_version(example_terms())
    for again in (copy.deepcopy(v1), pickle.loads(pickle.dumps(v1))):
        assert again == v1
        assert again.intact()


def test_a_history_with_a_gap_or_a_wrong_parent_is_named() -> None:
    v1 = first_version(example_terms())
    v2 = amend(v1, with_total(v1.terms, "3200.00"))
    other = first_version(with_total(v1.terms, "100.00"))
    stray = AgreementVersion(2, other.hash, v2.terms, version_hash(2, other.hash, v2.terms))
    assert [p.path for p in history_problems((v1, stray))] == ["versions[1].parent"]
    assert [p.path for p in history_problems((v2,))] == ["versions[0].number"]


def test_text_that_is_not_canonical_json_is_refused_with_a_message() -> None:
    with pytest.raises(InvalidAgreement, match="not canonical JSON"):
        terms_from_canonical("{")
