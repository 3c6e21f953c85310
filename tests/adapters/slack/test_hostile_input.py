"""Hostile bodies, signed correctly, posted to the real app over HTTP: each gets a clean answer
(a 4xx, or a 200 and a private explanation, or is ignored with one log line), never a 5xx or a
traceback, and nothing is written. The bot works normally afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pytest

from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack, ServedFile
from .flows import CASE, open_case
from .hostile import SURROGATE, Body, actions, commands, event_body, events, said_in, views
from .workspace import Workspace


def tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()[:200]}" for r in caplog.records
            if r.exc_info or r.levelno >= logging.ERROR]


async def refused_each(ws: Workspace, bodies: Iterable[Body]) -> list[str]:
    """Post every body; the names of those answered with a 5xx."""
    failed = []
    for name, content_type, body in bodies:
        reply = await ws.post(body, content_type)
        if reply.status >= 500:
            failed.append(f"{name}: {reply.status}")
    return failed


async def journal(store: SqlCaseStore) -> list[object]:
    return [(case_id, await store.entries(case_id)) for case_id in await store.case_ids()]


@pytest.mark.parametrize("kind", ["events", "commands", "actions", "views"])
async def test_hostile_bodies_get_no_5xx_no_traceback_and_write_nothing(
        kind: str, ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
        caplog: pytest.LogCaptureFixture) -> None:
    thread = await open_case(ws)
    await ws.command("UANA", f"propose {CASE}")  # a form to forge submissions of
    form = ws.last_view()
    await ws.event(said_in(thread), event_body(said_in(thread))["event_id"])
    before = await journal(store)
    caplog.clear()
    caplog.set_level(logging.INFO)
    bodies = {"events": lambda: events(thread), "commands": commands,
              "actions": lambda: actions(CASE, thread[0]), "views": lambda: views(form)}[kind]
    assert await refused_each(ws, bodies()) == []
    assert tracebacks(caplog) == []
    assert await journal(store) == before
    assert not ws.work.failures, ws.work.failures
    # A normal message and command still work afterwards.
    await ws.say("UANA", "still here", thread)
    assert (await store.entries(CASE))[-1].payload["text"] == "still here"
    await ws.command("UANA", f"status {CASE}")
    assert CASE in fake.private_to("UANA")[-1]


async def test_a_lone_surrogate_in_text_is_journaled_as_a_replacement_character(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore,
        caplog: pytest.LogCaptureFixture) -> None:
    thread = await open_case(ws)
    posted = await ws.say("UANA", f"half a pair {SURROGATE} here", thread)
    await ws.event({"type": "message", "subtype": "message_changed", "channel": thread[0],
                    "ts": "1700002000.000001",
                    "message": {**posted, "text": f"edited {SURROGATE}"},
                    "previous_message": posted})
    fake.files["T1/F1/a.txt"] = ServedFile(b"a file", "text/plain")
    url = f"{fake.origin}/files/T1/F1/a.txt"
    await ws.event(ws.message("UANA", f"about {SURROGATE} it", thread, subtype="file_share",
                              files=[{"id": "F1", "name": f"a{SURROGATE}.txt",
                                      "url_private_download": url}]))
    texts = [e.payload.get("text") or e.payload.get("description")
             for e in await store.entries(CASE)]
    assert texts[-4:] == ["half a pair \ufffd here", "edited \ufffd", "about \ufffd it",
                          "about \ufffd it"]
    assert tracebacks(caplog) == []


async def test_slacks_own_checks_still_pass_the_edge(ws: Workspace) -> None:
    """The URL verification (when the request URL is set) and the SSL check are answered."""
    reply = await ws.post(b'{"token":"x","challenge":"c-123","type":"url_verification"}',
                          "application/json")
    assert (reply.status, reply.json()) == (200, {"challenge": "c-123"})
    reply = await ws.post(b"ssl_check=1&token=x", "application/x-www-form-urlencoded")
    assert reply.status == 200
