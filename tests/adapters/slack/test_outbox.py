"""The Slack outbox: reminders and escalations fired by deadlines reach people on the fake Slack
through `adapters.outbox.Courier`, and Slack's failures become retries (500, 429 with
Retry-After, a case with no Slack conversation yet) or failures for good (no such user, no
access). Time is a clock the test moves: the service's (deadlines) and the courier's (retries);
nothing sleeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from adapters.outbox import Courier
from adapters.slack.app import SlackApp
from adapters.slack.failures import slack_failure
from adapters.slack.settings import SlackSettings
from adapters.wiring import App
from bot.domain.policy import OnSilence, Policy
from bot.ports import OutboxMessage
from bot.service.mediation import MediationService
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .conftest import CaseIds
from .fake_slack import FakeSlack
from .flows import CASE, open_case
from .workspace import SECRET, Workspace

# The respondent has an hour to answer, is reminded half an hour before; then the mediators.
POLICY = Policy(response_window=timedelta(hours=1), reminder_lead=timedelta(minutes=30),
                on_silence=OnSilence.ESCALATE)
REMINDER = f"Reminder: case {CASE}"
ESCALATION = f"Case {CASE} (Reel late"
MEDIATORS = ("UMO", "UMAX")


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(store: SqlCaseStore, evidence_store: FileEvidenceStore, clock: Clock) -> App:
    service = MediationService(store, evidence_store, clock=clock, new_case_id=CaseIds(),
                               default_policy=POLICY)
    return App(service, store, evidence_store)


@pytest.fixture
def slack_settings(fake: FakeSlack) -> SlackSettings:
    return SlackSettings(bot_token="xoxb-test", signing_secret=SECRET, api_url=fake.api_url,
                         file_hosts=(fake.origin,), mediators=MEDIATORS)


@pytest.fixture
def courier(slack_app: SlackApp, clock: Clock) -> Courier:
    """The app's own courier (the one `kick_outbox` and the scheduler use), on the test's
    clock."""
    courier = slack_app.slack.courier
    assert courier.platform == "slack"
    courier.clock = clock
    return courier


def reminder(params: dict[str, Any]) -> bool:
    return REMINDER in str(params.get("text", ""))


async def remind(ws: Workspace, app: App, clock: Clock) -> tuple[str, str]:
    """Ana opens a case against Cleo (whose invitation is delivered at once); half an hour
    later the reminder deadline fires and Cleo's reminder waits in the outbox."""
    await open_case(ws)
    clock.advance(minutes=31)
    assert await app.service.fire_due() == 1
    [message] = await app.store.outbox(platform="slack", state="pending")
    assert message.audience == "user:slack:T1:UCLEO" and REMINDER in message.text
    return ws.thread_of(CASE)


async def only(store: SqlCaseStore, state: str) -> OutboxMessage:
    [message] = [m for m in await store.outbox(platform="slack", state=state)
                 if REMINDER in m.text]
    return message


# -- (1) a reminder reaches the right person ----------------------------------------------------
async def test_the_invitation_and_a_fired_reminder_reach_the_respondent_by_dm(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier) -> None:
    await open_case(ws)
    # The invitation went through the outbox, delivered right after the command.
    [invitation] = [m for m in await app.store.outbox(platform="slack", state="delivered")
                    if m.audience == "user:slack:T1:UCLEO"]
    assert [t for t in fake.direct_to("UCLEO") if "opened mediation case" in t]
    assert invitation.attempts == 1

    clock.advance(minutes=29)
    assert await app.service.fire_due() == 0  # not yet
    assert await courier.deliver_due() == 0
    clock.advance(minutes=2)
    assert await app.service.fire_due() == 1
    assert await courier.deliver_due() == 1
    assert [t for t in fake.direct_to("UCLEO") if REMINDER in t] == [
        next(t for t in fake.direct_to("UCLEO") if REMINDER in t)]
    assert "`join` or `decline`" in next(t for t in fake.direct_to("UCLEO") if REMINDER in t)
    assert not [t for t in fake.direct_to("UANA") if REMINDER in t]  # only who must act
    assert (await only(app.store, "delivered")).delivered_at is not None
    assert await app.store.outbox(platform="slack", state="pending") == []
    assert len(fake.attempts(REMINDER)) == 1


# -- (2) 500 and connection-level failures: retried with backoff, delivered once ----------------
@pytest.mark.parametrize(("method", "status", "when"), [
    ("chat.postMessage", 500, reminder),
    ("conversations.open", 503, None),
])
async def test_a_delivery_answered_5xx_is_retried_with_backoff_and_delivered_once(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier, method: str,
        status: int, when: Any) -> None:
    await remind(ws, app, clock)
    fake.fail(method, status=status, when=when)
    tried = len(fake.called(method))

    assert await courier.deliver_due() == 0
    assert len(fake.called(method)) == tried + 1
    pending = await only(app.store, "pending")
    assert pending.attempts == 1 and pending.last_error == f"HTTP {status}"
    assert pending.next_attempt_at is not None and pending.next_attempt_at > clock.now
    assert fake.direct_to("UCLEO") == [t for t in fake.direct_to("UCLEO") if REMINDER not in t]

    assert await courier.deliver_due() == 0  # the backoff is not over: not tried again
    assert len(fake.called(method)) == tried + 1
    clock.now = pending.next_attempt_at
    assert await courier.deliver_due() == 1
    clock.advance(hours=1)
    assert await courier.deliver_due() == 0
    assert len([t for t in fake.direct_to("UCLEO") if REMINDER in t]) == 1
    assert len([c for c in fake.attempts(REMINDER) if c.ok]) == 1
    assert (await only(app.store, "delivered")).attempts == 2


# -- (3) 429: not before Retry-After, then once ------------------------------------------------
async def test_a_rate_limited_delivery_waits_for_retry_after_and_is_then_delivered_once(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier) -> None:
    await remind(ws, app, clock)
    fake.fail("chat.postMessage", status=429, retry_after=120, when=reminder)
    first = clock.now

    assert await courier.deliver_due() == 0
    pending = await only(app.store, "pending")
    assert pending.next_attempt_at is not None
    assert abs(pending.next_attempt_at - (first + timedelta(seconds=120))) < timedelta(
        seconds=1)
    assert "ratelimited" in (pending.last_error or "")

    clock.now = first + timedelta(seconds=119)  # far beyond the first backoff (2 s), but
    assert await courier.deliver_due() == 0    # Slack said 120 s
    assert len(fake.attempts(REMINDER)) == 1
    clock.now = first + timedelta(seconds=121)
    assert await courier.deliver_due() == 1
    clock.advance(hours=1)
    assert await courier.deliver_due() == 0
    assert [c.status for c in fake.attempts(REMINDER)] == [429, 200]
    assert len([t for t in fake.direct_to("UCLEO") if REMINDER in t]) == 1


# -- (4) errors that cannot get better: failed, with the error, never tried again --------------
@pytest.mark.parametrize(("method", "error"), [
    ("conversations.open", "user_not_found"),
    ("conversations.open", "cannot_dm_bot"),
    ("chat.postMessage", "is_archived"),
    ("chat.postMessage", "invalid_auth"),
])
async def test_a_permanently_failing_delivery_is_kept_as_failed_and_not_retried(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier, method: str,
        error: str) -> None:
    await remind(ws, app, clock)
    fake.fail(method, status=200, error=error, times=100)
    tried = len(fake.called(method))

    assert await courier.deliver_due() == 0
    failed = await only(app.store, "failed")
    assert failed.last_error == error and failed.attempts == 1
    assert failed.failed_at is not None and failed.delivered_at is None
    assert await app.store.outbox(platform="slack", state="pending") == []

    for _ in range(3):
        clock.advance(days=1)
        assert await courier.deliver_due() == 0
    assert len(fake.called(method)) == tried + 1
    assert not [t for t in fake.direct_to("UCLEO") if REMINDER in t]


# -- (5) silence escalates: the mediators are told ----------------------------------------------
async def test_an_escalation_on_silence_reaches_every_configured_mediator_and_the_thread(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier) -> None:
    thread = await remind(ws, app, clock)
    clock.advance(minutes=30)  # the response deadline passes in silence
    assert await app.service.fire_due() == 1
    summary = await app.store.case(CASE)
    assert summary is not None and summary.mediation_requested

    await courier.deliver_due()
    for mediator in MEDIATORS:
        told = [t for t in fake.direct_to(mediator) if ESCALATION in t]
        assert len(told) == 1, (mediator, fake.direct_to(mediator))
        assert f"/mediate take {CASE}" in told[0]
    for party in ("UANA", "UCLEO"):
        assert not [t for t in fake.direct_to(party) if ESCALATION in t]
    assert any("mediators' queue" in t for t in fake.thread(*thread))
    assert await app.store.outbox(platform="slack", state="pending") == []
    assert await app.store.outbox(platform="slack", state="failed") == []


async def test_a_mediator_reached_before_a_failure_is_not_written_to_again(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier) -> None:
    await remind(ws, app, clock)
    assert await courier.deliver_due() == 1  # the reminder
    clock.advance(minutes=30)
    assert await app.service.fire_due() == 1
    # Mediators are written to in order: UMAX is reached; the DM to UMO fails once.
    fake.fail("conversations.open", status=500, when=lambda p: p.get("users") == "UMO")

    await courier.deliver_due()
    assert len([t for t in fake.direct_to("UMAX") if ESCALATION in t]) == 1
    assert not [t for t in fake.direct_to("UMO") if ESCALATION in t]
    [escalation] = [m for m in await app.store.outbox(platform="slack", state="pending")]
    assert escalation.audience == "mediators" and escalation.last_error == "HTTP 500"

    clock.advance(minutes=1)
    assert await courier.deliver_due() == 1
    for mediator in MEDIATORS:
        assert len([t for t in fake.direct_to(mediator) if ESCALATION in t]) == 1


# -- no Slack conversation for the case yet: retried, delivered once there is one -------------
async def test_a_notice_for_a_caucus_not_opened_yet_waits_and_is_delivered_when_it_is(
        ws: Workspace, fake: FakeSlack, app: App, clock: Clock, courier: Courier,
        slack_app: SlackApp) -> None:
    await open_case(ws)
    async with app.store.transaction() as tx:
        await tx.add_outbox([OutboxMessage(CASE, "slack", "side:brand", "For the brand side")])

    assert await courier.deliver_due() == 0
    [waiting] = await app.store.outbox(platform="slack", state="pending")
    assert "no Slack caucus conversation" in (waiting.last_error or "")
    assert await app.store.outbox(platform="slack", state="failed") == []

    await slack_app.slack.rooms.link_caucus("T1", "GCAUCUS", CASE, "brand")
    clock.advance(minutes=1)
    assert await courier.deliver_due() == 1
    assert [p["text"] for p in fake.posted() if p["channel"] == "GCAUCUS"] == [
        "For the brand side"]


async def test_a_message_for_a_person_of_another_platform_fails_for_good(
        ws: Workspace, app: App, courier: Courier) -> None:
    await open_case(ws)
    async with app.store.transaction() as tx:
        await tx.add_outbox([OutboxMessage(CASE, "slack", "user:discord:42", "hi")])
    assert await courier.deliver_due() == 0
    [failed] = await app.store.outbox(platform="slack", state="failed")
    assert failed.last_error == "user:discord:42 is not a Slack user"


# -- the mapping itself ------------------------------------------------------------------------
def answer(status: int, error: str | None = None, headers: dict[str, str] | None = None
           ) -> Any:
    from slack_sdk.errors import SlackApiError

    data = {"ok": False, "error": error} if error else {}
    return SlackApiError("failed", SimpleNamespace(status_code=status, data=data,
                                                    headers=headers or {}))


@pytest.mark.parametrize(("status", "error", "headers", "permanent", "after"), [
    (429, "ratelimited", {"Retry-After": "30"}, False, 30.0),
    (429, "ratelimited", {"retry-after": "7"}, False, 7.0),
    (429, None, {}, False, None),  # no header: the courier's backoff
    (200, "ratelimited", {"Retry-After": "3"}, False, 3.0),
    (500, None, {}, False, None),
    (502, None, {}, False, None),
    (200, "internal_error", {}, False, None),
    (200, "fatal_error", {}, False, None),
    (200, "channel_not_found", {}, True, None),
    (200, "not_in_channel", {}, True, None),
    (200, "user_not_found", {}, True, None),
    (200, "is_archived", {}, True, None),
    (200, "invalid_auth", {}, True, None),
    (200, "account_inactive", {}, True, None),
    (200, "missing_scope", {}, True, None),
    (200, "cannot_dm_bot", {}, True, None),
    (404, None, {}, True, None),
])
def test_slack_answers_map_to_the_couriers_contract(
        status: int, error: str | None, headers: dict[str, str], permanent: bool,
        after: float | None) -> None:
    problem = slack_failure(answer(status, error, headers))
    assert problem.permanent is permanent
    assert problem.retry_after == after


async def test_slack_out_of_reach_is_a_failure_to_retry(slack_app: SlackApp) -> None:
    """A connection refused (after the SDK's own single retry, switched off here) is retried
    later with backoff, not failed for good."""
    import socket

    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.outbox import DeliveryError

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = AsyncWebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/",
                            retry_handlers=[])

    async def unreachable(team: str) -> AsyncWebClient:
        return client

    delivery = slack_app.slack.delivery
    delivery.client_for = unreachable
    with pytest.raises(DeliveryError) as raised:
        await delivery.send(OutboxMessage(None, "slack", "user:slack:T1:UCLEO", "hi", id=1))
    assert not raised.value.permanent and raised.value.retry_after is None
    assert "cannot reach Slack" in raised.value.reason
