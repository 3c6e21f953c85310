"""Slack events over HTTP: signed `message` events in a case thread, each journaled (SQLite,
durably committed) by the real app, next to a bare Bolt AsyncApp with a no-op listener
receiving the same events over the same HTTP stack, in the same run.

    .venv/bin/python bench/slack.py [--events 1000] [--rounds 5] [--concurrency 16]

Both apps verify signatures and ack; ours also resolves the thread to its case and appends to
the journal. A round ends when every response is in and every listener has finished. Rounds
alternate app and bare; the median round counts. Last line:
`slack events: <N>/s = <R>% of bare bolt`.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.settings import Settings
from adapters.slack.app import build_slack_app
from adapters.slack.http import EVENTS_PATH, web_app
from adapters.slack.settings import SlackSettings
from adapters.wiring import build, settle_heap
from tests.adapters.slack.fake_slack import TEAM, FakeSlack

SECRET = "bench-signing-secret"
TEXT = "The video went live a week late; here is the timeline as I remember it. " * 3


def signed(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body,
                      hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + digest}


def message_body(n: int, round_no: int, thread_ts: str) -> bytes:
    event = {"type": "message", "channel": "C1", "user": "UCLEO", "text": TEXT,
             "ts": f"{1800000000 + round_no}.{n:06d}", "thread_ts": thread_ts,
             "channel_type": "channel"}
    return json.dumps({"token": "x", "team_id": TEAM, "api_app_id": "A1",
                       "type": "event_callback", "event_id": f"Ev{round_no}x{n}",
                       "event_time": int(time.time()), "event": event}).encode()


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}{EVENTS_PATH}"


async def blast(http: aiohttp.ClientSession, url: str, bodies: list[bytes], concurrency: int,
                settle: Callable[[], Awaitable[None]]) -> float:
    """Events per second: all posted (at most `concurrency` in flight) and all handled."""
    queue = list(reversed(bodies))

    async def worker() -> None:
        while queue:
            body = queue.pop()
            headers = {"Content-Type": "application/json", **signed(body)}
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == 200, response.status

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    await settle()
    return len(bodies) / (time.perf_counter() - start)


async def run(events: int, rounds: int, concurrency: int) -> tuple[float, float]:
    fake = FakeSlack(users={"UANA": "Ana", "UCLEO": "Cleo"})
    await fake.start()
    folder = Path(tempfile.mkdtemp(prefix="bench-slack-"))
    settings = Settings.from_env({"DATABASE_URL": f"sqlite:///{folder}/bench.db",
                                  "EVIDENCE_DIR": str(folder / "evidence")})
    app = await build(settings)
    slack_settings = SlackSettings(bot_token="xoxb-bench", signing_secret=SECRET,
                                   api_url=fake.api_url)
    ours = await build_slack_app(app, slack_settings)
    bare = AsyncApp(client=AsyncWebClient(token="xoxb-bench", base_url=fake.api_url),
                    signing_secret=SECRET)

    async def noop() -> None:
        return None

    bare.event("message")(noop)
    ours_runner, ours_url = await serve(web_app(ours.bolt))
    settle_heap()  # as `mediator slack` does once it has started
    bare_runner, bare_url = await serve(bare.web_app(path=EVENTS_PATH))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as http:
        body = ("command=%2Fmediate&team_id=T1&user_id=UANA&channel_id=C1&trigger_id=1.t&"
                "response_url=" + fake.response_url("UANA", 0) + "&text=open+%3C%40UCLEO%3E+"
                "side%3Dbrand+title%3DBench+category%3Dother+summary%3Ds+desired_outcome%3Dd"
                ).encode()
        async with http.post(ours_url, data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", **signed(body)}) as r:
            assert r.status == 200
        await ours.slack.in_flight.idle()
        thread_ts = next(c.answer["ts"] for c in fake.calls if c.method == "chat.postMessage")
        ours_rates, bare_rates = [], []
        for round_no in range(1, rounds + 1):
            bodies = [message_body(n, round_no, thread_ts) for n in range(events)]
            ours_rates.append(await blast(http, ours_url, bodies, concurrency,
                                          ours.slack.in_flight.idle))
            bare_rates.append(await blast(http, bare_url, bodies, concurrency, noop))
            print(f"round {round_no}: app {ours_rates[-1]:,.0f}/s, "
                  f"bare bolt {bare_rates[-1]:,.0f}/s", flush=True)
    await ours_runner.cleanup()
    await bare_runner.cleanup()
    await app.close()
    await fake.stop()
    assert not ours.slack.in_flight.failures, ours.slack.in_flight.failures
    return statistics.median(ours_rates), statistics.median(bare_rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print(f"{args.events} events per round, {args.rounds} rounds, "
          f"{args.concurrency} in flight", flush=True)
    ours, bare = asyncio.run(run(args.events, args.rounds, args.concurrency))
    print(f"slack events: {ours:,.0f}/s = {100 * ours / bare:.0f}% of bare bolt")


if __name__ == "__main__":
    main()
