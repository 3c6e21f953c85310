"""How a core form fits a Discord modal (at most 5 inputs). Pure.

Forms with more fields are not split across modals (a modal cannot open another, and the
first step's long texts would have to be kept somewhere in between); instead fields that
belong together share one input: "1500 EUR", "Payment of the fee; 2026-12-31". Pairs are
taken in `PAIRS`' order until the form fits, so a proposal (7 fields) pairs two, and a
recommendation or decision (9) also asks its dates on the deliverables' last line and its
citations on the reasons' last line ("Dates: …", "Citing: E1, F1"). The core validates the
separated values as usual, so errors still name the core's fields. The `open` form's first
step is the slash command's options; its modal asks the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from adapters.discord.custom_ids import OPEN_MODAL
from bot.input.forms import FORMS, Field, Form

MAX_INPUTS = 5
# Field pairs that may share one input, with the shared input's label and hint, in the order
# they are taken until a form fits.
PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("amount", "currency"): ("Amount and currency", "e.g. 1500 EUR"),
    ("followup", "followup_due"): ("Follow-up; due date", "e.g. Payment of the fee; 2026-12-31"),
    ("deliverables", "dates"): ("Deliverables; last line Dates: …",
                                "e.g. One reel instead of two\nDates: reel by 2026-12-20"),
    ("reasons", "cites"): ("Reasons; last line Citing: …",
                           "why these terms\nCiting: E1, d2, c1, F1, K1, P2"),
}
# Pairs whose second field is the input's last line, after its name.
TAIL_LINES = {"dates": re.compile(r"^\s*dates?\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE),
              "cites": re.compile(r"^\s*(?:citing|cites?)\s*:\s*(?P<value>.*?)\s*$",
                                  re.IGNORECASE)}
_AMOUNT = re.compile(r"^\s*(?P<amount>.*?)\s*(?P<currency>\b[A-Za-z]{3})\s*$")
_CURRENCY_FIRST = re.compile(r"^\s*(?P<currency>[A-Za-z]{3})\s+(?P<amount>.*?)\s*$")
_DATE_TAIL = re.compile(r"^(?P<what>.*?)[\s;,]+(?P<due>\d{4}-\d{2}-\d{2})\s*$")


@dataclass(frozen=True)
class Input:
    """One text input: its custom id (a field name, or `a+b` for a pair) and how it looks."""

    custom_id: str
    label: str
    paragraph: bool
    required: bool
    max_length: int
    hint: str


def _single(spec: Field) -> Input:
    hint = spec.hint or (f"one of: {', '.join(spec.choices)}" if spec.choices else "")
    return Input(spec.name, spec.label, spec.kind == "text", spec.required,
                 min(spec.max_length, 4000), hint)


def inputs(form_name: str) -> list[Input]:
    """The inputs of the form's modal, in the form's order; never more than five."""
    form: Form = FORMS[form_name]
    fields = [f for f in form.fields if form_name != "open" or f.name in OPEN_MODAL]
    names = [f.name for f in fields]
    by_name = {f.name: f for f in fields}
    paired: dict[tuple[str, str], tuple[str, str]] = {}
    for names_paired, words in PAIRS.items():
        if len(fields) - len(paired) <= MAX_INPUTS:
            break
        if names_paired[0] in names and names_paired[1] in names:
            paired[names_paired] = words
    result: list[Input] = []
    for spec in fields:
        pair = next((p for p in paired if spec.name in p), None)
        if pair is None:
            result.append(_single(spec))
        elif spec.name == pair[0]:
            label, hint = paired[pair]
            first, second = by_name[pair[0]], by_name[pair[1]]
            result.append(Input(f"{pair[0]}+{pair[1]}", label, first.kind == "text",
                                first.required or second.required,
                                min(first.max_length + second.max_length + 2, 4000), hint))
    if len(result) > MAX_INPUTS:
        raise ValueError(f"form {form_name!r} needs {len(result)} inputs; Discord allows 5")
    return result


def _split(custom_id: str, value: str) -> dict[str, str]:
    first, second = custom_id.split("+", 1)
    value = value.strip()
    if not value:
        return {}
    if second in TAIL_LINES:
        head, _, last = value.rpartition("\n")
        match = TAIL_LINES[second].match(last)
        if match is None:
            return {first: value}
        found = {first: head.strip(), second: match.group("value")}
        return {name: text for name, text in found.items() if text}
    if (first, second) == ("amount", "currency"):
        match = _AMOUNT.match(value) or _CURRENCY_FIRST.match(value)
        if match and match.group("amount"):
            return {"amount": match.group("amount"), "currency": match.group("currency")}
        return {"amount": value}
    what, sep, due = value.rpartition(";")
    if sep:
        return {first: what.strip(), second: due.strip()}
    match = _DATE_TAIL.match(value)
    if match:
        return {first: match.group("what"), second: match.group("due")}
    return {first: value}


def fields_from(form_name: str, submitted: Mapping[str, str]) -> dict[str, str]:
    """The form's field values from a submission's inputs (unknown inputs are dropped)."""
    known = {i.custom_id for i in inputs(form_name)}
    values: dict[str, str] = {}
    for custom_id, value in submitted.items():
        if custom_id not in known:
            continue
        if "+" in custom_id:
            values.update(_split(custom_id, value))
        else:
            values[custom_id] = value
    return values
