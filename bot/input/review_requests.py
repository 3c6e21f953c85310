"""The requests for people beyond the parties and for when talking fails: `handoff`,
`observer`, `review`, `position`, `recommend`, `recommendation`, `decide`, `appeal`,
`uphold`, `reopen`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from bot.campaign.checks.brief_payload import BriefPayload
from bot.campaign.checks.brief_words import computed_proposal
from bot.domain.case import Case
from bot.domain.commands import Command
from bot.domain.errors import Refusal
from bot.domain.identity import Actor, Side
from bot.domain.review_commands import (
    AddObserver,
    AnswerRecommendation,
    Appeal,
    Decide,
    HandOff,
    OpenReview,
    Recommend,
    RemoveObserver,
    Reopen,
    SubmitPosition,
    Uphold,
)
from bot.exchange import Context
from bot.input.forms import DECISION, POSITION, RECOMMENDATION, validate
from bot.input.grammar import Request

REVIEW_SUBCOMMANDS = frozenset({"handoff", "observer", "review", "position", "recommend",
                                "recommendation", "decide", "appeal", "uphold", "reopen"})
# Where in its arguments a subcommand names a person (`caucus @ana`, `observer add @ana`).
_PERSON_AT = {"caucus": 0, "handoff": 0, "observer": 1, "report": 0, "penalize": 0,
              "standing": 0}


async def named_person(request: Request, ctx: Context) -> Actor | None:
    """The person a request names by mention, as the platform knows them; None if none."""
    index = _PERSON_AT.get(request.subcommand)
    if index is None or len(request.args) <= index or ctx.people is None:
        return None
    return await ctx.people.resolve(request.args[index])


def _text(request: Request, skip: int, limit: int = 3000) -> str:
    parts = request.text.split(None, skip)
    text = parts[skip].strip() if len(parts) > skip else ""
    if len(text) > limit:
        raise Refusal(f"That text is longer than {limit} characters: shorten it.")
    return text


def _ruling(values: Mapping[str, str]) -> dict[str, object]:
    terms = {k: v for k, v in values.items() if k not in ("reasons", "cites")}
    cites = tuple(c for c in values.get("cites", "").replace(";", ",").split(",") if c.strip())
    return {"terms": terms, "reasons": values.get("reasons", ""), "cites": cites}


def _computed(case: Case) -> dict[str, object]:
    """The outcome the campaign's agreement fixes, with the findings and clauses it rests on."""
    brief = cast(BriefPayload, case.campaign) if case.campaign else None
    computed = computed_proposal(brief) if brief else None
    if brief is None or computed is None:
        raise Refusal("There is no computed outcome here: "
                      + ("the case was not opened on a campaign." if brief is None else
                         "the agreement fixes nothing for these findings."))
    findings = [f"F{n}" for n in range(1, len(brief["findings"]) + 1)]
    return {"terms": {"amount": computed.amount, "currency": computed.currency,
                      "terms": computed.terms},
            "reasons": (f"The outcome campaign {brief['campaign']}'s agreement (version "
                        f"{brief['version']['number']}, hash {brief['version']['hash']}) fixes "
                        f"for the findings: {computed.terms}"),
            "cites": (*brief["disputed"], *computed.clauses, *findings)}


def review_command(request: Request, case: Case, person: Actor | None) -> Command:
    """The command one of `REVIEW_SUBCOMMANDS` asks for; Refusal when malformed."""
    sub, args = request.subcommand, request.args
    if sub == "handoff":
        if person is None:
            raise Refusal("To whom? `handoff @mediator <reason>`.")
        return HandOff(to=person, reason=_text(request, 1))
    if sub == "observer":
        return _observer(request, person)
    if sub == "review":
        return OpenReview()
    if sub == "position":
        return SubmitPosition(position=validate(POSITION, request.fields))
    if sub in ("recommend", "decide"):
        how = args[0].lower() if args and not request.fields else ""
        if how == "computed":
            values = _computed(case)
        elif how == "recommended" and sub == "decide":
            latest = case.recommendation
            if latest is None:
                raise Refusal("There is no recommendation to decide on: give the terms.")
            values = {"terms": dict(latest.terms), "reasons": latest.reasons,
                      "cites": latest.cites}
        else:
            values = _ruling(validate(RECOMMENDATION if sub == "recommend" else DECISION,
                                      request.fields))
        return (Recommend if sub == "recommend" else Decide)(**values)  # type: ignore[arg-type]
    if sub == "recommendation":
        move = args[0].lower() if args else ""
        if move not in ("accept", "reject"):
            raise Refusal("`recommendation accept` or `recommendation reject [reason]`.")
        return AnswerRecommendation(accept=move == "accept", reason=_text(request, 1))
    text = _text(request, 0)
    if not text:
        raise Refusal({"appeal": "`appeal <the new information>`: say what is new.",
                       "uphold": "`uphold <reasons>`: say why the decision stands.",
                       }.get(sub, f"`{sub} <reason>`: say why."))
    if sub == "appeal":
        return Appeal(reason=text)
    if sub == "uphold":
        return Uphold(reasons=text)
    return Reopen(reason=text)


def _observer(request: Request, person: Actor | None) -> Command:
    args = [a.lower() for a in request.args]
    move = args[0] if args else ""
    if move not in ("add", "remove") or len(args) < 2:
        raise Refusal("`observer add @person [brand|creator] [act]` or "
                      "`observer remove @person`.")
    if person is None:
        raise Refusal(f"{request.args[1][:40]!r} is nobody here: name them with @.")
    if move == "remove":
        return RemoveObserver(person=person)
    extra = set(args[2:])
    unknown = extra - {"brand", "creator", "act"}
    if unknown:
        raise Refusal(f"{sorted(unknown)[0]!r}: say `brand` or `creator` (the side they read "
                      "along with) and `act` (they may act for it).")
    sides = [Side(s) for s in ("brand", "creator") if s in extra]
    if len(sides) > 1:
        raise Refusal("An observer reads along with one side.")
    return AddObserver(person=person, side=sides[0] if sides else None, acts="act" in extra)
