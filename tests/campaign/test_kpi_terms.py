"""KPI targets as an agreement states them: composites with their formula, remedies only for
guaranteed KPIs, and optional terms that leave older versions' hashes alone."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from bot.campaign.terms.kpis import (
    Commitment,
    Counting,
    Formula,
    KpiRemedy,
    KpiTarget,
    Level,
    Metric,
)
from bot.campaign.terms.problems import InvalidAgreement
from bot.campaign.terms.terms_document import terms_document
from bot.campaign.terms.terms_reading import read_terms
from bot.campaign.terms.versions import canonical_terms
from tests.campaign.terms_strategies import example_terms
from tests.campaign.test_terms import refused

RATE = KpiTarget(Metric.ENGAGEMENT_RATE, Decimal(4), Commitment.GUARANTEED,
                 Counting.ORGANIC_ONLY, 30, ("d1",),
                 Formula((Metric.LIKES, Metric.COMMENTS, Metric.SHARES, Metric.SAVES),
                         Metric.VIEWS),
                 remedy=KpiRemedy(Decimal(2), Decimal(20), 1))


def with_kpis(*kpis: KpiTarget) -> object:
    return lambda t: dataclasses.replace(t, kpis=kpis)


def test_a_composite_kpi_reads_back_from_its_document_exactly() -> None:
    terms = dataclasses.replace(example_terms(), kpis=(
        RATE, dataclasses.replace(RATE, formula=Formula((Metric.LIKES,), None, Decimal(120_000)),
                                  remedy=None, tolerance_percent=Decimal(2),
                                  definition="instagram.views.2025", level=Level.ACCOUNT)))
    assert read_terms(terms_document(terms)).kpis == terms.kpis


def test_a_kpi_without_the_optional_terms_is_written_as_before() -> None:
    plain = example_terms().kpis[0]
    assert set(terms_document(example_terms())["kpis"][0]) == {
        "metric", "target", "commitment", "counting", "window_days", "deliverables"}
    assert plain.tolerance_percent == Decimal(5) and plain.level is Level.POSTS
    assert '"tolerance_percent"' not in canonical_terms(example_terms())


@pytest.mark.parametrize(("kpi", "problem"), [
    (dataclasses.replace(RATE, formula=None),
     "kpis[0].formula: is needed for engagement_rate and only for it"),
    (dataclasses.replace(RATE, metric=Metric.VIEWS),
     "kpis[0].formula: is only for a composite metric such as engagement_rate"),
    (dataclasses.replace(RATE, formula=Formula((Metric.LIKES,), Metric.VIEWS, Decimal(10))),
     "kpis[0].formula: needs either a denominator metric or followers_at_publish, not both"),
    (dataclasses.replace(RATE, formula=Formula((), Metric.VIEWS)),
     "kpis[0].formula.numerator: must list plain metrics to add up"),
    (dataclasses.replace(RATE, commitment=Commitment.GOAL),
     "kpis[0].remedy: only a guaranteed KPI has a remedy; a goal informs"),
    (dataclasses.replace(RATE, remedy=KpiRemedy()),
     "kpis[0].remedy: states neither a fee reduction nor make-good posts"),
])
def test_a_kpi_that_cannot_be_judged_as_written_is_refused(kpi: KpiTarget, problem: str) -> None:
    assert refused(with_kpis(kpi)) == [problem]  # type: ignore[arg-type]


def test_an_unknown_metric_in_a_formula_is_named_with_the_choices() -> None:
    document = terms_document(dataclasses.replace(example_terms(), kpis=(RATE,)))
    document["kpis"][0]["formula"]["numerator"] = ["likes", "=cmd|x"]  # type: ignore[index]
    with pytest.raises(InvalidAgreement) as refusal:
        read_terms(document)
    assert [p.path for p in refusal.value.problems] == ["kpis[0].formula.numerator[1]"]


def test_an_agreement_states_at_most_forty_kpis() -> None:
    many = tuple(dataclasses.replace(RATE, deliverables=("d1",)) for _ in range(41))
    assert refused(with_kpis(*many)) == ["kpis: at most 40 KPI targets, not 41"]  # type: ignore[arg-type]
