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


@pytest.mark.parametrize(("custom_id", "typed", "fields"), [
    ("reasons+cites", "The brief (E1) sets no date.\nCiting: E1, P1",
     {"reasons": "The brief (E1) sets no date.", "cites": "E1, P1"}),
    ("reasons+cites", "Two lines\nof reasons\ncites: d2", {"reasons": "Two lines\nof reasons",
                                                           "cites": "d2"}),
    ("reasons+cites", "No citations here.", {"reasons": "No citations here."}),
    ("deliverables+dates", "One reel\nDates: reel by 2026-12-20",
     {"deliverables": "One reel", "dates": "reel by 2026-12-20"}),
    ("deliverables+dates", "Dates: 2026-12-20", {"dates": "2026-12-20"}),
])
def test_a_last_line_gives_the_second_field(custom_id: str, typed: str,
                                            fields: dict[str, str]) -> None:
    assert layout._split(custom_id, typed) == fields


def test_pairs_are_taken_only_until_the_form_fits() -> None:
    proposal = [i.custom_id for i in layout.inputs("propose")]
    assert proposal == ["amount+currency", "deliverables", "dates", "terms",
                        "followup+followup_due"]
    assert [i.custom_id for i in layout.inputs("recommend")] == [
        "amount+currency", "deliverables+dates", "terms", "followup+followup_due",
        "reasons+cites"]
