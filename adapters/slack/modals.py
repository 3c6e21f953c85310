"""Slack modals → the core's requests. Pure: no I/O, no Slack SDK.

A modal remembers which form it is, for which case and channel, in its `private_metadata`;
its inputs' block ids are the form's field names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.shapes import optional
from adapters.slack.translate import Malformed
from bot.domain.records import Ruling
from bot.input.forms import FORMS
from bot.input.grammar import CASE_ID, Request

FORM_CALLBACK = "mb_form"
METADATA_LIMIT = 3000  # Slack's limit on a view's private_metadata


@dataclass(frozen=True)
class FormMeta:
    """What a modal remembers in `private_metadata`: which form, for which case and where."""

    form: str  # one of the core's FORMS: open, statement, propose, counter, bid, position, …
    case_id: str | None = None
    channel: str | None = None
    number: int | None = None  # the proposal a counter answers

    def to_json(self) -> str:
        data = {"f": self.form, "c": self.case_id, "ch": self.channel, "n": self.number}
        return json.dumps({k: v for k, v in data.items() if v is not None},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: Any) -> FormMeta:
        try:
            data = json.loads(raw)
            meta = cls(data["f"], data.get("c"), data.get("ch"), data.get("n"))
        except (TypeError, ValueError, KeyError):
            raise Malformed("the form's metadata is unreadable") from None
        if not isinstance(meta.form, str) or meta.form not in FORMS:
            raise Malformed(f"unknown form {meta.form!r}")
        if meta.case_id is not None and not CASE_ID.match(str(meta.case_id)):
            raise Malformed("the form names no case")
        if meta.number is not None and not isinstance(meta.number, int):
            raise Malformed("the form names no proposal")
        if not optional("channel", meta.channel):
            raise Malformed("the form names no channel")
        return meta


def _element_value(element: Mapping[str, Any]) -> str:
    kind = element.get("type")
    if kind == "users_select":
        user = element.get("selected_user")
        return f"<@{user}>" if isinstance(user, str) and user else ""
    if kind in ("static_select", "radio_buttons"):
        option = element.get("selected_option") or {}
        value = option.get("value") if isinstance(option, Mapping) else None
        return value if isinstance(value, str) else ""
    value = element.get("value")
    return value if isinstance(value, str) else ""


def form_values(view: Mapping[str, Any]) -> dict[str, str]:
    """A submitted modal's values by field name (each input's block_id is its field's name)."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, Mapping) else None
    if not isinstance(values, Mapping):
        raise Malformed("the form has no values")
    fields: dict[str, str] = {}
    for block_id, elements in values.items():
        if not isinstance(elements, Mapping):
            raise Malformed("the form's values are malformed")
        for element in elements.values():
            if isinstance(element, Mapping):
                fields[str(block_id)] = _element_value(element)
    return {name: value for name, value in fields.items() if value.strip()}


def form_request(meta: FormMeta, values: Mapping[str, str]) -> Request:
    args = (str(meta.number),) if meta.number is not None else ()
    return Request(meta.form, meta.case_id, args, dict(values), " ".join(args))


def ruling_prefill(recommended: Ruling | None) -> dict[str, str]:
    """A decision form filled in with the latest recommendation's terms, reasons and
    citations (the mediator edits what they decide differently); empty without one."""
    if recommended is None:
        return {}
    fields = FORMS["decide"].field_names
    values = {k: str(v) for k, v in recommended.terms.items() if k in fields and v}
    values["reasons"] = recommended.reasons
    if recommended.cites:
        values["cites"] = ", ".join(recommended.cites)
    return {k: v for k, v in values.items() if v}
