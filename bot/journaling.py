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

This module owns the case locks, the cache of folded cases and the count of commands in flight.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime

from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.commands import Command, OpenCase
from bot.domain.decide import decide, record
from bot.domain.errors import Refusal, TryAgain
from bot.domain.fold import apply
from bot.domain.identity import SYSTEM
from bot.domain.journal import JournalEntry
from bot.domain.policy import Policy
from bot.outcome import ACTOR, THREAD, Context, Outcome, Reply
from bot.ports import (
    AlreadyFired,
    CaseStore,
    ConflictError,
    DuplicateSource,
    EvidenceRecord,
    OutboxMessage,
    Transaction,
)
from bot.retrying import MAX_ATTEMPTS, pause
from bot.summary import case_row, summarize
from bot.wording import replies_for

log = logging.getLogger(__name__)

DIRECT_AUDIENCES = (ACTOR, THREAD)
Answer = Outcome | Refusal | AlreadyFired


class _Stale(Exception):
    """A refusal was decided on a cached state that the store has moved past."""


class _Command:
    """A command waiting for (or in) a write, and where its answer goes."""

    __slots__ = ("answer", "command", "ctx", "deadline_id", "settle")

    def __init__(self, ctx: Context, command: Command, deadline_id: int | None, settle: bool,
                 answer: asyncio.Future[Outcome] | None) -> None:
        self.ctx = ctx
        self.command = command
        self.deadline_id = deadline_id  # a firing: the deadline row is marked in the same write
        self.settle = settle  # a refusal is first checked against what is journaled
        self.answer = answer  # None: its caller waits in the same task (a batch of one)


class Journaling:
    def __init__(self, store: CaseStore, *, policy_of: Callable[[str], Awaitable[Policy]],
                 clock: Callable[[], datetime], new_case_id: Callable[[], str],
                 deadlines_moved: Callable[[list[datetime]], None],
                 cache_size: int = 2000) -> None:
        self.store = store
        self.policy_of = policy_of
        self.clock = clock
        self.new_case_id = new_case_id
        self.deadlines_moved = deadlines_moved  # told the due times of a case's deadline rows
        self._cache: OrderedDict[str, Case] = OrderedDict()
        self._cache_size = cache_size
        self._queues: dict[str, list[_Command]] = {}  # cases whose drain is running
        self._tasks: set[asyncio.Task[None]] = set()  # the drains, refusals being checked
        # Commands being decided or written in this process. When only one is, its write
        # may run in place (see CaseStore.transaction): nothing else waits on it.
        self._in_flight = 0
        # A case's lock lives while anyone holds or waits for it (weakly kept), and while the
        # case was acted on lately (kept here, so that busy cases keep theirs).
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary())
        self._recent_locks: dict[str, asyncio.Lock] = {}

    @property
    def in_flight(self) -> int:
        """Commands queued, being decided or being written in this process."""
        return self._in_flight

    # -- cases ------------------------------------------------------------------------------------
    async def case(self, case_id: str) -> Case | None:
        """The case as journaled: the cached state brought up to date with newer entries."""
        cached = self._cache.get(case_id)
        new = await self.store.entries(case_id, after_seq=cached.version if cached else 0)
        if not new:
            return cached
        case = cached
        for entry in new:
            case = apply(case, entry)
        assert case is not None
        self._remember(case)
        return case

    def forget_cases(self) -> None:
        """Drop every cached case (as a process starting afresh knows none)."""
        self._cache.clear()

    def _remember(self, case: Case) -> None:
        self._cache[case.id] = case
        self._cache.move_to_end(case.id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _lock(self, case_id: str) -> asyncio.Lock:
        lock = self._recent_locks.get(case_id)
        if lock is None:
            lock = self._locks.get(case_id)
            if lock is None:
                lock = self._locks[case_id] = asyncio.Lock()
            if len(self._recent_locks) >= self._cache_size:
                self._recent_locks.clear()
            self._recent_locks[case_id] = lock
        return lock

    # -- acting -----------------------------------------------------------------------------------
    async def act(self, ctx: Context, case_id: str, command: Command,
                  deadline_id: int | None = None) -> Outcome:
        """Decide `command` on the case and journal what it causes, exactly once; raises its
        refusal (or AlreadyFired for a deadline another worker fired)."""
        lock = self._lock(case_id)
        if lock.locked() or case_id in self._queues:
            return await self._queue(ctx, case_id, command, deadline_id, settle=False)
        self._in_flight += 1
        try:
            async with lock:
                [answer] = await self._journal(case_id, [
                    _Command(ctx, command, deadline_id, False, None)])
        finally:
            self._in_flight -= 1
        if isinstance(answer, Outcome):
            return answer
        raise answer

    def submit(self, ctx: Context, case_id: str, command: Command) -> asyncio.Future[Outcome]:
        """Queue `command` for the case's next write and return its answer to come. A refusal
        is the answer only if the command's source is not journaled yet (a platform's retry
        of an event recorded earlier gets what it did then)."""
        return self._queue(ctx, case_id, command, None, settle=True)

    def _queue(self, ctx: Context, case_id: str, command: Command, deadline_id: int | None,
               settle: bool) -> asyncio.Future[Outcome]:
        loop = asyncio.get_running_loop()
        item = _Command(ctx, command, deadline_id, settle, loop.create_future())
        queue = self._queues.get(case_id)
        if queue is None:
            queue = self._queues[case_id] = []
            drain = loop.create_task(self._drain(case_id))
            self._tasks.add(drain)
            drain.add_done_callback(self._tasks.discard)
        queue.append(item)
        self._in_flight += 1
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
                        self._in_flight -= len(batch)
        finally:
            left = self._queues.pop(case_id, [])
            self._in_flight -= len(left)
            self._fail(left, TryAgain("That was not recorded: I was stopping. "
                                      "Please send it again."))

    @staticmethod
    def _fail(batch: Sequence[_Command], problem: BaseException) -> None:
        for item in batch:
            if item.answer is not None and not item.answer.done():
                item.answer.set_exception(problem)

    def _answer(self, batch: Sequence[_Command], answers: Sequence[Answer]) -> None:
        for item, answer in zip(batch, answers, strict=True):
            if item.answer is None or item.answer.done():  # its caller stopped waiting
                continue
            if isinstance(answer, Outcome):
                item.answer.set_result(answer)
            elif isinstance(answer, Refusal) and item.settle and item.ctx.source is not None:
                self._settle(item, answer)
            else:
                item.answer.set_exception(answer)

    def _settle(self, item: _Command, refusal: Refusal) -> None:
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
        if ctx.source is not None and await self.store.entries_for_source(ctx.source):
            return await self.earlier_outcome(ctx)
        raise refusal

    async def earlier_outcome(self, ctx: Context) -> Outcome:
        """What the command with this source did when it was journaled."""
        assert ctx.source is not None
        earlier = await self.store.entries_for_source(ctx.source)
        case_id = earlier[0].case_id if earlier else None
        case = await self.case(case_id) if case_id else None
        return Outcome(case_id, tuple(earlier), (), case, duplicate=True)

    # -- writing ----------------------------------------------------------------------------------
    async def _journal(self, case_id: str, batch: list[_Command]) -> list[Answer]:
        """Each command's answer, all journaled in one transaction, deciding again while the
        case moves on; the caller holds the case's lock."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await self._attempt(case_id, batch, trust_cache=attempt == 0)
            except _Stale:
                self._cache.pop(case_id, None)
            except ConflictError:
                self._cache.pop(case_id, None)
                if len(batch) == 1 and isinstance(batch[0].command, OpenCase):
                    case_id = self.new_case_id()  # the id was taken: another one
                    batch[0].command = replace(batch[0].command, case_id=case_id)
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

    async def _attempt(self, case_id: str, batch: list[_Command],
                       trust_cache: bool) -> list[Answer]:
        async with self.store.transaction(alone=self._in_flight == len(batch)) as tx:
            first = batch[0].command
            case = None
            if isinstance(first, OpenCase):
                community_id = first.community_id
            else:
                case = self._cache.get(case_id) if trust_cache else None
                if case is None:
                    case = await self.case(case_id)
                if case is None:
                    raise Refusal(f"There is no case {case_id}.")
                community_id = case.community_id
            policy = await self.policy_of(community_id)
            now = self.clock()
            state = case
            decided: list[tuple[list[JournalEntry], Case | None] | Refusal] = []
            written: list[JournalEntry] = []
            for item in batch:
                try:
                    if case is not None and item.ctx.community_id != case.community_id:
                        raise Refusal(f"There is no case {case_id}.")
                    events = decide(state, item.command, item.ctx.actor, now, policy)
                except Refusal as refusal:
                    decided.append(refusal)
                    continue
                if item.deadline_id is not None:
                    # Fired together with what it causes, or not at all: exactly once.
                    await tx.mark_fired(item.deadline_id, now)
                entries: list[JournalEntry] = []
                if events:
                    entries, state = record(state, case_id, events, actor=item.ctx.actor,
                                            now=now, source=item.ctx.source)
                    written += entries
                decided.append((entries, state))
            if trust_cache and case is not None and any(
                    isinstance(d, Refusal) for d in decided):
                # A refusal decided on a cached state must hold on the stored one too.
                head = await self.store.head(case_id)
                if head is None or head.version != case.version:
                    raise _Stale()
            rescheduled = False
            answers: list[Answer] = []
            if written:
                assert state is not None
                rescheduled = (case is None or case.deadlines is not state.deadlines
                               or case.reminded is not state.reminded)
                # Parties are fixed when a case opens; only a mediator joins later.
                joined = case is None or case.mediator != state.mediator
                summary = (summarize(state, now, policy) if joined or rescheduled
                           else case_row(state, now))
                await tx.append(written, summary,
                                expected_version=case.version if case else 0,
                                participants_changed=joined, deadlines_changed=rescheduled)
            for item, result in zip(batch, decided, strict=True):
                if isinstance(result, Refusal):
                    answers.append(result)
                    continue
                entries, after = result
                direct = await _side_effects(tx, item.ctx, after, entries, now)
                answers.append(Outcome(case_id, tuple(entries), direct, after))
        if state is not None:
            self._remember(state)
        if written:
            log.info("journaled %s", ", ".join(e.kind for e in written),
                     extra={"case_id": case_id})
        if rescheduled:
            self.deadlines_moved([d.due_at for d in summary.deadlines])
        return answers


async def _side_effects(tx: Transaction, ctx: Context, case: Case | None,
                        entries: list[JournalEntry], now: datetime) -> tuple[Reply, ...]:
    """Write what a command's entries cause besides themselves (evidence records, notices
    for others); the replies that go straight back to whoever acted."""
    if not entries:
        return ()
    assert case is not None
    replies = [r for entry in entries for r in replies_for(case, entry)]
    # What the bot does by itself answers nobody at once: it all goes out as notices.
    direct = () if ctx.actor.user_id == SYSTEM.user_id else tuple(
        r for r in replies if r.audience in DIRECT_AUDIENCES or r.audience.startswith("side:"))
    for entry in entries:
        if entry.kind == kinds.EVIDENCE_ADDED:
            p = entry.payload
            await tx.add_evidence(EvidenceRecord(
                case.id, entry.seq, p["sha256"], p["size"], p["media_type"], p["filename"],
                p["description"], entry.actor_id, now, p["late"]))
    notices = [OutboxMessage(case.id, ctx.platform, r.audience, r.text)
               for r in replies if r not in direct]
    if notices:
        await tx.add_outbox(notices)
    return direct
