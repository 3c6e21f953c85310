"""`/guidelines <subcommand>` payloads → what the person means. Pure: plain JSON in, plain
values out, no I/O.

`/mediate` already holds Discord's 25 subcommands, so the community's guidelines have a group
of their own. Each subcommand becomes the request the text grammar makes
(`bot.input.guidelines_requests`): `rules`, `report`, `reports`, `penalize`, `standing`, and
`appeal`, `uphold`, `overturn` as `standing appeal|uphold|overturn I<n> …`. A member is a user
option, passed on as a mention for the people resolver. `rules set` carries the rulebook
file: a `RulebookFile`, downloaded, then `Guidelines.adopt_file`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.discord import options as o
from adapters.discord.translate import Ask, FileRef, Meaning, Problem, file_ref
from bot.input.grammar import Request

GROUP = "guidelines"
SUBCOMMANDS = ("rules", "report", "reports", "penalize", "standing", "appeal", "uphold",
               "overturn")
TEXT = 3000  # what happened, a note, a reason
RULE = 40  # a rule's key
RULES_MOVES = ("read", "file", "set", "reset")
TRIAGES = ("dismiss", "remind", "warn", "strike", "case", "file")  # file: fetch its file
BASES = ("case", "finding", "seen")
MOST_NUMBER = 999_999


@dataclass(frozen=True)
class RulebookFile:
    """`rules set` with the rulebook file to fetch."""

    file: FileRef


@dataclass(frozen=True)
class ReportAttachment:
    """`report` with a file: the request, and the attachment to fetch and keep."""

    request: Request
    file: FileRef


GuidelinesMeaning = Meaning | RulebookFile | ReportAttachment


def is_guidelines_command(data: Mapping[str, Any]) -> bool:
    return data.get("name") == GROUP


def guidelines_command(data: Mapping[str, Any]) -> GuidelinesMeaning:
    """What a `/guidelines <subcommand>` interaction (type 2) asks for."""
    try:
        return _command(data)
    except o.Malformed as malformed:
        return Problem(str(malformed))


def _typed(sub: str, *parts: str, **fields: str) -> Request:
    """The request as if typed: `sub parts...`, its text the typed tail; a rule and a note
    go apart, as fields, so that no word of a note is ever read as something else."""
    text = " ".join(p for p in parts if p)
    return Request(sub, None, tuple(text.split()), fields, text)


def _number(values: Mapping[str, Any], name: str) -> int | None:
    value = values.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MOST_NUMBER:
        raise o.Malformed(f"{name}: a number from 1, like 2 for R2 or I2.")
    return value


def _command(data: Mapping[str, Any]) -> GuidelinesMeaning:
    sub, values = o.subcommand(data)
    if sub not in SUBCOMMANDS:
        return Problem(f"`/guidelines {sub[:30]}` is no command of this bot's.")
    text = o.text(values.get("text"), TEXT)
    if sub == "rules":
        move = o.choice(values, "move", RULES_MOVES) or "read"
        if move == "set":
            return _rulebook_file(data, values)
        return Ask(_typed("rules", "" if move == "read" else move))
    if sub in ("report", "penalize"):
        named = o.mention(values.get("member"))
        if sub == "report":
            request = _typed("report", named, text)
            if values.get("file") is None:
                return Ask(request)
            ref = _attachment(data, values)
            if ref is None:
                return Problem("That attachment is malformed.")
            return ReportAttachment(request, ref)
        rule = o.text(values.get("rule"), RULE)
        basis = o.choice(values, "basis", BASES)
        reference = o.text(values.get("reference"), TEXT)
        return Ask(_typed("penalize", named, rule, basis, reference, note=text))
    if sub == "reports":
        number, triage = _number(values, "report"), o.choice(values, "triage", TRIAGES)
        if number is None and not triage:
            return Ask(_typed("reports"))
        if number is None or not triage:
            return Problem("Triage names the report and what to do: `report` and `triage`.")
        if triage == "file":
            return Ask(_typed("reports", f"R{number}", "file"))
        rule = o.text(values.get("rule"), RULE)
        return Ask(_typed("reports", f"R{number}", triage, rule=rule, note=text))
    if sub == "standing":
        whose = values.get("member")
        return Ask(_typed("standing", o.mention(whose) if whose is not None else ""))
    number = _number(values, "incident")
    if number is None:
        return Problem(f"`/guidelines {sub}` names the incident: `incident` (3 for I3).")
    return Ask(_typed("standing", sub, f"I{number}", text))


def _attachment(data: Mapping[str, Any], values: Mapping[str, Any]) -> FileRef | None:
    """The `file` option's attachment, from the payload's resolved data."""
    resolved = data.get("resolved")
    found = resolved.get("attachments") if isinstance(resolved, dict) else None
    raw = found.get(str(values.get("file"))) if isinstance(found, dict) else None
    return file_ref(raw) if isinstance(raw, dict) else None


def _rulebook_file(data: Mapping[str, Any], values: Mapping[str, Any]) -> GuidelinesMeaning:
    ref = _attachment(data, values)
    if ref is None:
        return Problem("Attach the rulebook file (YAML or JSON) to `/guidelines rules "
                       "move:set` (the `file` option).")
    return RulebookFile(ref)
