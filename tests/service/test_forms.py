"""Forms with bad values are refused as a whole, naming every bad field, and write nothing."""

from __future__ import annotations

import pytest

from bot.domain.phases import Phase
from bot.input.forms import FormInvalid

from .desk import ANA, CLEO, Desk


async def invalid(desk: Desk, actor: object, line: str, case_id: str | None) -> FormInvalid:
    before = await desk.footprint(case_id)
    cases = await desk.store.case_ids()
    with pytest.raises(FormInvalid) as error:
        await desk.say(actor, line, case_id)  # type: ignore[arg-type]
    assert await desk.footprint(case_id) == before
    assert await desk.store.case_ids() == cases
    return error.value


async def test_a_bad_open_form_opens_nothing(desk: Desk) -> None:
    error = await invalid(
        desk,
        ANA,
        'open @cleo side=influencer title="x" category=fraud '
        'amount=12.345 currency=EURO summary=""',
        None,
    )
    assert set(error.errors) == {
        "side",
        "category",
        "amount",
        "currency",
        "summary",
        "desired_outcome",
    }
    assert error.errors["summary"] == "required"
    assert error.errors["amount"] == "at most two decimals"
    for name in error.errors:
        assert f"{name}:" in error.message


async def test_an_unknown_field_is_named(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    error = await invalid(desk, ANA, "propose amount=10 currency=EUR discount=5", case_id)
    assert set(error.errors) == {"discount"}
    assert "not a field of this form" in error.errors["discount"]


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("propose", {"amount"}),
        ("propose amount=ten currency=EUR", {"amount"}),
        ("propose amount=-5 currency=EUR", {"amount"}),
        ("propose amount=1e13 currency=EUR", {"amount"}),
        ("propose amount=NaN currency=EUR", {"amount"}),
        ("propose amount=100", {"currency"}),
        ("propose currency=EUR", {"amount"}),
        ("propose amount=100 currency=€€€", {"currency"}),
        ("counter 2 amount=100 currency=US", {"currency"}),
        ("counter 2 dates=" + "x" * 301, {"dates"}),
    ],
)
async def test_bad_proposal_forms_write_nothing(desk: Desk, line: str, fields: set[str]) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    error = await invalid(desk, ANA, line, case_id)
    assert set(error.errors) == fields


async def test_a_bad_statement_form_writes_nothing(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.STATEMENTS)
    error = await invalid(desk, CLEO, "statement position=maybe amount=5", case_id)
    assert set(error.errors) == {"what_happened", "wants", "position", "currency"}
    assert error.errors["what_happened"] == "required"


async def test_good_values_are_cleaned_and_normalised(desk: Desk) -> None:
    case_id = await desk.case_in(Phase.NEGOTIATION)
    outcome = await desk.say(
        ANA, 'propose amount=1,500.5 currency=eur dates="  1  Dec\t" terms="a\r\nb"', case_id
    )
    assert outcome.entries[0].payload["terms"] == {
        "amount": "1500.50",
        "currency": "EUR",
        "dates": "1 Dec",
        "terms": "a\nb",
    }
