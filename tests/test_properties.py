"""Properties over arbitrary input: nothing anyone types or pastes breaks the bot.

Pure: `bot.parser.parse` and `bot.forms.validate` never raise but `FormInvalid`, and what they
return is clean (no control characters but tab and newline, no lone surrogates).
Service (real SQLite): arbitrary `/mediate` lines and thread messages are either done, with the
journal still verifying, or refused with `Refusal`, changing nothing.
"""

from __future__ import annotations

import asyncio
import operator
import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.domain.commands import PostMessage
from bot.domain.errors import Refusal
from bot.domain.phases import Phase
from bot.domain.rules import SUBCOMMANDS
from bot.domain.text import clean_text
from bot.input.forms import FORMS, MAX_AMOUNT, FormInvalid, validate
from bot.input.grammar import CASE_ID, parse
from bot.input.interpret import proposal_number

from .service.desk import ANA, CLEO, MO, OTTO, CaseIds, Desk, database

SETTINGS = settings(max_examples=150, deadline=None)
T = TypeVar("T")

# Every code point, lone surrogates and controls included.
ANY_CHARACTER = st.characters(exclude_categories=())
CLEAN_CHARACTER = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n\t")
any_text = st.one_of(
    st.text(ANY_CHARACTER, max_size=200),
    # Very long input, up to 100,000 characters, cheaply: a random piece repeated.
    st.builds(operator.mul, st.text(ANY_CHARACTER, min_size=1, max_size=20), st.integers(1, 5_000)),
)
clean_text_input = st.one_of(
    st.text(CLEAN_CHARACTER, max_size=200),
    st.builds(
        operator.mul, st.text(CLEAN_CHARACTER, min_size=1, max_size=20), st.integers(1, 5_000)
    ),
)
FIELD_NAMES = sorted({f.name for form in FORMS.values() for f in form.fields})
field_name = st.one_of(st.sampled_from(FIELD_NAMES), st.text(ANY_CHARACTER, max_size=12))
ACTORS = (ANA, CLEO, MO, OTTO)
NUMBERED = frozenset({"accept", "reject", "counter", "withdraw-proposal"})


def assert_clean(value: str) -> None:
    for character in value:
        category = unicodedata.category(character)
        assert category != "Cs", f"lone surrogate {character!r} in {value!r:.80}"
        assert category != "Cc" or character in "\t\n", f"control {character!r} in {value!r:.80}"


def token(name: str, value: str) -> str:
    return f'{name}="{value}"' if value and " " not in value.replace('"', "") else f"{name}={value}"


@st.composite
def command_lines(draw: st.DrawFn, subcommands: tuple[str, ...]) -> str:
    """A line that starts like a real command, with arbitrary arguments and fields."""
    sub = draw(st.sampled_from(subcommands))
    words = draw(
        st.lists(
            st.one_of(
                any_text,
                st.sampled_from(
                    [
                        "1",
                        "2",
                        "#1",
                        "@cleo",
                        "@ana",
                        "impasse",
                        "closed_by_mediator",
                        "json",
                        "MB-000001",
                        "reason",
                    ]
                ),
            ),
            max_size=4,
        )
    )
    fields = draw(st.lists(st.tuples(field_name, any_text).map(lambda kv: token(*kv)), max_size=4))
    prefix = draw(st.sampled_from(["", "/mediate ", "  /mediate   "]))
    return prefix + " ".join([sub, *words, *fields])


# -- pure ---------------------------------------------------------------------------------------
@SETTINGS
@given(st.one_of(any_text, command_lines(SUBCOMMANDS)))
def test_parse_takes_anything_and_returns_clean_text(line: str) -> None:
    request = parse(line)
    assert request.subcommand
    for value in (
        request.subcommand,
        request.text,
        *request.args,
        *request.fields,
        *request.fields.values(),
    ):
        assert_clean(value)
    if request.case_id is not None:
        assert CASE_ID.match(request.case_id) and request.case_id == request.case_id.upper()
    restricted = parse(line, field_names=frozenset({"amount"}))
    assert set(restricted.fields) <= {"amount"}


@SETTINGS
@given(st.sampled_from(sorted(FORMS)), st.dictionaries(field_name, any_text, max_size=8))
def test_forms_refuse_only_with_form_invalid_and_return_clean_values(
    name: str, raw: dict[str, str]
) -> None:
    form = FORMS[name]
    try:
        values = validate(form, raw)
    except FormInvalid as invalid:
        assert invalid.errors and invalid.message.strip()
        assert all(isinstance(k, str) and v for k, v in invalid.errors.items())
        return
    assert set(values) <= form.field_names and not set(raw) - form.field_names
    specs = {f.name: f for f in form.fields}
    for key, value in values.items():
        assert_clean(value)
        assert value == value.strip() and value
        spec = specs[key]
        assert len(value) <= spec.max_length
        if spec.choices:
            assert value in spec.choices
        if spec.kind == "amount":
            assert re.fullmatch(r"-?\d+\.\d{2}", value) and 0 <= Decimal(value) <= MAX_AMOUNT
        if spec.kind == "currency":
            assert re.fullmatch(r"[A-Z]{3}", value)
    assert all(values.get(f.name) for f in form.fields if f.required)


@pytest.mark.parametrize("odd", ["\u0130", "\u017f", "\u0131"])
def test_only_ascii_case_ids_are_recognised(odd: str) -> None:
    request = parse(f"status MB-{odd}00001")
    assert request.case_id is None


def test_a_canonically_equal_letter_is_that_letter() -> None:
    # The Kelvin sign is canonically the letter K: after NFC it is an ordinary case id.
    assert parse("status MB-\u212a00001").case_id == "MB-K00001"


def test_a_negative_zero_amount_is_written_as_zero() -> None:
    assert validate(FORMS["propose"], {"amount": "-0", "currency": "EUR"})["amount"] == "0.00"


@pytest.mark.parametrize("number", ["²", "①", "1²", "⑴"])
def test_a_proposal_number_in_odd_digits_is_refused(number: str) -> None:
    with pytest.raises(Refusal):
        proposal_number(parse(f"accept {number}"))


# -- service ------------------------------------------------------------------------------------
class Bench:
    """One SQLite database for a whole property run, with a case in each phase."""

    def __init__(self, runner: asyncio.Runner, desk: Desk) -> None:
        self.runner = runner
        self.desk = desk
        self.cases: dict[Phase, str] = {}

    def run(self, work: Awaitable[T]) -> T:
        return self.runner.run(work)  # type: ignore[arg-type]

    def case(self, phase: Phase) -> str:
        if phase not in self.cases:
            self.cases[phase] = self.run(self.desk.case_in(phase))
        return self.cases[phase]

    def changed(self, phase: Phase) -> None:
        """The case moved on: the next example gets a fresh one in this phase."""
        self.cases.pop(phase, None)


@contextmanager
def bench(folder: Path) -> Iterator[Bench]:
    with asyncio.Runner() as runner:
        opened = database("sqlite", folder)
        store, evidence = runner.run(opened.__aenter__())
        try:
            desk = runner.run(Desk.over(store, evidence, case_ids=CaseIds()))
            yield Bench(runner, desk)
        finally:
            runner.run(opened.__aexit__(None, None, None))


def check_move(b: Bench, phase: Phase, move: Callable[[Desk, str], Awaitable[Any]]) -> None:
    """Do `move` on the phase's case: done with the chain intact, or refused changing nothing."""
    desk = b.desk
    case_id = b.case(phase)
    b.run(desk.deliver_outbox())
    before = b.run(desk.footprint(case_id))
    try:
        outcome = b.run(move(desk, case_id))
    except Refusal as refusal:
        assert refusal.message.strip()
        assert b.run(desk.footprint(case_id)) == before, "a refusal changed the case"
        return
    stored = b.run(desk.verified(case_id))
    if outcome.entries and outcome.case_id == case_id:
        b.changed(phase)
        assert stored[-len(outcome.entries) :] == list(outcome.entries)
        assert b.run(desk.footprint(case_id))[0] == before[0] + len(outcome.entries)
    elif outcome.entries:
        b.run(desk.verified(outcome.case_id))
    else:
        assert b.run(desk.footprint(case_id)) == before


UNNUMBERED = tuple(s for s in SUBCOMMANDS if s not in NUMBERED)
lines = st.one_of(
    any_text,
    st.builds(operator.add, st.just("/mediate "), any_text),
    command_lines(UNNUMBERED),
    command_lines(UNNUMBERED),
    command_lines(UNNUMBERED),
)


def test_any_mediate_line_is_done_or_refused(tmp_path: Path) -> None:
    with bench(tmp_path) as b:

        @SETTINGS
        @given(st.sampled_from(list(Phase)), st.sampled_from(ACTORS), lines)
        def check(phase: Phase, actor: Any, line: str) -> None:
            check_move(b, phase, lambda desk, case_id: desk.say(actor, line, case_id))

        check()


def test_any_line_about_a_proposal_is_done_or_refused(tmp_path: Path) -> None:
    with bench(tmp_path) as b:

        @SETTINGS
        @given(
            st.sampled_from(list(Phase)),
            st.sampled_from(ACTORS),
            command_lines(tuple(sorted(NUMBERED))),
        )
        @example(Phase.NEGOTIATION, CLEO, "accept ²")
        def check(phase: Phase, actor: Any, line: str) -> None:
            check_move(b, phase, lambda desk, case_id: desk.say(actor, line, case_id))

        check()


def post_and_compare(b: Bench, actor: Any, text: str, expected: Callable[[str], set[str]]) -> None:
    def move(desk: Desk, case_id: str) -> Awaitable[Any]:
        return desk.act(actor, case_id, PostMessage(text))

    case_id = b.case(Phase.STATEMENTS)
    check_move(b, Phase.STATEMENTS, move)
    if b.cases.get(Phase.STATEMENTS) is None:  # accepted: look at what was stored
        [entry] = b.run(b.desk.journal(case_id))[-1:]
        assert entry.kind == "message_posted"
        assert entry.payload["text"] in expected(text)
        assert_clean(entry.payload_json)
        b.cases[Phase.STATEMENTS] = case_id  # keep writing into the same case


def test_any_clean_message_is_journaled_as_typed_or_refused(tmp_path: Path) -> None:
    with bench(tmp_path) as b:

        @SETTINGS
        @given(st.sampled_from(ACTORS), clean_text_input)
        def check(actor: Any, text: str) -> None:
            post_and_compare(b, actor, text, lambda t: {t, clean_text(t)})

        check()


def test_any_message_is_journaled_clean_or_refused(tmp_path: Path) -> None:
    with bench(tmp_path) as b:

        @SETTINGS
        @given(st.sampled_from(ACTORS), any_text)
        @example(CLEO, "half a pair: \ud83d")
        @example(CLEO, "nul\x00 and bell\x07")
        def check(actor: Any, text: str) -> None:
            post_and_compare(b, actor, text, lambda t: {clean_text(t)})

        check()
