"""Hostile request bodies, signed correctly: what a compromised or buggy sender could post to
`/slack/events`. Each is (name, content type, body); the bot must answer without a 5xx and a
traceback, and write nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from .fake_slack import TEAM

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
SURROGATE = "\ud800"  # json.dumps writes it as the escape `\ud800`
WRONG = (None, 5, 1.5, True, "x", [], ["x"], {}, {"id": 5})  # every wrong type, or near it
Body = tuple[str, str, bytes]


def event_body(event: Any, **envelope: Any) -> dict[str, Any]:
    body = {"token": "x", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback",
            "event_id": "EvHostile", "event_time": 1700000000, "event": event,
            "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}]}
    body.update(envelope)
    return {k: v for k, v in body.items() if v is not ...}


def as_json(data: Any) -> bytes:
    return json.dumps(data).encode()


def as_payload(data: Any) -> bytes:
    return urlencode({"payload": json.dumps(data)}).encode()


def said_in(thread: tuple[str, str]) -> dict[str, Any]:
    """The message the hostile events vary: posted first as it is, under their event id, so
    that a variant the bot takes (a null where Slack may send one) is already recorded."""
    channel, thread_ts = thread
    return {"type": "message", "channel": channel, "user": "UANA", "text": "hello",
            "ts": "1700009000.000001", "thread_ts": thread_ts, "channel_type": "channel"}


def events(thread: tuple[str, str]) -> Iterator[Body]:
    channel, thread_ts = thread
    said = said_in(thread)
    for field in ("channel", "thread_ts", "ts", "user"):
        yield f"event {field} with a lone surrogate", JSON, as_json(event_body(
            {**said, field: said[field] + SURROGATE}))
    yield "event_id with a lone surrogate", JSON, as_json(event_body(
        said, event_id="Ev" + SURROGATE))
    yield "team_id with a lone surrogate", JSON, as_json(event_body(
        said, team_id="T" + SURROGATE, authorizations=[{"team_id": "T" + SURROGATE}]))
    for field in ("channel", "thread_ts", "ts", "user"):
        yield f"event {field} not Slack-shaped", JSON, as_json(event_body(
            {**said, field: "DROP TABLE; --"}))
    yield "event_id not Slack-shaped", JSON, as_json(event_body(said, event_id="../../x"))
    for wrong in WRONG:
        yield f"event is {wrong!r}", JSON, as_json(event_body(wrong))
        for field in ("type", "channel", "user", "text", "ts", "thread_ts", "subtype", "files",
                      "bot_id", "channel_type"):
            yield f"event {field} is {wrong!r}", JSON, as_json(event_body({**said, field: wrong}))
        for field in ("team_id", "event_id", "authorizations", "type", "enterprise_id", "team",
                      "enterprise", "is_ext_shared_channel", "api_app_id", "token"):
            yield f"envelope {field} is {wrong!r}", JSON, as_json(event_body(said, **{
                field: wrong}))
        yield f"authorization is {wrong!r}", JSON, as_json(event_body(
            said, authorizations=[wrong]))
        yield f"a file is {wrong!r}", JSON, as_json(event_body(
            {**said, "subtype": "file_share", "files": [wrong]}))
        yield f"a file's id and url are {wrong!r}", JSON, as_json(event_body(
            {**said, "subtype": "file_share", "files": [{"id": wrong, "url_private": wrong,
                                                         "name": wrong, "size": wrong}]}))
        edit = {"type": "message", "subtype": "message_changed", "channel": channel,
                "ts": "1700009000.000002",
                "message": {"user": "UANA", "text": "new", "ts": "1700009000.000001",
                            "thread_ts": thread_ts},
                "previous_message": {"user": "UANA", "text": "old", "ts": "1700009000.000001",
                                     "thread_ts": thread_ts}}
        yield f"an edit's message is {wrong!r}", JSON, as_json(event_body({**edit,
                                                                           "message": wrong}))
        for field in ("user", "text", "ts", "thread_ts"):
            yield f"an edit's {field} is {wrong!r}", JSON, as_json(event_body(
                {**edit, "message": {**edit["message"], field: wrong}}))
        deletion = {"type": "message", "subtype": "message_deleted", "channel": channel,
                    "deleted_ts": "1700009000.000001", "ts": "1700009000.000003",
                    "previous_message": edit["previous_message"]}
        yield f"a deletion's ts is {wrong!r}", JSON, as_json(event_body(
            {**deletion, "deleted_ts": wrong}))
        yield f"a deletion's message is {wrong!r}", JSON, as_json(event_body(
            {**deletion, "previous_message": wrong}))
        shared = {"type": "file_shared", "file_id": "F1", "user_id": "UANA",
                  "channel_id": channel, "event_ts": "1700009000.000004"}
        for field in ("file_id", "user_id", "channel_id"):
            yield f"file_shared {field} is {wrong!r}", JSON, as_json(event_body(
                {**shared, field: wrong}))
        home = {"type": "app_home_opened", "user": "UANA", "tab": "home", "channel": "DUANA"}
        for field in ("user", "tab"):
            yield f"app_home_opened {field} is {wrong!r}", JSON, as_json(event_body(
                {**home, field: wrong}))
    yield "100,000 nested arrays", JSON, (
        b'{"type":"event_callback","event":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    yield "a 5 MB event", JSON, as_json(event_body({**said, "text": "x" * 5_000_000}))
    yield "a JSON list", JSON, b"[1]"
    # JSON to a check that lower-cases the type; a form with a payload to Bolt, which does not.
    yield "JSON that Bolt reads as a form", "Application/JSON", (
        b' {"type": "url_verification", "challenge": "&payload=[1]&x="}')
    yield "not UTF-8", JSON, b'{"type": "\xff"}'


def command(**fields: str | None) -> bytes:
    body = {"token": "x", "team_id": TEAM, "team_domain": "acme", "channel_id": "C1",
            "channel_name": "collab", "user_id": "UOTTO", "user_name": "otto",
            "command": "/mediate", "text": "cases", "api_app_id": "A1",
            "trigger_id": "1.trigger"}
    body.update(fields)
    return urlencode({k: v for k, v in body.items() if v is not None}).encode()


def commands() -> Iterator[Body]:
    yield "a command without team_id", FORM, command(team_id=None)
    yield "a command without user_id", FORM, command(user_id=None)
    for field in ("team_id", "user_id", "channel_id"):
        yield f"a command's {field} not Slack-shaped", FORM, command(**{field: "x/../y"})
        yield f"a command's {field} is an encoded surrogate", FORM, (
            command(**{field: "X"}).replace(b"=X&", b"=T%ED%A0%80&"))
    yield "a command's text with control characters", FORM, command(text="cases\x00\x1b[2J")
    yield "a command's text as an encoded surrogate", FORM, command(
        text="X").replace(b"text=X", b"text=%ED%A0%80")
    yield "a command with a 5 MB text", FORM, command(text="x" * 5_000_000)
    yield "a form in JSON", JSON, as_json({"command": "/mediate", "team_id": 5, "user_id": []})


def actions(case_id: str, channel: str) -> Iterator[Body]:
    click = {"type": "block_actions", "team": {"id": TEAM, "domain": "acme"},
             "user": {"id": "UOTTO", "team_id": TEAM}, "api_app_id": "A1", "token": "x",
             "trigger_id": "9.trigger", "container": {"type": "message", "channel_id": channel},
             "channel": {"id": channel}, "message": {"ts": "1700000000.000001"},
             "actions": [{"action_id": "mb:status", "value": case_id, "type": "button",
                          "block_id": "moves", "action_ts": "1"}]}
    yield "block_actions with a user string", FORM, as_payload({**click, "user": "UOTTO"})
    yield "block_actions with a channel string", FORM, as_payload({**click, "channel": channel})
    for wrong in WRONG:
        for field in ("user", "channel", "team", "actions", "trigger_id", "container",
                      "message", "enterprise", "response_url", "response_urls", "type"):
            yield f"block_actions {field} is {wrong!r}", FORM, as_payload({**click,
                                                                           field: wrong})
        yield f"an action is {wrong!r}", FORM, as_payload({**click, "actions": [wrong]})
        for field in ("action_id", "value"):
            yield f"an action's {field} is {wrong!r}", FORM, as_payload(
                {**click, "actions": [{**click["actions"][0], field: wrong}]})
    yield "block_actions user id with a lone surrogate", FORM, as_payload(
        {**click, "user": {"id": "U" + SURROGATE}})
    yield "block_actions team id with a lone surrogate", FORM, as_payload(
        {**click, "team": {"id": "T" + SURROGATE}})
    yield "block_actions channel id not Slack-shaped", FORM, as_payload(
        {**click, "channel": {"id": "#general"}})
    yield "a good payload, then a hostile one", FORM, (
        as_payload(click) + b"&" + as_payload({**click, "user": 5}))
    yield "a payload of 100,000 nested arrays", FORM, (
        b"payload=" + b"%5B" * 100_000 + b"%5D" * 100_000)


def views(form: dict[str, Any]) -> Iterator[Body]:
    submit = {"type": "view_submission", "team": {"id": TEAM}, "user": {"id": "UOTTO"},
              "api_app_id": "A1", "token": "x", "trigger_id": "8.trigger",
              "view": {**form, "id": "V0HOSTILE", "team_id": TEAM,
                       "state": {"values": {"title": {"t": {"type": "plain_text_input",
                                                            "value": "x"}}}}}}
    view = submit["view"]
    for wrong in WRONG:
        for field in ("view", "user", "team", "type", "trigger_id", "response_urls"):
            yield f"view_submission {field} is {wrong!r}", FORM, as_payload({**submit,
                                                                             field: wrong})
        for field in ("callback_id", "state", "private_metadata", "id", "team_id",
                      "app_installed_team_id", "type", "blocks"):
            yield f"view {field} is {wrong!r}", FORM, as_payload(
                {**submit, "view": {**view, field: wrong}})
        yield f"view values are {wrong!r}", FORM, as_payload(
            {**submit, "view": {**view, "state": {"values": wrong}}})
        yield f"a view value is {wrong!r}", FORM, as_payload(
            {**submit, "view": {**view, "state": {"values": {"title": {"t": wrong}}}}})
        yield f"a view element's value is {wrong!r}", FORM, as_payload(
            {**submit, "view": {**view, "state": {"values": {"title": {"t": {
                "type": "plain_text_input", "value": wrong}}}}}})
        for meta in ({"f": wrong}, {"f": "counter", "c": wrong}, {"f": "counter", "n": wrong},
                     {"f": "open", "ch": wrong}):
            yield f"view metadata {meta!r}", FORM, as_payload(
                {**submit, "view": {**view, "private_metadata": json.dumps(meta)}})
    yield "view_submission user id with a lone surrogate", FORM, as_payload(
        {**submit, "user": {"id": "U" + SURROGATE}})
