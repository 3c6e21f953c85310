"""`/review` options → the text grammar's requests (or the form to open). Pure."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.discord import options as o
from adapters.discord.custom_ids import FormId
from adapters.discord.review_translate import review_request
from bot.input.grammar import Request

CASE = "MB-7K2Q9X"


@pytest.mark.parametrize(("sub", "values", "wanted"), [
    ("open", {}, Request("review", CASE, (), {}, "")),
    ("position", {}, FormId("position", CASE)),
    ("recommend", {}, FormId("recommend", CASE)),
    ("recommend", {"terms": "form"}, FormId("recommend", CASE)),
    ("recommend", {"terms": "computed"}, Request("recommend", CASE, ("computed",), {},
                                                 "computed")),
    ("decide", {"terms": "recommended"}, Request("decide", CASE, ("recommended",), {},
                                                 "recommended")),
    ("answer", {"move": "reject", "reason": "too low"},
     Request("recommendation", CASE, ("reject", "too", "low"), {}, "reject too low")),
    ("appeal", {"text": "New log"}, Request("appeal", CASE, ("New", "log"), {}, "New log")),
    ("handoff", {"mediator": "42", "reason": "conflict"},
     Request("handoff", CASE, ("<@42>", "conflict"), {}, "<@42> conflict")),
    ("observer", {"move": "add", "person": "43", "side": "creator", "act": True},
     Request("observer", CASE, ("add", "<@43>", "creator", "act"), {},
             "add <@43> creator act")),
    ("observer", {"move": "remove", "person": "43", "act": False},
     Request("observer", CASE, ("remove", "<@43>"), {}, "remove <@43>")),
])
def test_each_subcommand_is_the_grammars_move(sub: str, values: dict[str, Any],
                                              wanted: Request | FormId) -> None:
    assert review_request(sub, CASE, values) == wanted


@pytest.mark.parametrize(("sub", "values"), [
    ("answer", {"move": "maybe"}), ("decide", {"terms": "guess"}),
    ("recommend", {"terms": "recommended"}), ("handoff", {"mediator": "nobody"}),
    ("observer", {"move": "add", "person": "43", "act": "yes"}), ("erase", {}),
    ("appeal", {"text": True})])
def test_malformed_options_are_refused(sub: str, values: dict[str, Any]) -> None:
    with pytest.raises(o.Malformed):
        review_request(sub, CASE, values)
