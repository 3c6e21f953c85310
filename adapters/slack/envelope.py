"""What a request to `/slack/events` must look like before Bolt reads it. Pure: no I/O.

Bolt builds its context (team, user, channel) and matches listeners before any listener of
ours runs, and it trusts the shapes Slack documents: a `user` that is a number or `actions`
that are a string end in a 500 and a traceback. So every field Bolt or the bot reads is checked
here first, for the kinds of request the bot handles (events, slash commands, buttons, modal
submissions, and Slack's URL and SSL checks): right type, and ids shaped like Slack's ids.
Anything else is refused whole; text (a message, a command line) is cleaned later, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from adapters.slack.shapes import optional

Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _flag(value: Any) -> bool:
    return value is None or isinstance(value, bool)


def _number(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def _mapping(value: Any) -> bool:
    return value is None or isinstance(value, Mapping)


def _ref(kind: str) -> Check:
    """A team, user, channel or enterprise given as its id or as an object with that id."""
    def check(value: Any) -> bool:
        if isinstance(value, Mapping):
            return optional(kind, value.get("id"))
        return optional(kind, value)
    return check


def _each(check: Check, *, at_least_one: bool = False, nullable: bool = True) -> Check:
    def all_ok(value: Any) -> bool:
        if value is None:
            return nullable and not at_least_one
        return isinstance(value, list) and (bool(value) or not at_least_one) and all(
            check(item) for item in value)
    return all_ok


def _shaped(fields: Mapping[str, Check], required: tuple[str, ...] = ()) -> Check:
    """An object whose `fields`, where present, pass their checks (null included: Bolt tests
    some keys with `in`), and whose `required` fields are there and not null."""
    def check(value: Any) -> bool:
        # The fields present are fewer than those known: each is looked up among the checks.
        return isinstance(value, Mapping) and all(
            value.get(name) is not None for name in required) and all(
            ok(item) for name, item in value.items() if (ok := fields.get(name)) is not None)
    return check


def _id(kind: str) -> Check:
    return lambda value: optional(kind, value)


def _absent(value: Any) -> bool:
    return value is None


def _maybe(check: Check) -> Check:
    return lambda value: value is None or check(value)


def _org(value: Any) -> bool:
    """A workspace as Slack Connect events name it: a team, or an Enterprise Grid org."""
    return optional("team", value) or optional("enterprise", value)


_AUTHORIZATION_FIELDS = _shaped({"team_id": _id("team"), "enterprise_id": _id("enterprise"),
                                 "user_id": _id("user"), "is_bot": _flag,
                                 "is_enterprise_install": _flag})


def _authorization(value: Any) -> bool:
    """Bolt takes the workspace from the first authorization: it must name one."""
    return _AUTHORIZATION_FIELDS(value) and bool(
        value.get("team_id") or value.get("enterprise_id"))


# What Bolt reads of a request (and of its event, and of that event's message) to build its
# context, whatever the kind of request.
_BOLT_READS: dict[str, Check] = {
    "team": _ref("team"), "enterprise": _ref("enterprise"), "team_id": _id("team"),
    "enterprise_id": _id("enterprise"), "user": _ref("user"), "user_id": _id("user"),
    "channel": _ref("channel"), "channel_id": _id("channel"), "thread_ts": _id("ts"),
    "user_team": _org, "is_enterprise_install": _flag,
    "authorizations": _each(_authorization), "message": _mapping,
    "previous_message": _mapping, "item": _mapping, "assistant_thread": _mapping,
    "view": _mapping, "response_urls": _each(_shaped({"response_url": _text}), nullable=False),
    "response_url": _text, "type": _text,
    # Workflow functions: Bolt would take a token from the request; this app has none.
    "function_execution_id": _absent, "function_data": _absent, "bot_access_token": _absent,
}
_WORKSPACE = {**_BOLT_READS, "trigger_id": _id("trigger"), "token": _text, "api_app_id": _text}

_FILE = _shaped({"id": _id("file"), "name": _text, "title": _text, "mimetype": _text,
                 "url_private": _text, "url_private_download": _text, "size": _number},
                required=("id",))
_MESSAGE_FIELDS: dict[str, Check] = {
    **_BOLT_READS, "ts": _id("ts"), "text": _text, "subtype": _text, "bot_id": _text,
    "files": _each(_FILE), "edited": _mapping, "team": _org, "user": _id("user"),
    "channel": _id("channel"),
}
_INNER_MESSAGE = _shaped({**_MESSAGE_FIELDS, "message": _absent, "previous_message": _absent,
                          "event": _absent})
_EVENTS: dict[str, Check] = {
    "message": _shaped({**_MESSAGE_FIELDS, "channel_type": _text, "hidden": _flag,
                        "message": _INNER_MESSAGE, "previous_message": _INNER_MESSAGE,
                        "deleted_ts": _id("ts")},
                       required=("channel", "ts")),
    "file_shared": _shaped({**_BOLT_READS, "file_id": _id("file"), "user_id": _id("user"),
                            "channel_id": _id("channel")},
                           required=("file_id", "user_id", "channel_id")),
    "app_home_opened": _shaped({**_BOLT_READS, "user": _id("user"), "tab": _text,
                                "channel": _id("channel")}, required=("user",)),
}


def _event(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    kind = value.get("type")
    check = _EVENTS.get(kind) if isinstance(kind, str) else None
    return check is not None and check(value)


_ACTION = _shaped({"action_id": _text, "value": _text, "block_id": _text, "type": _text,
                   "action_ts": _text}, required=("action_id",))
_VIEW = _shaped({"id": _id("view"), "callback_id": _text, "private_metadata": _text,
                 "state": _shaped({"values": _mapping}), "team_id": _id("team"),
                 "app_installed_team_id": _id("team"), "type": _text, "blocks": _each(_mapping),
                 "root_view_id": _id("view"), "previous_view_id": _id("view")},
                required=("id", "callback_id", "state"))
_USER = _shaped({"id": _id("user"), "team_id": _id("team")}, required=("id",))


def _team_known(body: Mapping[str, Any]) -> bool:
    """An interaction names its workspace: the team (None for org-wide installs), or the
    user's team, or the enterprise."""
    team, user, org = body.get("team"), body.get("user"), body.get("enterprise")
    return any(isinstance(where, Mapping) and where.get(key) for where, key in (
        (team, "id"), (user, "team_id"), (org, "id")))


_INTERACTION = {**_WORKSPACE, "user": _USER,
                "view": _maybe(_shaped({"team_id": _id("team"),
                                        "app_installed_team_id": _id("team")}))}
_KINDS: dict[str, Check] = {
    "url_verification": _shaped({"challenge": _text}, required=("challenge",)),
    "event_callback": _shaped({**_WORKSPACE, "event_id": _id("event"), "event": _event,
                               "is_ext_shared_channel": _flag,
                               "context_team_id": _id("team"),
                               "context_enterprise_id": _id("enterprise")},
                              required=("team_id", "event_id", "event")),
    "block_actions": _shaped({**_INTERACTION, "channel": _ref("channel"),
                              "actions": _each(_ACTION, at_least_one=True),
                              "container": _mapping, "message": _mapping},
                             required=("user", "actions")),
    "view_submission": _shaped({**_INTERACTION, "view": _VIEW}, required=("user", "view")),
}
_COMMAND = {"team_id": _id("team"), "user_id": _id("user"), "channel_id": _id("channel"),
            "enterprise_id": _id("enterprise"), "trigger_id": _id("trigger")}


def payload_problem(body: Mapping[str, Any]) -> str | None:
    """Why a JSON body (an event, or an interaction's `payload`) is refused; None if it is
    fine to hand to Bolt."""
    kind = body.get("type")
    check = _KINDS.get(kind) if isinstance(kind, str) else None
    if check is None:
        return f"not a kind of request this app handles: {str(kind)[:40]!r}"
    if not check(body):
        return f"a {kind} request with a field of the wrong type or shape"
    if kind in ("block_actions", "view_submission") and not _team_known(body):
        return f"a {kind} request without a workspace"
    return None


def form_problem(fields: Mapping[str, list[str]]) -> str | None:
    """Why a form body without a `payload` (a slash command, or Slack's SSL check) is refused;
    None if it is fine to hand to Bolt."""
    if any(len(values) != 1 for values in fields.values()):
        return "a form with a field given twice"
    if "ssl_check" in fields:
        return None
    flat = {name: values[0] for name, values in fields.items()}
    if not flat.get("command"):
        return "a form that is not a slash command"
    missing = [name for name in ("team_id", "user_id", "channel_id") if not flat.get(name)]
    if missing:
        return f"a slash command without {', '.join(missing)}"
    wrong = [name for name, ok in _COMMAND.items() if not ok(flat.get(name))]
    if wrong:
        return f"a slash command whose {', '.join(wrong)} is not a Slack id"
    return None
