"""The `custom_id`s of the bot's buttons and modals: the only state a button or form carries.

Everything else (the case, who may act) is read from the database when it is used, so buttons
keep working after a restart and forms can be submitted to any process. Discord allows at most
100 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.input.forms import CATEGORIES, PARTY_KINDS

MAX_LENGTH = 100
BUTTON_TEMPLATE = (r"mb:(?P<action>[a-z][a-z-]{0,20}):(?P<case>MB-[0-9A-Z]{6})"
                   r"(?::(?P<number>[0-9]{1,6}))?")
_BUTTON = re.compile(BUTTON_TEMPLATE + "$")
FORM_PREFIX = "mbf:"
# The forms filled in on a case (the `open` form makes one).
CASE_FORMS = ("statement", "propose", "counter", "bid", "position", "recommend", "decide")
_NONE = "-"


@dataclass(frozen=True)
class ButtonId:
    """A button: an action on a case, and the proposal it is about (accept #2)."""

    action: str
    case_id: str
    number: int | None = None

    def encode(self) -> str:
        tail = f":{self.number}" if self.number is not None else ""
        return f"mb:{self.action}:{self.case_id}{tail}"


def parse_button(custom_id: str) -> ButtonId | None:
    match = _BUTTON.match(custom_id)
    if match is None:
        return None
    number = match.group("number")
    return ButtonId(match.group("action"), match.group("case"), int(number) if number else None)


@dataclass(frozen=True)
class FormId:
    """A modal: which form, for which case (None: the thread it is submitted in) and proposal.

    `carry` holds what an earlier step collected (the `open` form's slash options), by name.
    """

    form: str
    case_id: str | None = None
    number: int | None = None
    carry: tuple[tuple[str, str], ...] = ()

    def encode(self) -> str:
        if self.form == "open":
            return FORM_PREFIX + "open:" + ":".join(_encode_open(dict(self.carry)))
        number = str(self.number) if self.number is not None else _NONE
        return f"{FORM_PREFIX}{self.form}:{self.case_id or _NONE}:{number}"


# The open form's first step, in this order; choices travel as their index to stay short.
OPEN_CARRY = ("counterpart", "side", "counterpart_side", "category", "amount", "currency")
# ... and the fields its modal asks (step two); a submission cannot override step one.
OPEN_MODAL = ("title", "campaign", "items", "summary", "desired_outcome")  # 5: the most
_CHOICES = {"side": PARTY_KINDS, "counterpart_side": PARTY_KINDS, "category": CATEGORIES}
_SAFE = re.compile(r"^[0-9A-Za-z.,_<@!>]{1,24}$")


def _encode_open(values: dict[str, str]) -> list[str]:
    parts = []
    for name in OPEN_CARRY:
        value = values.get(name, "")
        if not value:
            parts.append(_NONE)
        elif name in _CHOICES:
            parts.append(str(_CHOICES[name].index(value)))
        else:
            parts.append(value)
    return parts


def carry_fits(value: str) -> bool:
    """Whether a free value (an amount, a currency, a mention) can travel in a custom id."""
    return bool(_SAFE.match(value))


def parse_form(custom_id: str) -> FormId | None:
    """The form a modal submission belongs to; None for anything malformed."""
    if not custom_id.startswith(FORM_PREFIX) or len(custom_id) > MAX_LENGTH:
        return None
    form, _, rest = custom_id[len(FORM_PREFIX):].partition(":")
    parts = rest.split(":")
    if form == "open":
        if len(parts) != len(OPEN_CARRY):
            return None
        carry = []
        for name, raw in zip(OPEN_CARRY, parts, strict=True):
            if raw == _NONE:
                continue
            if name in _CHOICES:
                if not raw.isdigit() or int(raw) >= len(_CHOICES[name]):
                    return None
                raw = _CHOICES[name][int(raw)]
            elif not carry_fits(raw):
                return None
            carry.append((name, raw))
        return FormId("open", carry=tuple(carry))
    if form not in CASE_FORMS or len(parts) != 2:
        return None
    case_id, number = parts
    if case_id != _NONE and not re.fullmatch(r"MB-[0-9A-Z]{6}", case_id):
        return None
    if number != _NONE and not (number.isdigit() and len(number) <= 6):
        return None
    return FormId(form, None if case_id == _NONE else case_id,
                  None if number == _NONE else int(number))
