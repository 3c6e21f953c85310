"""Discord payloads → what the person means. Pure: plain JSON in, plain values out, no I/O.

Slash commands and modal submissions are read from the interaction's raw `data` (as Discord
sends it), so one function covers every subcommand and saved payloads make the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from adapters.discord import bidding_translate, layout, review_translate
from adapters.discord import options as o
from adapters.discord.custom_ids import (
    OPEN_CARRY,
    ButtonId,
    FormId,
    carry_fits,
    parse_form,
)
from bot.domain.text import clean_text
from bot.input.forms import OPEN, check_step
from bot.input.grammar import Request, parse

PLATFORM = "discord"
TIMESTAMP = re.compile(r"[0-9T:.+\-Z]{10,40}")  # ISO 8601, as Discord writes edit times
FORM_SUBCOMMANDS = ("statement", "propose", "counter", "bid")
OPEN_PREFILL = ("title", "campaign", "items")  # slash options that pre-fill the modal
BUTTON_ACTIONS = ("join", "decline", "statement", "propose", "counter", "accept", "reject",
                  "sign", "confirm", "mediator", "take", "status", "history", "evidence-list",
                  "help", "bid")
GROUPS = {bidding_translate.GROUP: bidding_translate.bidding_request,  # besides `/mediate`
          review_translate.GROUP: review_translate.review_request}


def community_id(guild_id: int | str) -> str:
    return f"{PLATFORM}:{guild_id}"


def user_id(discord_id: int | str) -> str:
    return f"{PLATFORM}:{discord_id}"


def message_source(message_id: int | str) -> str:
    return f"{PLATFORM}:msg:{message_id}"


def edit_source(message_id: int | str, edited_at: str) -> str:
    # One entry per version: a replayed edit event carries the same timestamp.
    return f"{PLATFORM}:edit:{message_id}:{edited_at}"


def delete_source(message_id: int | str) -> str:
    return f"{PLATFORM}:del:{message_id}"


def attachment_source(attachment_id: int | str) -> str:
    return f"{PLATFORM}:att:{attachment_id}"


def interaction_source(interaction_id: int | str) -> str:
    return f"{PLATFORM}:ix:{interaction_id}"


# -- what an interaction asks for ---------------------------------------------------------------
@dataclass(frozen=True)
class Ask:
    """A request for the service, answered after a deferral."""

    request: Request


@dataclass(frozen=True)
class ShowForm:
    """Answer with a modal: the form, its custom id, and values to pre-fill."""

    form: FormId
    prefill: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileRef:
    id: str
    url: str
    filename: str
    size: int


@dataclass(frozen=True)
class Upload:
    """Evidence to download from Discord's CDN and store."""

    case_id: str | None
    file: FileRef
    description: str = ""


@dataclass(frozen=True)
class Problem:
    """Malformed input: said to the person, nothing else happens."""

    message: str


Meaning = Ask | ShowForm | Upload | Problem


def _text(values: Mapping[str, Any], name: str) -> str:
    return o.text(values.get(name))


def _request(sub: str, case_id: str | None, *parts: str) -> Request:
    """A request as if typed: `sub [case] parts...`, with `text` the typed tail."""
    present = [p for p in parts if p]
    text = " ".join(present)
    args: list[str] = []
    for part in present:
        args.extend(part.split())
    return Request(sub, case_id, tuple(args), {}, text)


def slash_command(data: Mapping[str, Any]) -> Meaning:
    """What a `/mediate <subcommand>` interaction (type 2) asks for."""
    try:
        return _slash_command(data)
    except o.Malformed as malformed:
        return Problem(str(malformed))


def _slash_command(data: Mapping[str, Any]) -> Meaning:
    sub, values = o.subcommand(data)
    case_id = o.case(values)
    group = GROUPS.get(str(data.get("name")))
    if group is not None:  # `/bidding`, `/review`: a request, or a form's modal
        asked = group(sub, case_id, values)
        return ShowForm(asked) if isinstance(asked, FormId) else Ask(asked)
    if sub == "open":
        return _open_form(values)
    if sub == "propose" and _text(values, "terms") == "computed":
        return Ask(_request(sub, case_id, "computed"))  # the campaign agreement's outcome
    if sub in ("statement", "propose"):
        return ShowForm(FormId(sub, case_id))
    number = values.get("number")
    if sub in ("counter", "accept", "reject", "withdraw-proposal", "confirm"):
        if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 10**6:
            return Problem(f"`{sub}` needs the proposal's number, e.g. 1.")
        if sub == "counter":
            return ShowForm(FormId("counter", case_id, number))
        return Ask(_request(sub, case_id, str(number), _text(values, "reason")))
    if sub == "evidence":
        return _upload(case_id, data, values)
    if sub == "caucus":
        party = values.get("party")
        return Ask(_request(sub, case_id, o.mention(party) if party is not None else ""))
    if sub == "close":
        return Ask(_request(sub, case_id, _text(values, "reason"), _text(values, "note")))
    if sub == "note":
        return Ask(_request(sub, case_id, _text(values, "text")))
    if sub == "config":
        return Ask(parse(f"config {_text(values, 'settings')}"))
    if sub == "export":
        return Ask(_request(sub, case_id, _text(values, "format") or "json"))
    if sub in ("decline", "withdraw", "mediator"):
        return Ask(_request(sub, case_id, _text(values, "reason")))
    return Ask(_request(sub or "help", case_id))


def _open_form(values: Mapping[str, Any]) -> Meaning:
    """Step one of `open` (the slash options), checked by the form's own rules before the
    modal opens: a bad value is refused while nothing else has been typed."""
    given = {name: o.mention(values[name]) if name == "counterpart" else _text(values, name)
             for name in (*OPEN_CARRY, *OPEN_PREFILL) if values.get(name) is not None}
    cleaned, errors = check_step(OPEN, {k: v for k, v in given.items() if v})
    if errors:
        listed = "; ".join(f"{name}: {problem}" for name, problem in errors.items())
        return Problem(f"Please fix the options ({listed}).")
    carry: list[tuple[str, str]] = []
    for name in OPEN_CARRY:
        value = cleaned.get(name, "")
        if not value:
            continue
        if name in ("counterpart", "amount") and not carry_fits(value):  # choices: by index
            return Problem(f"{name}: {value[:30]!r} is not valid here.")
        carry.append((name, value))
    prefill = {name: cleaned[name] for name in OPEN_PREFILL if cleaned.get(name)}
    return ShowForm(FormId("open", carry=tuple(carry)), prefill)


def _upload(case_id: str | None, data: Mapping[str, Any], values: Mapping[str, Any]) -> Meaning:
    resolved = data.get("resolved")
    found = resolved.get("attachments") if isinstance(resolved, dict) else None
    raw = found.get(str(values.get("file"))) if isinstance(found, dict) else None
    if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
        return Problem("Attach the file to `/mediate evidence` (the `file` option).")
    ref = file_ref(raw)
    if ref is None:
        return Problem("That attachment is malformed.")
    return Upload(case_id, ref, _text(values, "description"))


def file_ref(raw: Mapping[str, Any]) -> FileRef | None:
    """An attachment object (message or resolved data) → what a download needs; None when
    it is malformed (an id that is no snowflake, a size that is no number, ...)."""
    attachment_id = o.snowflake(raw.get("id"))
    url, size, filename = raw.get("url"), raw.get("size", -1), raw.get("filename")
    if attachment_id is None or not isinstance(url, str) or isinstance(size, bool) \
            or not isinstance(size, int):
        return None
    name = clean_text(filename[:255]).strip() if isinstance(filename, str) else ""
    return FileRef(str(attachment_id), url, name or "file", size)


def button(button_id: ButtonId) -> Meaning:
    """What a click on one of the bot's buttons asks for."""
    action, case_id, number = button_id.action, button_id.case_id, button_id.number
    if action not in BUTTON_ACTIONS:
        return Problem("This button is from an older version of the bot: use `/mediate help`.")
    if action in FORM_SUBCOMMANDS:
        if action == "counter" and number is None:
            return Problem("Which proposal? Use `/mediate counter`.")
        return ShowForm(FormId(action, case_id, number))
    if action in ("accept", "reject", "confirm") and number is None:
        return Problem(f"Which proposal? Use `/mediate {action}`.")
    return Ask(_request(action, case_id, str(number) if number is not None else ""))


def _submitted_values(components: Any) -> Iterator[tuple[str, str]]:
    """(custom_id, value) of every text input, in action rows or labels, at any depth."""
    if isinstance(components, dict):
        if isinstance(components.get("custom_id"), str) and isinstance(
                components.get("value"), str):
            yield components["custom_id"], components["value"]
        for key in ("components", "component"):
            yield from _submitted_values(components.get(key))
    elif isinstance(components, list):
        for item in components:
            yield from _submitted_values(item)


def typed_inputs(data: Mapping[str, Any]) -> dict[str, str]:
    """What a submitted modal's inputs hold, by input id (kept to fill the form in again)."""
    return dict(_submitted_values(data.get("components")))


def form_submission(data: Mapping[str, Any]) -> Meaning:
    """A submitted modal (interaction type 5) → the request its form makes."""
    form_id = parse_form(str(data.get("custom_id", "")))
    if form_id is None:
        return Problem("That form is from an older version of the bot: start again.")
    fields = layout.fields_from(form_id.form, typed_inputs(data))
    if form_id.form == "open":
        return Ask(Request("open", None, (), {**dict(form_id.carry), **fields}))
    number = (str(form_id.number),) if form_id.number is not None else ()
    return Ask(Request(form_id.form, form_id.case_id, number, fields, " ".join(number)))


# -- thread messages -------------------------------------------------------------------------
@dataclass(frozen=True)
class ThreadMessage:
    """A message typed in a case room: its text (may be empty) and its files."""

    ref: str
    source: str
    text: str
    files: tuple[FileRef, ...] = ()


def thread_message(message_id: int, content: str,
                   attachments: Sequence[Mapping[str, Any]]) -> ThreadMessage:
    if not attachments:  # most messages: nothing more to build
        return ThreadMessage(str(message_id), message_source(message_id), content)
    files = tuple(ref for ref in (file_ref(a) for a in attachments) if ref is not None)
    return ThreadMessage(str(message_id), message_source(message_id), content, files)


@dataclass(frozen=True)
class ThreadEdit:
    ref: str
    source: str
    text: str
    author_id: str = "0"


def raw_edit(data: Mapping[str, Any]) -> ThreadEdit | None:
    """A MESSAGE_UPDATE that changed the text; None for embeds unfurling, pins and the like,
    and for an update whose ids are not snowflakes."""
    content = data.get("content")
    edited = data.get("edited_timestamp")
    if not isinstance(content, str) or not isinstance(edited, str) or not edited:
        return None
    author = data.get("author")
    author = author if isinstance(author, Mapping) else {}
    message_id, author_id = o.snowflake(data.get("id")), o.snowflake(author.get("id"))
    if author.get("bot") or message_id is None or author_id is None \
            or not TIMESTAMP.fullmatch(edited):
        return None
    return ThreadEdit(str(message_id), edit_source(message_id, edited), content,
                      str(author_id))
