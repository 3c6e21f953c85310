"""Group commit for what people write in a case's rooms.

When several messages (edits, deletions) of one case arrive at once (a lively thread, a burst
of platform retries), the first to get the case's lock journals every one waiting, in arrival
order, in one transaction: one durable commit instead of one each. Each keeps its own source
and gets its own answer (its entries, or its own refusal). If one of them turns out to be a
duplicate delivery, the batch is journaled one by one instead, so each gets the duplicate's
proper answer.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.domain.case import Case
from bot.domain.commands import Command, DeleteMessage, EditMessage, PostMessage
from bot.domain.decide import decide, record
from bot.domain.errors import Refusal, TryAgain
from bot.domain.journal import JournalEntry
from bot.outcome import Context, Outcome
from bot.ports import ConflictError, DuplicateSource
from bot.retrying import MAX_ATTEMPTS, pause
from bot.summary import case_row

if TYPE_CHECKING:
    from bot.service import MediationService

log = logging.getLogger(__name__)

BATCHED = (PostMessage, EditMessage, DeleteMessage)


class _Stale(Exception):
    """A refusal was decided on a cached state that the store has moved past."""


class _Waiting:
    __slots__ = ("answer", "command", "ctx", "settle")

    def __init__(self, ctx: Context, command: Command, settle: bool) -> None:
        self.ctx = ctx
        self.command = command
        self.settle = settle  # a refusal is first checked against what is journaled
        self.answer: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()


Answer = Outcome | Refusal


class ThreadBatches:
    def __init__(self, service: MediationService) -> None:
        self.service = service
        # The queue of each case that has a drain running, in arrival order.
        self._waiting: dict[str, list[_Waiting]] = {}
        self._tasks: set[asyncio.Task[None]] = set()  # the drains, refusals being checked

    async def act(self, ctx: Context, case_id: str, command: Command) -> Outcome:
        service = self.service
        lock = service._case_lock(case_id)
        if lock.locked() or case_id in self._waiting:
            return await self.submit(ctx, case_id, command, settle=False)
        # Nobody else is writing to this case: a batch of one, in this task.
        service._acting += 1
        try:
            async with lock:
                return await self._journal_one(ctx, case_id, command)
        finally:
            service._acting -= 1

    def submit(self, ctx: Context, case_id: str, command: Command, *, settle: bool = True
               ) -> asyncio.Future[Outcome]:
        """Queue a command for the case's next write and return its answer to come. The
        case's drain journals everything queued, in order, a batch per transaction.

        `settle`: a refusal is the answer only if the command's source is not journaled yet
        (a platform's retry of an event recorded earlier gets what it did then)."""
        item = _Waiting(ctx, command, settle)
        waiting = self._waiting.get(case_id)
        if waiting is None:
            waiting = self._waiting[case_id] = []
            drain = asyncio.get_running_loop().create_task(self._drain(case_id))
            self._tasks.add(drain)
            drain.add_done_callback(self._tasks.discard)
        waiting.append(item)
        self.service._acting += 1
        return item.answer

    async def _drain(self, case_id: str) -> None:
        """Journal the case's queue, batch after batch, until it stays empty."""
        service = self.service
        try:
            async with service._case_lock(case_id):
                while batch := self._waiting[case_id]:
                    self._waiting[case_id] = []
                    try:
                        await self._journal_all(case_id, batch)
                    except Exception:  # each caller of the batch has it as its answer
                        log.exception("journaling a batch failed", extra={"case_id": case_id})
                    finally:
                        service._acting -= len(batch)
        finally:
            left = self._waiting.pop(case_id, [])
            service._acting -= len(left)
            for item in left:  # only when the drain itself was stopped
                if not item.answer.done():
                    item.answer.set_exception(TryAgain(
                        "That was not recorded: I was stopping. Please send it again."))

    def _settle(self, item: _Waiting, refusal: Refusal) -> None:
        """Answer a refused item once its source is checked (aside: the drain goes on)."""

        async def check() -> None:
            try:
                outcome = await self.service._unless_seen(item.ctx, refusal)
            except asyncio.CancelledError:
                item.answer.cancel()  # stopping
                raise
            except Exception as answer:
                if not item.answer.done():
                    item.answer.set_exception(answer)
            else:
                if not item.answer.done():
                    item.answer.set_result(outcome)

        task = asyncio.get_running_loop().create_task(check())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _journal_one(self, ctx: Context, case_id: str, command: Command) -> Outcome:
        answers = await self._journal_together(case_id, [(ctx, command)])
        if answers is None:
            return await self.service._journal(ctx, case_id, command)
        [answer] = answers
        if isinstance(answer, Refusal):
            raise answer
        return answer

    async def _journal_all(self, case_id: str, batch: list[_Waiting]) -> None:
        try:
            answers = await self._journal_together(
                case_id, [(item.ctx, item.command) for item in batch])
            if answers is None:  # one by one: each duplicate gets its earlier outcome
                answers = []
                for item in batch:
                    try:
                        answers.append(await self.service._journal(item.ctx, case_id,
                                                                   item.command))
                    except Refusal as refusal:
                        answers.append(refusal)
            for item, answer in zip(batch, answers, strict=True):
                if item.answer.done():  # its caller stopped waiting (cancelled)
                    continue
                if not isinstance(answer, Refusal):
                    item.answer.set_result(answer)
                elif item.settle and item.ctx.source is not None:
                    self._settle(item, answer)
                else:
                    item.answer.set_exception(answer)
        except BaseException as problem:  # never leave a waiting caller hanging
            for item in batch:
                if not item.answer.done():
                    item.answer.set_exception(problem)
            raise

    async def _journal_together(self, case_id: str, batch: list[tuple[Context, Command]]
                                ) -> list[Answer] | None:
        """Each command's answer, all journaled in one transaction (deciding again while the
        case moves on); None if one of them was a duplicate delivery, or the case stayed busy:
        then journal them one by one."""
        service = self.service
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await self._attempt(case_id, batch, trust_cache=attempt == 0)
            except (ConflictError, _Stale):
                service._cache.pop(case_id, None)
                await pause(attempt)
            except DuplicateSource:
                return None
        return None

    async def _attempt(self, case_id: str, batch: list[tuple[Context, Command]],
                       trust_cache: bool) -> list[Answer]:
        service = self.service
        decided: list[list[JournalEntry] | Refusal] = []
        async with service.store.transaction(alone=service._acting == len(batch)) as tx:
            case = service._cache.get(case_id) if trust_cache else None
            if case is None:
                case = await service._fresh(case_id)
            if case is None:
                raise Refusal(f"There is no case {case_id}.")
            policy = (service._policies.get(case.community_id)
                      or await service.policy(case.community_id))
            now = service.clock()
            state: Case = case
            journaled: list[JournalEntry] = []
            refused = False
            for ctx, command in batch:
                try:
                    if ctx.community_id != case.community_id:
                        raise Refusal(f"There is no case {case_id}.")
                    events = decide(state, command, ctx.actor, now, policy)
                except Refusal as refusal:
                    decided.append(refusal)
                    refused = True
                    continue
                entries, state = record(state, case_id, events, actor=ctx.actor, now=now,
                                        source=ctx.source)
                journaled += entries
                decided.append(entries)
            if trust_cache and refused:
                head = await service.store.head(case_id)
                if head is None or head.version != case.version:
                    raise _Stale()
            if journaled:
                await tx.append(journaled, case_row(state, now),
                                expected_version=case.version, participants_changed=False,
                                deadlines_changed=False)
        service._remember(state)
        return [answer if isinstance(answer, Refusal)
                else Outcome(case_id, tuple(answer), (), state) for answer in decided]
