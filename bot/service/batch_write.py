"""Deciding and writing one batch of commands on one case, in one transaction.

Each command is decided on the state the ones before it left; every entry they cause is
chained and written with the case's row (guarded by its version), the evidence records, the
notices for others and the signed checkpoints of those entries (`bot.checkpoints`), all or
nothing: a crash can never leave a milestone journaled but unsigned. A deadline's row is
marked fired in the same transaction as what its firing causes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.checkpoints import Checkpointing
from bot.domain import kinds
from bot.domain.errors import Refusal
from bot.domain.identity import OPERATOR, SYSTEM
from bot.domain.journal import JournalEntry
from bot.exchange import ACTOR, THREAD, Context, Outcome, Reply
from bot.ports import AlreadyFired, Journal, OutboxMessage, Transaction
from bot.service.case_states import CaseStates, State
from bot.service.erasing import removal
from bot.service.policies import Policies
from bot.service.streams import RecordCommand, Stream

log = logging.getLogger(__name__)

DIRECT_AUDIENCES = (ACTOR, THREAD)
Answer = Outcome | Refusal | AlreadyFired


class Stale(Exception):
    """A refusal was decided on a cached state that the store has moved past."""


class QueuedCommand:
    """A command waiting for (or in) a write, and where its answer goes."""

    __slots__ = ("answer", "command", "ctx", "deadline_id", "settle")

    def __init__(self, ctx: Context, command: RecordCommand,
                 deadline_id: int | None, settle: bool,
                 answer: asyncio.Future[Outcome] | None) -> None:
        self.ctx = ctx
        self.command = command
        self.deadline_id = deadline_id  # a firing: the deadline row is marked in the same write
        self.settle = settle  # a refusal is first checked against what is journaled
        self.answer = answer  # None: its caller waits in the same task (a batch of one)


class BatchWriter:
    def __init__(self, store: Journal, states: CaseStates, *,
                 policies: Policies, clock: Callable[[], datetime],
                 deadlines_moved: Callable[[list[datetime]], None],
                 checkpointing: Checkpointing | None = None) -> None:
        self.store = store
        self.states = states
        self.policies = policies
        self.clock = clock
        self.deadlines_moved = deadlines_moved  # told the due times of a case's deadline rows
        # Told a case whose content an erasure removed, once committed (`bot.service.erasing`).
        self.on_erased: Callable[[str], None] | None = None
        self.checkpointing = checkpointing or Checkpointing(None)

    async def write(self, case_id: str, batch: Sequence[QueuedCommand], *, trust_cache: bool
                    ) -> list[Answer]:
        """Decide each command on the state the ones before it left, and write all their
        entries in one transaction. Each command's answer: its outcome, or its own refusal.
        Raises Stale, ConflictError, DuplicateSource or AlreadyFired (nothing written), or a
        Refusal when there is no such case (or campaign)."""
        stream = self.states.streams.of(case_id)
        async with self.store.transaction() as tx:
            case = None
            community_id = stream.starts(batch[0].command)
            if community_id is None or stream.keyed:  # a keyed record may exist already
                case = self.states.cached(case_id) if trust_cache else None
                if case is None:
                    case = await self.states.latest(case_id)
                if case is not None:
                    community_id = case.community_id
            if community_id is None:
                raise Refusal(f"There is no {stream.noun} {case_id}.")
            in_force = await self.policies.of(community_id)
            policy = in_force.policy
            now = self.clock()
            state = case
            decided: list[tuple[list[JournalEntry], State | None] | Refusal] = []
            written: list[JournalEntry] = []
            for item in batch:
                try:
                    if case is not None and item.ctx.community_id != case.community_id:
                        raise Refusal(f"There is no {stream.noun} {case_id}.")
                    events = stream.decide(state, item.command, item.ctx.actor, now, policy)
                except Refusal as refusal:
                    decided.append(refusal)
                    continue
                if item.deadline_id is not None:
                    # Fired together with what it causes, or not at all: exactly once.
                    await tx.mark_fired(item.deadline_id, now)
                entries: list[JournalEntry] = []
                if events:
                    entries, state = stream.record(state, case_id, events, item.ctx.actor,
                                                   now, item.ctx.source)
                    written += entries
                decided.append((entries, state))
            if trust_cache and case is not None and any(
                    isinstance(d, Refusal) for d in decided):
                # A refusal decided on a cached state must hold on the stored one too.
                head = await self.store.head(case_id)
                if head is None or head.version != case.version:
                    raise Stale()
            rescheduled = False
            answers: list[Answer] = []
            if written:
                assert state is not None
                rescheduled = stream.rescheduled(case, state)
                summary = stream.summarize(state, now, policy)
                await tx.append(written, summary, expected_version=case.version if case else 0)
                await tx.hold_policy(community_id, in_force.stored)
                # Signed in the same transaction as the entries: never one without the other.
                checkpoints = self.checkpointing.made(written, now)
                if checkpoints:
                    await tx.add_checkpoints(checkpoints)
            # Erased before the notices of this batch are queued: those stay as they are said.
            erasures = [e for e in written if e.kind == kinds.CONTENT_ERASED]
            for erasure in erasures:
                await tx.erase(await removal(self.store, erasure, written))
            for item, result in zip(batch, decided, strict=True):
                if isinstance(result, Refusal):
                    answers.append(result)
                    continue
                entries, after = result
                direct = await _side_effects(tx, stream, item.ctx, after, entries, now)
                answers.append(stream.outcome(case_id, tuple(entries), direct, after))
        if erasures:
            # The state folded here still holds what was erased: read it again when needed.
            self.states.forget(case_id)
            if self.on_erased is not None:
                self.on_erased(case_id)
        elif state is not None:
            self.states.remember(state)
        if written:
            log.info("journaled %s", ", ".join(e.kind for e in written),
                     extra={"case_id": case_id})
        if rescheduled:
            self.deadlines_moved([d.due_at for d in summary.deadlines])
        return answers


async def _side_effects(tx: Transaction, stream: Stream[Any, Any], ctx: Context,
                        case: State | None, entries: list[JournalEntry], now: datetime
                        ) -> tuple[Reply, ...]:
    """Write what a command's entries cause besides themselves (evidence records, notices
    for others); the replies that go straight back to whoever acted."""
    if not entries:
        return ()
    assert case is not None
    replies = [r for entry in entries for r in stream.replies(case, entry)]
    # What the bot does by itself answers nobody at once: it all goes out as notices.
    direct = () if ctx.actor.user_id == SYSTEM.user_id or ctx.actor.user_id.startswith(
        OPERATOR) else tuple(
        r for r in replies if r.audience in DIRECT_AUDIENCES or r.audience.startswith("side:"))
    for entry in entries:
        record = stream.evidence(entry, now)
        if record is not None:
            await tx.add_evidence(record)
    notices = [OutboxMessage(case.id, ctx.platform, r.audience, r.text, r.kind)
               for r in replies if r not in direct]
    if notices:
        await tx.add_outbox(notices)
    return direct
