"""Slack payloads → the core's requests and commands. Pure: no I/O, no Slack SDK.

Identities: a person is `slack:<team>:<user>` and a workspace `slack:<team>`, where the team is
the installation's (Bolt's `context.team_id`), so one person keeps one identity across slash
commands, clicks and events. A message is `<channel>:<ts>`, which is what Slack uses to name it
too: the same message delivered twice under different `event_id`s is the same message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.markup import mentioned_users, readable
from adapters.slack.shapes import looks_like, optional
from bot.domain.commands import Command, DeleteMessage, EditMessage, PostMessage
from bot.input.campaign_requests import CAMPAIGN_ID, HASH_PREFIX
from bot.input.grammar import CASE_ID, Request, parse

PLATFORM = "slack"
ACTION_PREFIX = "mb:"
CAMPAIGN_ACCEPT = "campaign_accept"  # a campaign card's button: value `<CP-id>:<hash>`


class Malformed(ValueError):
    """A payload that does not have the shape Slack documents: answered, never acted on."""


def community_id(team: str) -> str:
    return f"{PLATFORM}:{team}"


def actor_id(team: str, user: str) -> str:
    return f"{PLATFORM}:{team}:{user}"


def slack_user(qualified: str) -> tuple[str, str] | None:
    """(team, user) of `slack:<team>:<user>`, or None for anyone else."""
    parts = qualified.split(":")
    if len(parts) != 3 or parts[0] != PLATFORM or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def event_source(team: str, event_id: str) -> str:
    return f"{PLATFORM}:{team}:{event_id}"


def message_ref(channel: str, ts: str) -> str:
    return f"{channel}:{ts}"


def thread_key(team: str, channel: str, thread_ts: str) -> str:
    return f"{team}:{channel}:{thread_ts}"


def channel_key(team: str, channel: str) -> str:
    return f"{team}:{channel}"


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise Malformed(f"{what} is missing")
    return value


# -- slash command and buttons -------------------------------------------------------------------
def command_request(body: Mapping[str, Any]) -> Request:
    """`/mediate <text>` → a request (parsing never fails; the service explains)."""
    text = body.get("text", "")
    return parse(text if isinstance(text, str) else "")


def action_id(subcommand: str) -> str:
    return ACTION_PREFIX + subcommand


def action_value(case_id: str, number: int | None = None) -> str:
    return case_id if number is None else f"{case_id}:{number}"


def action_request(action: Mapping[str, Any]) -> Request:
    """A card button (`action_id` `mb:<sub>`, value `<case>[:<n>]`) → the same request as the
    typed command."""
    name = _text(action.get("action_id"), "action_id")
    if not name.startswith(ACTION_PREFIX):
        raise Malformed(f"unknown action {name!r}")
    subcommand = name[len(ACTION_PREFIX):]
    value = _text(action.get("value"), "the button's value")
    if subcommand == CAMPAIGN_ACCEPT:
        campaign_id, _, digest = value.partition(":")
        if not CAMPAIGN_ID.match(campaign_id) or not HASH_PREFIX.match(digest):
            raise Malformed(f"the button's value {value!r} names no campaign version")
        words = ("accept", digest, campaign_id.upper())
        return Request("campaign", None, words, {}, " ".join(words))
    case_id, _, number = value.partition(":")
    if not CASE_ID.match(case_id) or (number and not number.isdigit()):
        raise Malformed(f"the button's value {value!r} names no case")
    args = (number,) if number else ()
    return Request(subcommand, case_id.upper(), args, {}, " ".join(args))


# -- what people write ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SharedFile:
    id: str
    name: str
    url: str  # url_private_download (or url_private)
    size: int | None = None


@dataclass(frozen=True)
class Written:
    """A new message (and its files) in some conversation. `text` is Slack's: escaped, with
    markup (`said` gives what people read)."""

    channel: str
    ts: str
    thread_ts: str | None
    user: str
    text: str
    files: tuple[SharedFile, ...] = ()


@dataclass(frozen=True)
class Edited:
    channel: str
    ts: str
    thread_ts: str | None
    user: str
    text: str


@dataclass(frozen=True)
class Deleted:
    channel: str
    ts: str
    thread_ts: str | None
    user: str


@dataclass(frozen=True)
class Ignored:
    reason: str


MessageChange = Written | Edited | Deleted | Ignored


def shared_file(data: Mapping[str, Any]) -> SharedFile | None:
    """A file object of a message or of `files.info`; None when it cannot be downloaded."""
    file_id = data.get("id")
    url = data.get("url_private_download") or data.get("url_private")
    if not looks_like("file", file_id) or not isinstance(url, str) or not url:
        return None
    name = data.get("name") or data.get("title") or file_id
    size = data.get("size")
    return SharedFile(file_id, str(name), url, size if isinstance(size, int) else None)


def _by_bot(message: Mapping[str, Any]) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def message_change(event: Mapping[str, Any]) -> MessageChange:
    """A `message` event → a new message, an edit, a deletion, or something to ignore."""
    channel = event.get("channel")
    if not isinstance(channel, str) or not channel:
        return Ignored("no channel")
    subtype = event.get("subtype")
    if subtype == "message_changed":
        new, old = event.get("message"), event.get("previous_message") or {}
        if not isinstance(new, Mapping) or _by_bot(new) or not isinstance(old, Mapping):
            return Ignored("not a person's edit")
        if new.get("text") == old.get("text"):
            return Ignored("no change to the text")  # e.g. a reply count on a thread parent
        user, ts = new.get("user"), new.get("ts")
        if not isinstance(user, str) or not isinstance(ts, str):
            return Ignored("an edit without author or ts")
        return Edited(channel, ts, new.get("thread_ts"), user, str(new.get("text") or ""))
    if subtype == "message_deleted":
        old = event.get("previous_message")
        ts = event.get("deleted_ts")
        if not isinstance(old, Mapping) or _by_bot(old) or not isinstance(ts, str):
            return Ignored("not a person's message deleted")
        user = old.get("user")
        if not isinstance(user, str):
            return Ignored("a deletion without author")
        return Deleted(channel, ts, old.get("thread_ts"), user)
    if subtype not in (None, "file_share", "thread_broadcast") or _by_bot(event):
        return Ignored(f"subtype {subtype}")
    user, ts = event.get("user"), event.get("ts")
    if not isinstance(user, str) or not isinstance(ts, str):
        return Ignored("a message without author or ts")
    raw_files = event.get("files") or []
    files = tuple(f for f in (shared_file(d) for d in raw_files if isinstance(d, Mapping)) if f)
    return Written(channel, ts, event.get("thread_ts"), user, str(event.get("text") or ""), files)


def checked(change: MessageChange) -> MessageChange:
    """`change`, or Ignored when its ids are not shaped like Slack's: they become journal refs
    and room keys (the HTTP edge refuses such events already; Socket Mode has no such edge)."""
    if isinstance(change, Ignored):
        return change
    if not (looks_like("channel", change.channel) and looks_like("user", change.user)
            and looks_like("ts", change.ts) and optional("ts", change.thread_ts)):
        return Ignored("ids not shaped like Slack's")
    return change


def mentioned(change: Written | Edited | Deleted) -> list[str]:
    """The user ids a message mentions: their names make its readable text."""
    return [] if isinstance(change, Deleted) else mentioned_users(change.text)


def said(change: Written | Edited, names: Mapping[str, str] | None = None) -> str:
    """What the person wrote, as they read it: Slack's escaping undone, markup shown."""
    return readable(change.text, names)


def room_command(change: Written | Edited | Deleted, room: str,
                 names: Mapping[str, str] | None = None, recovered: bool = False) -> Command:
    """The journal command for what was written (`recovered` from Slack's history), edited or
    deleted in a case room: the text as people read it, and Slack's own text next to it when
    it holds markup (ids)."""
    ref = message_ref(change.channel, change.ts)
    if isinstance(change, Deleted):
        return DeleteMessage(ref, room, observed=True)
    markup = change.text if "<" in change.text else None
    if isinstance(change, Written):
        return PostMessage(said(change, names), room, ref, recovered=recovered, markup=markup)
    return EditMessage(ref, said(change, names), room, observed=True, markup=markup)


def file_thread(info: Mapping[str, Any], channel: str) -> str | None:
    """Where a `file_shared` file was posted in `channel`: the thread's ts, from `files.info`."""
    shares = info.get("shares")
    if not isinstance(shares, Mapping):
        return None
    for scope in ("public", "private"):
        places = shares.get(scope)
        if not isinstance(places, Mapping):
            continue
        for share in places.get(channel) or []:
            if isinstance(share, Mapping):
                thread = share.get("thread_ts") or share.get("ts")
                if looks_like("ts", thread):
                    return str(thread)
    return None
