"""The guidelines' `/mediate` requests in words: `rules`, `report`, `reports`, `penalize`
and `standing`, read into what is asked (the service resolves people and acts).

    rules [file|reset]              the rulebook in force (anyone); `rules set <file>` adopts one
    report @member <what happened>  to the moderators, in private (anyone)
    reports [R2 dismiss <reason> | R2 remind|warn [rule] [note] | R2 strike <rule> [note]
             | R2 case [note]]
    penalize @member <rule> <case MB-… [note]|finding <what>|seen <what>>
    standing [@member] | standing appeal I3 <why> | standing uphold|overturn I3 <why>
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import Refusal
from bot.guidelines.commands import Basis, Triage
from bot.guidelines.rulebook import KEY, Detection
from bot.input.grammar import Request

GUIDELINES_SUBCOMMANDS = frozenset({"rules", "report", "reports", "penalize", "standing"})
RULES_USAGE = "`rules` (read), `rules file` (the YAML), `rules set <file>` or `rules reset`"
REPORTS_USAGE = ("`reports` (the queue), `reports R2 dismiss <reason>`, `reports R2 remind "
                 "[rule] [note]`, `reports R2 warn [rule] [note]`, `reports R2 strike <rule> "
                 "[note]` or `reports R2 case [note]`")
PENALIZE_USAGE = "`penalize @member <rule> case MB-XXXXXX [note]|finding <what>|seen <what>`"
STANDING_USAGE = ("`standing [@member]`, `standing appeal I3 <why>`, `standing uphold I3 "
                  "<why>` or `standing overturn I3 <why>`")
_NUMBERED = {"R": re.compile(r"^R(\d{1,6})$", re.IGNORECASE),
             "I": re.compile(r"^I(\d{1,6})$", re.IGNORECASE)}
_BASIS = {"case": Detection.MEDIATOR, "seen": Detection.MEDIATOR, "finding": Detection.FINDING}


def numbered(prefix: str, word: str, usage: str) -> int:
    """`R2` → 2 (reports), `I3` → 3 (incidents)."""
    match = _NUMBERED[prefix].match(word)
    if match is None:
        raise Refusal(f"Expected {prefix}<number>, not {word[:20]!r}: {usage}.")
    return int(match.group(1))


def rest_after(request: Request, skip: int) -> str:
    """The words typed after the first `skip` ones, as typed."""
    parts = request.text.split(None, skip)
    return parts[skip].strip() if len(parts) > skip else ""


@dataclass(frozen=True)
class TriageWanted:
    number: int
    triage: Triage
    rule: str | None
    reason: str


def triage_wanted(request: Request) -> TriageWanted:
    """`reports R2 <dismiss|remind|warn|strike|case> …`. A rule and a note given apart
    (`rule=`, `note=`: Discord's options) are taken as given; typed in one line, the word
    after `remind` or `warn` is the rule when it looks like a rule's key (the service checks
    it is one: otherwise it is the note's first word)."""
    args = request.args
    if len(args) < 2:
        raise Refusal(f"Triage a report: {REPORTS_USAGE}.")
    number = numbered("R", args[0], REPORTS_USAGE)
    try:
        triage = Triage(args[1].lower())
    except ValueError:
        raise Refusal(f"{args[1][:20]!r} is not a triage: {REPORTS_USAGE}.") from None
    if triage in (Triage.DISMISS, Triage.CASE):
        return TriageWanted(number, triage, None, request.fields.get("note")
                            or rest_after(request, 2))
    if "rule" in request.fields:  # given apart (a form's or Discord's options): as it is
        given = request.fields["rule"].strip().lower()
        if triage is Triage.STRIKE and not given:
            raise Refusal(f"A strike is under a rule: `reports R{number} strike <rule> "
                          "[note]` (`rules` lists them).")
        return TriageWanted(number, triage, given or None,
                            request.fields.get("note") or rest_after(request, 2))
    rule = args[2].lower() if len(args) > 2 and KEY.fullmatch(args[2].lower()) else None
    if triage is Triage.STRIKE and rule is None:
        raise Refusal(f"A strike is under a rule: `reports R{number} strike <rule> [note]` "
                      "(`rules` lists them).")
    return TriageWanted(number, triage, rule, rest_after(request, 3 if rule else 2))


def penalty_basis(request: Request) -> tuple[str, Basis, str]:
    """`penalize @member <rule> <basis> …`: the rule, what it rests on, and the note."""
    args = request.args
    if len(args) > 2 and args[2].lower() == "report":
        raise Refusal("A report is acted on from the queue, which also tells the reporter: "
                      "`reports R2 strike <rule> [note]`.")
    if len(args) < 4 or args[2].lower() not in _BASIS:
        raise Refusal(f"Apply a rule: {PENALIZE_USAGE}.")
    rule, word = args[1].lower(), args[2].lower()
    detection = _BASIS[word]
    if word == "case":
        if not re.fullmatch(r"MB-[0-9A-Z]{6}", args[3].upper()):
            raise Refusal(f"Name the case by its id: {PENALIZE_USAGE}.")
        return rule, Basis(detection, f"case {args[3].upper()}"), (
            request.fields.get("note") or rest_after(request, 4))
    what = rest_after(request, 3)
    if len(what) > 500:
        raise Refusal("Say what it rests on in at most 500 characters.")
    return rule, Basis(detection, what), request.fields.get("note", "")
