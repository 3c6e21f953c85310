"""From a parsed request (typed line or submitted form) to a domain command."""

from __future__ import annotations

from typing import cast

from bot.campaign.checks.brief_payload import BriefPayload
from bot.campaign.checks.brief_words import computed_proposal
from bot.domain.case import Case
from bot.domain.commands import (
    Accept,
    AnswerBidding,
    Bid,
    Caucus,
    Close,
    Command,
    Confirm,
    Counter,
    Decline,
    Join,
    Note,
    Propose,
    ProposeBidding,
    Reject,
    RequestMediator,
    Sign,
    SubmitStatement,
    Take,
    Withdraw,
    WithdrawProposal,
)
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.phases import MEDIATOR_CLOSE_REASONS, ClosedReason
from bot.input.forms import BID, FORMS, PROPOSAL, STATEMENT, validate
from bot.input.grammar import Request
from bot.input.review_requests import REVIEW_SUBCOMMANDS, review_command

REASON_LIMIT = 3000


# Forms whose values may come as words instead: `propose computed`, `bid 4950`,
# `recommend computed`, `decide recommended`.
_WORDS_SUFFICE = frozenset({"propose", "bid", "recommend", "decide"})


def given_in_words(request: Request) -> bool:
    """Whether a form's values come as the words that stand for them (`bid 4950`)."""
    return request.subcommand in _WORDS_SUFFICE and bool(request.args) and not request.fields


def needs_form(request: Request) -> bool:
    """Whether a request is for a form still to fill in: a subcommand with a form, typed
    without its fields (nor the words that stand for them)."""
    return request.subcommand in FORMS and not request.fields and not given_in_words(request)


def open_fields(request: Request) -> dict[str, str]:
    """The `open` form's values from `open [@counterpart] [title] [field=value ...]`."""
    raw = dict(request.fields)
    words = list(request.args)
    if "counterpart" not in raw and words and words[0].startswith(("@", "<@")):
        raw["counterpart"] = words.pop(0)
    if "title" not in raw and words:
        raw["title"] = " ".join(words)
    return raw


def proposal_number(request: Request, what: str = "proposal") -> int:
    raw = request.args[0].lstrip("#") if request.args else ""
    if not (raw.isascii() and raw.isdigit()) or not 0 < len(raw) <= 6:
        raise Refusal(
            f"Which {what}? Give its number: `{request.subcommand} N`, e.g. "
            f"`{request.subcommand} 1`."
        )
    return int(raw)


def free_text(request: Request, skip: int = 0) -> str:
    """What was typed after the first `skip` arguments, as typed."""
    parts = request.text.split(None, skip)
    text = parts[skip] if len(parts) > skip else ""
    text = text.strip()
    if len(text) > REASON_LIMIT:
        raise Refusal(f"That text is longer than {REASON_LIMIT} characters: shorten it.")
    return text


def command_for(request: Request, case: Case, person: Actor | None = None) -> Command:
    """The command a request asks for on `case`; Refusal (or FormInvalid) when malformed.
    `person`: whom the request names by mention, as the platform resolved them."""
    sub = request.subcommand
    if sub in REVIEW_SUBCOMMANDS:
        return review_command(request, case, person)
    if sub == "join":
        return Join()
    if sub == "decline":
        return Decline(reason=free_text(request))
    if sub == "withdraw":
        return Withdraw(reason=free_text(request))
    if sub == "statement":
        return SubmitStatement(statement=validate(STATEMENT, request.fields))
    if sub == "propose":
        if request.args[:1] == ("computed",) and not request.fields:
            return computed_from(case)
        return Propose(terms=validate(PROPOSAL, request.fields))
    if sub == "counter":
        return Counter(proposal_number(request), terms=validate(PROPOSAL, request.fields))
    if sub == "accept":
        return Accept(proposal_number(request))
    if sub == "reject":
        return Reject(proposal_number(request), reason=free_text(request, 1))
    if sub == "withdraw-proposal":
        return WithdrawProposal(proposal_number(request))
    if sub == "bidding":
        return bidding_command(request)
    if sub == "bid":
        if request.fields:  # the bid form (a modal, or prompts): checked as forms are
            return Bid(amount=validate(BID, request.fields)["amount"])
        raw = request.args[0] if request.args else ""
        if not raw:
            raise Refusal("Your bid? `bid <amount>`, e.g. `bid 1500`: sealed, seen by nobody "
                          "else.")
        return Bid(amount=raw)
    if sub == "sign":
        return Sign()
    if sub == "confirm":
        return Confirm(proposal_number(request, "follow-up"))
    if sub == "mediator":
        return RequestMediator(reason=free_text(request))
    if sub == "take":
        return Take()
    if sub == "caucus":
        party = person.user_id if person else (request.args[0] if request.args else "")
        if not party:
            names = " or ".join(f"@{p.name}" for p in case.parties())
            raise Refusal(f"With whom? `caucus @party`: {names}.")
        return Caucus(party=party)
    if sub == "note":
        return Note(text=free_text(request))
    if sub == "close":
        allowed = [r.value for r in MEDIATOR_CLOSE_REASONS]
        reason = request.args[0].lower() if request.args else ""
        if reason not in allowed:
            raise Refusal(f"Close with a reason: `close {'|'.join(allowed)} [note]`.")
        return Close(ClosedReason(reason), note=free_text(request, 1))
    raise Refusal(f"`{sub}` does not change a case.")


def bidding_command(request: Request) -> Command:
    """`bidding propose [tolerance=10%] [split=50] [rounds=3]`, `bidding accept`,
    `bidding decline [reason]`."""
    move = request.args[0].lower() if request.args else ""
    if move == "accept":
        return AnswerBidding(accept=True)
    if move == "decline":
        return AnswerBidding(accept=False, reason=free_text(request, 1))
    if move != "propose":
        raise Refusal("`bidding propose [tolerance=10%] [split=50] [rounds=3]`, then the "
                      "other side answers `bidding accept` or `bidding decline`.")
    fields = dict(request.fields)
    unknown = set(fields) - {"tolerance", "split", "rounds"}
    if unknown:
        raise Refusal(f"{sorted(unknown)[0]}: not a setting of the bidding (tolerance, split, "
                      "rounds).")
    numbers = {}
    for name, default in (("split", 50), ("rounds", 3)):
        raw = fields.get(name, str(default)).strip()
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 3):
            raise Refusal(f"{name}: a whole number, e.g. {name}={default}.")
        numbers[name] = int(raw)
    return ProposeBidding(tolerance=fields.get("tolerance", "0"), **numbers)


def computed_from(case: Case) -> Propose:
    """`propose computed`: the outcome the campaign's agreement fixes for the case's findings,
    put forward as this party's proposal, marked as computed from its clauses."""
    computed = computed_proposal(cast(BriefPayload, case.campaign)) if case.campaign else None
    if computed is None:
        raise Refusal("There is no computed outcome to propose: "
                      + ("the case was not opened on a campaign." if not case.campaign else
                         "the agreement fixes nothing for these findings. Propose terms of "
                         "your own."))
    brief = cast(BriefPayload, case.campaign)
    cited = (f"Computed from campaign {brief['campaign']}, agreement version "
             f"{brief['version']['number']} (hash {brief['version']['hash']}):\n")
    return Propose(terms={"amount": computed.amount, "currency": computed.currency,
                          "terms": cited + computed.terms})
