"""The timers of a process: they wake it when deadlines fall due, and to deliver the outbox.

The deadline rows are the truth; APScheduler (an AsyncIOScheduler with its in-memory job
store) only decides when this process looks at them. At start a sweep fires, late, whatever
fell due while nothing ran, and sets a timer for every due time in the next horizon; the sweep
repeats, so deadlines written by other workers (or beyond the horizon) are found in time; and
the service tells the scheduler about the deadlines of the commands it journals, so they get
a timer at once. Timers run however late they are (`misfire_grace_time=None`): APScheduler's
default would skip a job that is more than a second late.

One firing loop runs at a time in a process: a timer that goes off while it runs asks it to go
round once more. Sweeps and deliveries schedule their next run when they finish, so a long one
(a backlog after downtime) is never overlapped by the next.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from adapters.outbox import Courier
from adapters.settings import Settings, SettingsError, configure_logging
from adapters.wiring import build, settle_heap
from bot.service.mediation import MediationService

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30.0
OUTBOX_SECONDS = 2.0


class Scheduler:
    def __init__(self, service: MediationService, couriers: Iterable[Courier] = (), *,
                 sweep_seconds: float = SWEEP_SECONDS,
                 outbox_seconds: float = OUTBOX_SECONDS) -> None:
        self.service = service
        self.couriers = tuple(couriers)
        self.sweep_seconds = sweep_seconds
        self.outbox_seconds = outbox_seconds
        self.horizon = timedelta(seconds=2 * sweep_seconds)
        self._timers = AsyncIOScheduler(timezone=UTC)
        self._armed: set[datetime] = set()
        # Taken in this order (a sweep fires, a firing delivers), and all three by `stop`.
        self._sweeping = asyncio.Lock()
        self._firing = asyncio.Lock()
        self._delivering = asyncio.Lock()
        self._again = False
        self._stopped = False  # a run already on its way when the timers stopped does nothing

    async def start(self) -> None:
        """Start the timers in the running event loop, after a first sweep: what fell due
        while nothing ran fires now, late, before anything else happens."""
        self._timers.start()
        self.service.on_deadlines = self.wake_at
        await self.sweep()
        if self.couriers:
            await self.deliver_and_repeat()

    async def stop(self) -> None:
        """Stop the timers, after letting a sweep, a firing or a delivery under way finish:
        cut off between sending a message and marking it delivered, it would be sent again
        later; and nothing of theirs is left reading the database once the app closes."""
        self.service.on_deadlines = None
        self._stopped = True
        if self._timers.running:
            self._timers.pause()  # no new runs; the ones under way go on
        async with self._sweeping, self._firing, self._delivering:
            if self._timers.running:
                self._timers.shutdown(wait=False)

    def _again_in(self, seconds: float, job: object, name: str) -> None:
        if self._timers.running:
            self._timers.add_job(job, "date", id=name, replace_existing=True,
                                 run_date=datetime.now(UTC) + timedelta(seconds=seconds),
                                 misfire_grace_time=None)

    async def sweep(self) -> None:
        """Fire what is due, arm a timer for each due time within the horizon, and come back
        after the sweep interval."""
        try:
            async with self._sweeping:
                if self._stopped:
                    return
                await self.fire()
                now = datetime.now(UTC)
                self.wake_at(await self.service.store.next_due_times(now, now + self.horizon))
        except Exception:
            log.exception("deadline sweep failed; the next one will try again")
        finally:
            self._again_in(self.sweep_seconds, self.sweep, "sweep")

    async def fire(self) -> None:
        """Fire what is due; if a firing is under way, have it go round once more instead."""
        if self._firing.locked():
            self._again = True
            return
        async with self._firing:
            while not self._stopped:
                self._again = False
                fired = await self.service.fire_due()
                if fired:
                    log.info("fired %d deadline(s)", fired)
                    await self.deliver()
                if not self._again:
                    return

    async def deliver_and_repeat(self) -> None:
        if self._stopped:
            return
        try:
            await self.deliver()
        finally:
            self._again_in(self.outbox_seconds, self.deliver_and_repeat, "outbox")

    async def deliver(self) -> None:
        async with self._delivering:
            for courier in self.couriers:
                try:
                    await courier.deliver_due()
                except Exception:
                    log.exception("outbox delivery failed; the next round will try again")

    def wake_at(self, times: Iterable[datetime]) -> None:
        """Arm a timer for each of `times` that falls within the horizon and has none yet."""
        if not self._timers.running:
            return
        now = datetime.now(UTC)
        limit = now + self.horizon
        self._armed = {t for t in self._armed if t > now}
        times = list(times)
        if any(when <= now for when in times):
            # Due already: one firing right away (one job, however many such times).
            self._timers.add_job(self.fire, "date", id="due-now", replace_existing=True,
                                 run_date=now, misfire_grace_time=None)
        for when in times:
            # Later ones get a timer from a later sweep.
            if when in self._armed or not now < when <= limit:
                continue
            self._armed.add(when)
            self._timers.add_job(self.fire, "date", run_date=when, coalesce=True,
                                 misfire_grace_time=None)


async def run_worker(settings: Settings) -> None:
    """Fire deadlines until SIGINT/SIGTERM, with no platform attached: notifications stay in
    the outbox for the platform processes. Any number of these may run (`mediator deadlines`)."""
    app = await build(settings)
    timers = Scheduler(app.service, sweep_seconds=settings.sweep_seconds)
    settle_heap()
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    try:
        await timers.start()
        log.info("deadline worker running")
        await stopped.wait()
    finally:
        await timers.stop()
        await app.close()


def main() -> int:
    try:
        settings = Settings.from_env()
        configure_logging(settings.log_level)
        asyncio.run(run_worker(settings))
    except SettingsError as problem:  # in the environment, or found on start (the database)
        print(f"Configuration error: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
