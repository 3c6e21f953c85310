"""The one way a change reaches the journal.

Every command on a case (a message, a proposal, a signature, a deadline firing) is decided and
written here. Commands queue per case and the case's drain journals what is queued, in arrival
order, a batch per transaction (group commit): one durable commit for all that arrived while
the previous write was under way. A command for a quiet case is a batch of one, journaled in
its caller's task. Each command keeps its own source and gets its own answer: its outcome, or
its own refusal. Two workers on one case: the loser's transaction fails on the case version,
and the batch is decided again on the new state (after a short random pause). A duplicate
delivery in a batch sends the batch through one by one, so that it gets what it did the first
time.

This module owns the case locks, the count of commands in flight and (through `CaseStates`)
the cache of folded cases; `BatchWriter` decides and writes one batch.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.checkpoints import Checkpointing
from bot.domain.errors import Refusal, TryAgain
from bot.domain.journal import JournalEntry
from bot.exchange import Context, Outcome
from bot.ports import AlreadyFired, ConflictError, DuplicateSource, Journal, PolicyChanged
from bot.service.batch_write import Answer, BatchWriter, QueuedCommand, Stale
from bot.service.case_states import CaseStates, State
from bot.service.policies import Policies
from bot.service.retrying import MAX_ATTEMPTS, pause
from bot.service.streams import RecordCommand, Streams

log = logging.getLogger(__name__)



class Journaling:
    def __init__(self, store: Journal, *, policies: Policies,
                 clock: Callable[[], datetime], new_case_id: Callable[[str], str],
                 deadlines_moved: Callable[[list[datetime]], None],
                 cache_size: int = 2000, checkpointing: Checkpointing | None = None) -> None:
        self.store = store
        self.new_case_id = new_case_id  # a fresh id of the kind of the one given
        self.policies = policies
        self.streams = Streams()  # cases and campaigns: what differs between them
        self.states = CaseStates(store, self.streams, cache_size)
        self.writer = BatchWriter(store, self.states, policies=policies, clock=clock,
                                  deadlines_moved=deadlines_moved, checkpointing=checkpointing)
        self._queues: dict[str, list[QueuedCommand]] = {}  # cases whose drain is running
        self._tasks: set[asyncio.Task[None]] = set()  # the drains, refusals being checked
        # A case's lock lives while anyone holds or waits for it (weakly kept), and while the
        # case was acted on lately (kept here, so that busy cases keep theirs).
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary())
        self._recent_locks: dict[str, asyncio.Lock] = {}

    @property
    def draining(self) -> int:
        """How many cases have commands queued or being journaled by their drain."""
        return len(self._queues)

    # -- cases ------------------------------------------------------------------------------------
    async def case(self, case_id: str) -> State | None:
        """The case (or campaign) as journaled (from the states kept here, brought up to
        date)."""
        return await self.states.latest(case_id)

    async def read_cases(self, case_ids: Sequence[str]) -> None:
        """Bring the cases not kept here yet into the cache, in one read, ahead of commands
        on each of them (a cached state is checked by its version when written)."""
        await self.states.read(case_ids)

    def _lock(self, case_id: str) -> asyncio.Lock:
        lock = self._recent_locks.get(case_id)
        if lock is None:
            lock = self._locks.get(case_id)
            if lock is None:
                lock = self._locks[case_id] = asyncio.Lock()
            if len(self._recent_locks) >= self.states.size:
                self._recent_locks.clear()
            self._recent_locks[case_id] = lock
        return lock

    # -- acting -----------------------------------------------------------------------------------
    async def act(self, ctx: Context, case_id: str, command: RecordCommand,
                  deadline_id: int | None = None) -> Outcome:
        """Decide `command` on the case and journal what it causes, exactly once; raises its
        refusal (or AlreadyFired for a deadline another worker fired)."""
        lock = self._lock(case_id)
        if lock.locked() or case_id in self._queues:
            return await self._queue(ctx, case_id, command, deadline_id, settle=False)
        async with lock:
            [answer] = await self._journal(case_id, [
                QueuedCommand(ctx, command, deadline_id, False, None)])
        if isinstance(answer, Outcome):
            return answer
        raise answer

    def submit(self, ctx: Context, case_id: str, command: RecordCommand,
               deadline_id: int | None = None) -> asyncio.Future[Outcome]:
        """Queue `command` for the case's next write and return its answer to come. A refusal
        is the answer only if the command's source is not journaled yet (a platform's retry
        of an event recorded earlier gets what it did then). With `deadline_id`, the command
        is that deadline's firing: the row is marked fired in the same write, and the answer
        is AlreadyFired if another worker fired it first."""
        return self._queue(ctx, case_id, command, deadline_id, settle=True)

    def _queue(self, ctx: Context, case_id: str, command: RecordCommand,
               deadline_id: int | None,
               settle: bool) -> asyncio.Future[Outcome]:
        loop = asyncio.get_running_loop()
        item = QueuedCommand(ctx, command, deadline_id, settle, loop.create_future())
        queue = self._queues.get(case_id)
        if queue is None:
            queue = self._queues[case_id] = []
            drain = loop.create_task(self._drain(case_id))
            self._tasks.add(drain)
            drain.add_done_callback(self._tasks.discard)
        queue.append(item)
        assert item.answer is not None
        return item.answer

    async def _drain(self, case_id: str) -> None:
        """Journal the case's queue, batch after batch, until it stays empty."""
        try:
            async with self._lock(case_id):
                while batch := self._queues[case_id]:
                    self._queues[case_id] = []
                    try:
                        self._answer(batch, await self._journal(case_id, batch))
                    except Exception as problem:  # each caller of the batch has it as its answer
                        log.exception("journaling a batch failed", extra={"case_id": case_id})
                        self._fail(batch, problem)
                    except BaseException as problem:
                        self._fail(batch, problem)
                        raise
        finally:
            left = self._queues.pop(case_id, [])
            self._fail(left, TryAgain("That was not recorded: I was stopping. "
                                      "Please send it again."))

    @staticmethod
    def _fail(batch: Sequence[QueuedCommand], problem: BaseException) -> None:
        for item in batch:
            if item.answer is not None and not item.answer.done():
                item.answer.set_exception(problem)

    def _answer(self, batch: Sequence[QueuedCommand], answers: Sequence[Answer]) -> None:
        for item, answer in zip(batch, answers, strict=True):
            if item.answer is None or item.answer.done():  # its caller stopped waiting
                continue
            if isinstance(answer, Outcome):
                item.answer.set_result(answer)
            elif isinstance(answer, Refusal) and item.settle and item.ctx.source is not None:
                self._settle(item, answer)
            else:
                item.answer.set_exception(answer)

    def _settle(self, item: QueuedCommand, refusal: Refusal) -> None:
        """Answer a refused command once its source is checked (aside: the drain goes on)."""
        answer = item.answer
        assert answer is not None

        async def check() -> None:
            try:
                outcome = await self.unless_seen(item.ctx, refusal)
            except asyncio.CancelledError:
                answer.cancel()  # stopping
                raise
            except Exception as problem:
                if not answer.done():
                    answer.set_exception(problem)
            else:
                if not answer.done():
                    answer.set_result(outcome)

        task = asyncio.get_running_loop().create_task(check())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def unless_seen(self, ctx: Context, refusal: Refusal) -> Outcome:
        """A retried platform event (a `join` clicked, then delivered again) would now be
        refused as if it were new: when its source is journaled, answer what it did then."""
        earlier = await self.store.entries_for_source(ctx.source) if ctx.source else []
        if earlier:
            return await self.earlier_outcome(ctx, earlier)
        raise refusal

    async def earlier_outcome(self, ctx: Context,
                              earlier: Sequence[JournalEntry] | None = None) -> Outcome:
        """What the command with this source did when it was journaled (its entries, when
        already read)."""
        assert ctx.source is not None
        if earlier is None:
            earlier = await self.store.entries_for_source(ctx.source)
        if not earlier:
            return Outcome(None, (), (), None, duplicate=True)
        case_id = earlier[0].case_id
        return self.streams.of(case_id).outcome(
            case_id, tuple(earlier), (), await self.case(case_id), duplicate=True)

    # -- writing ----------------------------------------------------------------------------------
    async def _journal(self, case_id: str, batch: list[QueuedCommand]) -> list[Answer]:
        """Each command's answer, all journaled in one transaction, deciding again while the
        case moves on; the caller holds the case's lock."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await self.writer.write(case_id, batch, trust_cache=attempt == 0)
            except Stale:
                self.states.forget(case_id)
            except PolicyChanged as changed:
                self.policies.forget(changed.community_id)
            except ConflictError:
                self.states.forget(case_id)
                stream = self.streams.of(case_id)
                if len(batch) == 1 and stream.starts(batch[0].command) is not None \
                        and not stream.keyed:
                    case_id = self.new_case_id(case_id)  # the id was taken: another one
                    batch[0].command = stream.with_id(batch[0].command, case_id)
                log.info("case moved on; deciding again", extra={"case_id": case_id})
                await pause(attempt)
            except Refusal as refusal:  # no such case: the same for every command
                return [Refusal(refusal.reason, refusal.possible) for _ in batch]
            except (DuplicateSource, AlreadyFired) as problem:
                if len(batch) > 1:  # one by one: each gets its own answer
                    return [answer for item in batch
                            for answer in await self._journal(case_id, [item])]
                if isinstance(problem, AlreadyFired):
                    return [problem]
                return [await self.earlier_outcome(batch[0].ctx)]
        return [TryAgain("The case is busy right now; please try again.") for _ in batch]
