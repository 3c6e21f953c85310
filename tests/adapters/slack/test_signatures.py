"""Only Slack's signed requests are heard: a bad signature, missing headers or a stale
timestamp get 401 and run nothing (nothing journaled, nothing sent to Slack)."""

from __future__ import annotations

import time

from slack_sdk.signature import SignatureVerifier

from storage.repository import SqlCaseStore

from .fake_slack import FakeSlack
from .flows import CASE, open_case
from .workspace import Workspace, signature

# Slack's published example (api.slack.com/authentication/verifying-requests-from-slack).
VECTOR_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
VECTOR_TIMESTAMP = "1531420618"
VECTOR_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    b"G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    b"collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977008"
    b"85554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c4"
    b"47fce8b6703c"
)
VECTOR_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


def test_the_test_signer_matches_slacks_published_example() -> None:
    assert signature(VECTOR_SECRET, VECTOR_TIMESTAMP, VECTOR_BODY) == VECTOR_SIGNATURE
    verifier = SignatureVerifier(VECTOR_SECRET, clock=type("C", (), {
        "now": staticmethod(lambda: float(VECTOR_TIMESTAMP))})())
    assert verifier.is_valid(VECTOR_BODY, VECTOR_TIMESTAMP, VECTOR_SIGNATURE)


async def test_slacks_example_request_is_refused_now_because_it_is_stale(
        ws: Workspace, fake: FakeSlack) -> None:
    ws.secret = VECTOR_SECRET  # even with the right secret, 2018 is too long ago
    reply = await ws.post(VECTOR_BODY, "application/x-www-form-urlencoded",
                          timestamp=VECTOR_TIMESTAMP, signed=VECTOR_SIGNATURE)
    assert reply.status == 401
    assert fake.responses == [] and fake.called("views.open") == []


async def test_bad_signature_missing_headers_and_stale_timestamps_get_401(
        ws: Workspace, fake: FakeSlack, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    before = await store.entries(CASE)
    sent = len(fake.calls)
    event = ws.message("UCLEO", "forged", thread)
    stale = str(int(time.time()) - 301)
    for kw in ({"signed": "v0=" + "0" * 64},
               {"headers": {"X-Slack-Signature": "", "X-Slack-Request-Timestamp": ""}},
               {"timestamp": stale}):
        assert (await ws.event(event, **kw)).status == 401, kw
        assert (await ws.command("UOTTO", f"withdraw {CASE}", **kw)).status == 401
    assert await store.entries(CASE) == before
    assert len(fake.calls) == sent and not fake.private_to("UOTTO")
    # The same message, signed properly and on time, is heard.
    assert (await ws.event(event)).status == 200
    assert [e.kind for e in await store.entries(CASE)][-1] == "message_posted"


async def test_a_body_changed_after_signing_is_refused(ws: Workspace, store: SqlCaseStore) -> None:
    thread = await open_case(ws)
    timestamp = str(int(time.time()))
    body = ws.command_body("UANA", f"withdraw {CASE}")
    signed = signature(ws.secret, timestamp, body)
    tampered = body.replace(b"UANA", b"UCLE")
    reply = await ws.post(tampered, "application/x-www-form-urlencoded", timestamp=timestamp,
                          signed=signed)
    assert reply.status == 401
    assert [e.kind for e in await store.entries(CASE)] == ["case_opened"]
    assert thread
