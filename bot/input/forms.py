"""The forms behind `open`, `statement`, `propose`, `counter` and `bid`: one definition,
rendered as a Slack modal, a Discord modal or console prompts, and validated here for all of
them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from bot.domain.errors import Refusal
from bot.domain.statements import RESPONDENT_POSITIONS
from bot.domain.text import clean_text

CATEGORIES = (
    "non_payment",
    "late_or_missing_deliverable",
    "brief_breach",
    "disclosure_breach",
    "usage_rights",
    "other",
)
PARTY_KINDS = ("brand", "agency", "creator")
MAX_AMOUNT = Decimal("1000000000000")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "line"  # line | text | choice | amount | currency | date | count
    required: bool = False
    max_length: int = 200
    choices: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Form:
    name: str
    title: str
    fields: tuple[Field, ...]
    needs_one_of: tuple[str, ...] = ()  # at least one of these must be filled

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    def missing(self, values: Mapping[str, str]) -> list[Field]:
        """Required fields that have no value yet (for prompting)."""
        return [f for f in self.fields if f.required and not values.get(f.name, "").strip()]


class FormInvalid(Refusal):
    """A form with bad values; `errors` maps field names to what is wrong. Nothing is saved."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        listed = "; ".join(f"{name}: {problem}" for name, problem in self.errors.items())
        super().__init__(f"Please fix the form ({listed}).")


_AMOUNT = Field("amount", "Amount", "amount", hint="e.g. 1500 or 1500.50")
_CURRENCY = Field("currency", "Currency", "currency", max_length=3, hint="ISO code, e.g. EUR")

OPEN = Form(
    "open",
    "Open a mediation case",
    (
        Field("counterpart", "The other side (@name)", required=True, max_length=100),
        Field("side", "You are the", "choice", required=True, choices=PARTY_KINDS),
        Field("counterpart_side", "They are the", "choice", choices=PARTY_KINDS),
        Field("title", "Title", required=True, max_length=150),
        Field("campaign", "Campaign", max_length=150,
              hint="a name, or a campaign's id (CP-…) to open the case on its agreement"),
        Field("items", "Items in dispute (a campaign's)", max_length=150,
              hint="the agreement's deliverables and milestones, e.g. d2, m1"),
        Field("category", "Category", "choice", required=True, choices=CATEGORIES),
        _AMOUNT,
        _CURRENCY,
        Field("summary", "What happened, briefly", "text", required=True, max_length=3000),
        Field("desired_outcome", "What outcome you want", "text", required=True,
              max_length=3000),
    ),
)

STATEMENT = Form(
    "statement",
    "Your statement (sealed until both sides have submitted)",
    (
        Field("what_happened", "What happened", "text", required=True, max_length=3000),
        Field("wants", "What you want", "text", required=True, max_length=3000),
        _AMOUNT,
        _CURRENCY,
        Field("position", "Respondent: your answer to the claim", "choice",
              choices=RESPONDENT_POSITIONS),
    ),
)

PROPOSAL = Form(
    "propose",
    "Propose settlement terms",
    (
        _AMOUNT,
        # Every amount in a case is in the case's currency: another one is refused.
        Field("currency", "Currency (the case's)", "currency", max_length=3,
              hint="the claim's currency, e.g. EUR; no other"),
        Field("deliverables", "Deliverables (changed or kept)", "text", max_length=3000),
        Field("dates", "Dates", max_length=300),
        Field("terms", "Further terms", "text", max_length=3000),
        Field("followup", "Follow-up each side confirms (e.g. payment of the fee)",
              max_length=300),
        Field("followup_due", "Follow-up due on", "date", hint="YYYY-MM-DD"),
    ),
    needs_one_of=("amount", "deliverables", "dates", "terms"),
)

POSITION = Form(
    "position",
    "Your final position (sealed until both sides have submitted)",
    (
        Field("position", "Your final position", "text", required=True, max_length=3000),
        _AMOUNT,
        _CURRENCY,
    ),
)

_REASONS = (
    Field("reasons", "Reasons", "text", required=True, max_length=3000,
          hint="why these terms, citing the agreement, the findings, the KPIs, the evidence"),
    Field("cites", "Citing", max_length=300,
          hint="what the reasons rest on, e.g. E1, d2, c1, F1, K1, P2"),
)
RECOMMENDATION = Form("recommend", "Recommend settlement terms",
                      (*PROPOSAL.fields, *_REASONS), needs_one_of=PROPOSAL.needs_one_of)
DECISION = Form("decide", "Decide the case (binding on both sides)",
                (*PROPOSAL.fields, *_REASONS), needs_one_of=PROPOSAL.needs_one_of)

# A sealed bid: the amount alone (the currency is the bidding's), typed where nobody else sees.
BID = Form(
    "bid",
    "Seal your bid (nobody else sees it)",
    (Field("amount", "Your sealed amount", "amount", required=True, max_length=24,
           hint="e.g. 1500 or 1500.50"),),
)

FORMS: dict[str, Form] = {"open": OPEN, "statement": STATEMENT, "propose": PROPOSAL,
                          "counter": PROPOSAL, "bid": BID, "position": POSITION,
                          "recommend": RECOMMENDATION, "decide": DECISION}


def asked_in(form: Form, currency: str | None) -> Form:
    """`form` as asked in a case whose amounts are in `currency`: a proposal's currency field
    names it, so that nobody types another only to be refused."""
    if form not in (PROPOSAL, RECOMMENDATION, DECISION) or not currency:
        return form
    fields = tuple(replace(f, label=f"Currency (the case's: {currency})", hint=currency)
                   if f.name == "currency" else f for f in form.fields)
    return replace(form, fields=fields)


def _normalise_choice(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _amount(value: str) -> str:
    try:
        amount = Decimal(value.replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ValueError("not a number") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValueError("must be between 0 and 1,000,000,000,000")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("at most two decimals")
    if amount == 0:
        amount = Decimal(0)  # not "-0.00"
    return f"{amount.quantize(Decimal('0.01'))}"


def _field_value(spec: Field, raw: str) -> str:
    value = clean_text(raw).strip()
    if spec.kind != "text":
        value = " ".join(value.split())
    if not value:
        return ""
    if len(value) > spec.max_length:
        raise ValueError(f"at most {spec.max_length} characters")
    if spec.kind == "choice":
        choice = _normalise_choice(value)
        if choice not in spec.choices:
            raise ValueError(f"one of {', '.join(spec.choices)}")
        return choice
    if spec.kind == "amount":
        return _amount(value)
    if spec.kind == "date":
        try:
            return datetime.strptime(value, "%Y-%m-%d").date().isoformat()
        except ValueError:
            raise ValueError("a date as YYYY-MM-DD, e.g. 2026-12-31") from None
    if spec.kind == "count":
        if not (value.isascii() and value.isdigit()) or len(value) > 5:
            raise ValueError("a whole number, e.g. 30")
        return str(int(value))
    if spec.kind == "currency":
        code = value.upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            raise ValueError("a three-letter currency code such as EUR or USD")
        return code
    return value


def _pair_errors(names: frozenset[str], values: Mapping[str, str]) -> dict[str, str]:
    """An amount needs its currency and a currency its amount (where the form has both)."""
    errors: dict[str, str] = {}
    if "amount" in names and "currency" in names:
        if values.get("amount") and not values.get("currency"):
            errors["currency"] = "needed with an amount"
        if values.get("currency") and not values.get("amount"):
            errors["amount"] = "needed with a currency"
    return errors


def check_step(form: Form, raw: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Clean and check the fields of a form's first step (those in `raw`), as `validate`
    will: (cleaned values, problems). A platform that asks some fields before the rest
    refuses a bad one there, before anything else is typed. Required fields are not
    checked here: the rest of the form may still bring them."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for spec in form.fields:
        if spec.name not in raw:
            continue
        try:
            values[spec.name] = _field_value(spec, str(raw[spec.name]))
        except ValueError as problem:
            errors[spec.name] = str(problem)
    if not errors:
        errors = _pair_errors(form.field_names, values)
    return values, errors


def validate(form: Form, raw: Mapping[str, str]) -> dict[str, str]:
    """Clean and check submitted values; raise FormInvalid listing every problem at once."""
    errors: dict[str, str] = {}
    unknown = sorted(set(raw) - form.field_names)
    for name in unknown:
        errors[name] = f"not a field of this form (fields: {', '.join(sorted(form.field_names))})"
    values: dict[str, str] = {}
    for spec in form.fields:
        try:
            value = _field_value(spec, str(raw.get(spec.name, "")))
        except ValueError as problem:
            errors[spec.name] = str(problem)
            continue
        if spec.required and not value:
            errors[spec.name] = "required"
        values[spec.name] = value
    names = form.field_names
    if "amount" not in errors and "currency" not in errors:
        errors.update(_pair_errors(names, values))
    if "followup" in names and bool(values.get("followup")) != bool(values.get("followup_due")):
        missing = "followup_due" if values.get("followup") else "followup"
        errors.setdefault(missing, "a follow-up needs both what and by when")
    if form.needs_one_of and not any(values.get(n) for n in form.needs_one_of) and not errors:
        errors[form.needs_one_of[0]] = (
            f"fill in at least one of {', '.join(form.needs_one_of)}"
        )
    if errors:
        raise FormInvalid(errors)
    return {name: value for name, value in values.items() if value}
