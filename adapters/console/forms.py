"""A form at the console: its fields asked one at a time, each with its choices or hint."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from bot.input.forms import Field, Form

if TYPE_CHECKING:
    from adapters.console.session import ConsoleSession


async def ask_form(session: ConsoleSession, form: Form, given: Mapping[str, str] | None = None,
                   wanted: Sequence[Field] | None = None, skip: Collection[str] = (),
                   hints: bool = False) -> dict[str, str] | None:
    """The values given, and the answers to the fields `wanted` (all of the form's by
    default), each labelled with its hint if `hints`; None when the person ends the input
    (nothing is saved then)."""
    assert session.ask is not None
    values = dict(given or {})
    for spec in form.fields if wanted is None else wanted:
        if spec.name in values or spec.name in skip:
            continue
        label = spec.label + (f" [{'/'.join(spec.choices)}]" if spec.choices else "")
        label += f" ({spec.hint})" if hints and spec.hint and not spec.choices else ""
        label += "" if spec.required else " (optional, Enter to skip)"
        answer = await session.ask(f"  {label}: ")
        if answer is None:
            session.out("  Form cancelled: nothing was saved.")
            return None
        if answer.strip():
            values[spec.name] = answer
    return values
