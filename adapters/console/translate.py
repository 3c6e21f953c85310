"""Console input line → what the person means. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from bot.input.campaign_requests import CAMPAIGN_ID, FILE_MOVES
from bot.input.grammar import Request, is_command, parse

PLATFORM = "console"
COMMUNITY = "console"  # the console is one community of its own


@dataclass(frozen=True)
class SwitchUser:
    name: str


@dataclass(frozen=True)
class SwitchRoom:
    target: str  # a case id, "thread", "caucus", "caucus:<side>" or "caucus <name>"


@dataclass(frozen=True)
class Command:
    request: Request


@dataclass(frozen=True)
class AttachEvidence:
    request: Request
    path: str
    description: str


@dataclass(frozen=True)
class AttachAgreement:
    """`/mediate campaign propose|counter|amend <path>`: an agreement file read from disk."""

    request: Request
    path: str


@dataclass(frozen=True)
class ReportWithFile:
    """`/mediate report @member <what> file=<path>`: a report with a file read from disk."""

    request: Request
    path: str


@dataclass(frozen=True)
class AttachRulebook:
    """`/mediate rules set <path>`: a rulebook file (YAML or JSON) read from disk."""

    path: str


@dataclass(frozen=True)
class Wait:
    """`/wait 3d`: the console's clock moves on, and what falls due meanwhile fires."""

    span: timedelta


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Edit:
    ref: str
    text: str


@dataclass(frozen=True)
class Delete:
    ref: str


@dataclass(frozen=True)
class Nothing:
    """A blank line or a `#` comment (scripts are documented with them)."""


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Problem:
    message: str


ConsoleInput = (SwitchUser | SwitchRoom | Command | AttachEvidence | AttachAgreement
                | AttachRulebook | ReportWithFile | Wait | Say | Edit | Delete | Nothing | Quit
                | Problem)

_FILE = re.compile(r'(?:^|\s)file=(?:"([^"]+)"|(\S+))')
_SPAN = re.compile(r"^(\d{1,4})\s*([mhd])$", re.ASCII)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
LONGEST_WAIT = timedelta(days=400)

CONSOLE_HELP = """Console commands:
  /as <name>           act as <name> (several people share this terminal)
  /in <case id>        go to a case's thread; /in thread, /in caucus [name] inside a case
  /edit <ref> <text>   edit your message (refs like m5 are shown when a message is recorded)
  /delete <ref>        delete your message (its content stays in the journal)
  /wait <n>m|h|d       move the console's clock on (deadlines that fall due fire)
  /quit                leave
  /mediate ...         the mediation commands: /mediate help
Anything else you type is a message in the current case room, and is journaled."""


def translate(line: str) -> ConsoleInput:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return Nothing()
    if is_command(stripped):
        request = parse(stripped)
        if request.subcommand == "evidence":
            if not request.args:
                return Problem("Give the file: /mediate evidence <path> [description]")
            parts = request.text.split(None, 1)
            description = parts[1] if len(parts) > 1 else ""
            if request.text.startswith('"'):
                description = request.text[len(request.args[0]) + 2:].strip()
            return AttachEvidence(request, request.args[0], description)
        if request.subcommand == "campaign" and request.args[:1] and (
                request.args[0].lower() in FILE_MOVES):
            paths = [a for a in request.args[1:] if not CAMPAIGN_ID.match(a)]
            if not paths:
                return Problem(f"Give the agreement file: /mediate campaign "
                               f"{request.args[0].lower()} <path>")
            return AttachAgreement(request, paths[0])
        if request.subcommand == "report" and _FILE.search(request.text):
            path = _FILE.search(request.text)
            assert path is not None
            text = _FILE.sub("", request.text).strip()
            return ReportWithFile(parse(f"report {text}"), path.group(1) or path.group(2))
        if request.subcommand == "rules" and request.args[:1] and \
                request.args[0].lower() == "set":
            if len(request.args) < 2:
                return Problem("Give the rulebook file: /mediate rules set <path>")
            return AttachRulebook(request.args[1])
        return Command(request)
    word, _, rest = stripped.partition(" ")
    rest = rest.strip()
    if word == "/as":
        return SwitchUser(rest) if rest else Problem("Who? /as <name>")
    if word == "/in":
        return SwitchRoom(rest) if rest else Problem("Where? /in <case id> | thread | caucus")
    if word == "/edit":
        ref, _, text = rest.partition(" ")
        return Edit(ref, text.strip()) if ref and text.strip() else Problem(
            "/edit <ref> <new text>")
    if word == "/delete":
        return Delete(rest) if rest else Problem("/delete <ref>")
    if word == "/wait":
        return _wait(rest)
    if word in ("/quit", "/exit"):
        return Quit()
    if word in ("/help", "/?"):
        return Problem(CONSOLE_HELP)
    if word.startswith("/") and word[1:].isalpha():
        return Problem(f"Unknown console command {word}.\n{CONSOLE_HELP}")
    return Say(stripped)


def _wait(rest: str) -> Wait | Problem:
    found = _SPAN.match(rest.strip().lower())
    span = timedelta(**{_UNITS[found.group(2)]: int(found.group(1))}) if found else None
    if span is None or not span or span > LONGEST_WAIT:
        return Problem("/wait <n>m, <n>h or <n>d, e.g. /wait 3d (at most 400 days)")
    return Wait(span)
