"""Every core form fits a Discord modal, and paired inputs split back into the core's fields."""

from __future__ import annotations

import pytest

from adapters.discord import layout
from adapters.discord.custom_ids import OPEN_MODAL
from bot.input.forms import FORMS


@pytest.mark.parametrize("name", sorted(FORMS))
def test_each_form_fits_in_five_inputs_and_asks_every_field(name: str) -> None:
    inputs = layout.inputs(name)
    assert len(inputs) <= layout.MAX_INPUTS
    asked = {part for i in inputs for part in i.custom_id.split("+")}
    wanted = set(OPEN_MODAL) if name == "open" else FORMS[name].field_names
    assert asked == wanted
    assert all(len(i.label) <= 45 and len(i.hint) <= 100 for i in inputs)


@pytest.mark.parametrize(("typed", "fields"), [
    ("1500 EUR", {"amount": "1500", "currency": "EUR"}),
    ("EUR 1,500.50", {"amount": "1,500.50", "currency": "EUR"}),
    ("1500", {"amount": "1500"}),
    ("  ", {}),
])
def test_amount_and_currency_split(typed: str, fields: dict[str, str]) -> None:
    assert layout._split("amount+currency", typed) == fields


@pytest.mark.parametrize(("typed", "fields"), [
    ("Payment of the fee; 2026-12-31", {"followup": "Payment of the fee",
                                        "followup_due": "2026-12-31"}),
    ("Repost the video 2026-12-01", {"followup": "Repost the video",
                                     "followup_due": "2026-12-01"}),
    ("Payment", {"followup": "Payment"}),
])
def test_followup_and_due_date_split(typed: str, fields: dict[str, str]) -> None:
    assert layout._split("followup+followup_due", typed) == fields


def test_inputs_that_are_not_in_the_modal_are_dropped() -> None:
    assert layout.fields_from("open", {"title": "T", "side": "creator"}) == {"title": "T"}
