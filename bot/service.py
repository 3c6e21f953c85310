"""The application service: load a case, decide, append to the journal, commit, answer.

Every change goes through `act`: one transaction holds the journal entries, the case row, the
evidence record and the outbox messages they cause. Two workers acting on one case at once:
the loser's transaction fails on the case version, and it decides again on the new state (or
is refused clearly). A source id seen before returns the earlier entries, writing nothing.
"""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime

from bot import reads
from bot.domain import kinds
from bot.domain.case import Case
from bot.domain.commands import AddEvidence, Command, FireDeadline, OpenCase
from bot.domain.decide import decide, gate, record
from bot.domain.errors import Refusal, TryAgain
from bot.domain.fold import apply
from bot.domain.identity import SYSTEM, PartyKind
from bot.domain.journal import JournalEntry
from bot.domain.policy import Policy
from bot.domain.rules import RULES_BY_NAME
from bot.domain.text import clean_text
from bot.forms import OPEN, validate
from bot.media import display_name, sniff
from bot.outcome import ACTOR, THREAD, Context, Outcome, Reply
from bot.parser import Request
from bot.ports import (
    AlreadyFired,
    CaseStore,
    Community,
    ConflictError,
    DueDeadline,
    DuplicateSource,
    EvidenceRecord,
    EvidenceStore,
    EvidenceTooLarge,
    OutboxMessage,
    Transaction,
)
from bot.requests import REASON_LIMIT, command_for, open_fields
from bot.retrying import MAX_ATTEMPTS, pause
from bot.summary import case_row, summarize
from bot.thread_batch import BATCHED, ThreadBatches
from bot.wording import replies_for

log = logging.getLogger(__name__)

_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DIRECT_AUDIENCES = (ACTOR, THREAD)


def random_case_id() -> str:
    return "MB-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


class MediationService:
    def __init__(
        self,
        store: CaseStore,
        evidence: EvidenceStore,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        new_case_id: Callable[[], str] = random_case_id,
        default_policy: Policy | None = None,
        cache_size: int = 2000,
        on_deadlines: Callable[[list[datetime]], None] | None = None,
    ) -> None:
        self.store = store
        self.evidence = evidence
        self.clock = clock
        self.new_case_id = new_case_id
        self.default_policy = default_policy or Policy()
        # Told the due times of a case's deadline rows whenever they change (the scheduler).
        self.on_deadlines = on_deadlines
        self._cache: OrderedDict[str, Case] = OrderedDict()
        self._cache_size = cache_size
        self._policies: dict[str, Policy] = {}
        self._platforms: dict[str, str] = {}
        self._threads = ThreadBatches(self)
        # Commands being decided or written in this process. When only one is, its writes
        # may run in place (see CaseStore.transaction): nothing else waits on them.
        self._acting = 0
        # A case's lock lives while anyone holds or waits for it (weakly kept), and while
        # the case was acted on lately (kept here, so that busy cases keep theirs).
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = (
            weakref.WeakValueDictionary())
        self._recent_locks: dict[str, asyncio.Lock] = {}

    # -- communities ---------------------------------------------------------------------------
    async def ensure_community(self, community: Community) -> Community:
        existing = await self.store.community(community.id)
        if existing is None:
            await self.store.save_community(community)
            existing = community
        self._policies.pop(community.id, None)
        return existing

    async def _known_community(self, ctx: Context) -> None:
        """A case's community must exist: a new Slack workspace or Discord server gets the
        default policy the first time someone opens a case there."""
        if ctx.community_id in self._policies:
            return
        if await self.store.community(ctx.community_id) is None:
            await self.store.save_community(
                Community(ctx.community_id, ctx.platform, ctx.community_id))

    async def _platform(self, community_id: str) -> str:
        platform = self._platforms.get(community_id)
        if platform is None:
            community = await self.store.community(community_id)
            platform = self._platforms[community_id] = (
                community.platform if community else community_id.partition(":")[0])
        return platform

    def forget_policies(self) -> None:
        """Read each community's policy from the store again when next needed: a change made
        by another process (`mediator config`) is then in force here too."""
        self._policies.clear()

    async def policy(self, community_id: str) -> Policy:
        policy = self._policies.get(community_id)
        if policy is None:
            community = await self.store.community(community_id)
            policy = self.default_policy
            if community is not None and community.policy:
                policy = Policy.from_json({**self.default_policy.to_json(), **community.policy})
            self._policies[community_id] = policy
        return policy

    # -- reading state ---------------------------------------------------------------------------
    async def case(self, case_id: str, community_id: str | None = None) -> Case:
        """The current state of a case (refreshed from the journal), or a Refusal.

        With `community_id`, a case of another community does not exist: cases never show
        across Slack workspaces or Discord servers, not even by their id."""
        case = await self._fresh(case_id)
        if case is None or (community_id is not None and case.community_id != community_id):
            raise Refusal(f"There is no case {case_id}.")
        return case

    async def _fresh(self, case_id: str) -> Case | None:
        cached = self._cache.get(case_id)
        after = cached.version if cached else 0
        new = await self.store.entries(case_id, after_seq=after)
        if not new:
            return cached
        case = cached
        for entry in new:
            case = apply(case, entry)
        assert case is not None
        self._remember(case)
        return case

    def _remember(self, case: Case) -> None:
        self._cache[case.id] = case
        self._cache.move_to_end(case.id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # -- the one way to change a case ------------------------------------------------------------
    async def act(self, ctx: Context, case_id: str, command: Command) -> Outcome:
        """Decide `command` on the case and journal what it causes, exactly once.

        Commands on one case queue behind each other in this process, so only other
        processes can make a decision stale; then it is decided again after a short random
        pause (so that racing workers do not keep colliding)."""
        try:
            if isinstance(command, BATCHED):
                return await self._threads.act(ctx, case_id, command)
            return await self._act(ctx, case_id, command)
        except Refusal as refusal:
            return await self._unless_seen(ctx, refusal)

    def submit(self, ctx: Context, case_id: str, command: Command) -> asyncio.Future[Outcome]:
        """Queue a message, edit or deletion for its case and return at once; the future
        returned gets the outcome (as from `act`, a refusal included). What is queued for
        one case is journaled in the order it was queued, together when it arrives together:
        an adapter keeps a room's order by queueing its events in the order they came."""
        if not isinstance(command, BATCHED):
            raise TypeError(f"only messages, edits and deletions are queued, not {command!r}")
        return self._threads.submit(ctx, case_id, command)

    async def _unless_seen(self, ctx: Context, refusal: Refusal) -> Outcome:
        """A retried platform event (a `join` clicked, then delivered again) would now be
        refused as if it were new: when its source is journaled, answer what it did then."""
        if ctx.source is not None and await self.store.entries_for_source(ctx.source):
            return await self._earlier_outcome(ctx)
        raise refusal

    async def _act(self, ctx: Context, case_id: str, command: Command,
                   deadline_id: int | None = None) -> Outcome:
        if deadline_id is None and isinstance(command, BATCHED):
            return await self._threads.act(ctx, case_id, command)
        self._acting += 1
        try:
            async with self._case_lock(case_id):
                return await self._journal(ctx, case_id, command, deadline_id)
        finally:
            self._acting -= 1

    async def _journal(self, ctx: Context, case_id: str, command: Command,
                       deadline_id: int | None = None) -> Outcome:
        """Decide and journal one command, deciding again while the case moves on; the
        caller holds the case's lock."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                return await self._attempt(ctx, case_id, command, attempt == 0, deadline_id)
            except ConflictError:
                self._cache.pop(case_id, None)
                if isinstance(command, OpenCase):
                    case_id = self.new_case_id()
                    command = replace(command, case_id=case_id)
                log.info("case moved on; deciding again", extra={"case_id": case_id})
                await pause(attempt)
            except DuplicateSource:
                return await self._earlier_outcome(ctx)
        raise TryAgain("The case is busy right now; please try again.")

    def _case_lock(self, case_id: str) -> asyncio.Lock:
        lock = self._recent_locks.get(case_id)
        if lock is None:
            lock = self._locks.get(case_id)
            if lock is None:
                lock = self._locks[case_id] = asyncio.Lock()
            if len(self._recent_locks) >= self._cache_size:
                self._recent_locks.clear()
            self._recent_locks[case_id] = lock
        return lock

    async def _attempt(self, ctx: Context, case_id: str, command: Command,
                       trust_cache: bool, deadline_id: int | None) -> Outcome:
        async with self.store.transaction(alone=self._acting == 1) as tx:
            opening = isinstance(command, OpenCase)
            case = None
            if not opening:
                case = self._cache.get(case_id) if trust_cache else None
                if case is None:
                    case = await self._fresh(case_id)
                if case is None or case.community_id != ctx.community_id:
                    raise Refusal(f"There is no case {case_id}.")
            community_id = command.community_id if isinstance(command, OpenCase) \
                else case.community_id  # type: ignore[union-attr]
            policy = await self.policy(community_id)
            now = self.clock()
            try:
                events = decide(case, command, ctx.actor, now, policy)
            except Refusal:
                # A refusal decided on a cached state must hold on the stored one too.
                head = None if case is None else await self.store.head(case_id)
                if case is not None and head is not None and head.version != case.version:
                    case = await self._fresh(case_id)
                    events = decide(case, command, ctx.actor, now, policy)
                else:
                    raise
            if deadline_id is not None:
                # Fired together with what it causes, or not at all: exactly once.
                await tx.mark_fired(deadline_id, now)
            if not events:
                return Outcome(case_id, (), (), case)
            entries, after = record(case, case_id, events, actor=ctx.actor, now=now,
                                    source=ctx.source)
            rescheduled = (case is None or case.deadlines is not after.deadlines
                           or case.reminded is not after.reminded)
            # Parties are fixed when a case opens; only a mediator joins later.
            joined = case is None or case.mediator != after.mediator
            summary = (summarize(after, now, policy) if joined or rescheduled
                       else case_row(after, now))
            await tx.append(
                entries,
                summary,
                expected_version=case.version if case else 0,
                participants_changed=joined,
                deadlines_changed=rescheduled,
            )
            replies = [r for entry in entries for r in replies_for(after, entry)]
            # What the bot does by itself answers nobody at once: it all goes out as notices.
            direct = () if ctx.actor.user_id == SYSTEM.user_id else tuple(
                r for r in replies if r.audience in DIRECT_AUDIENCES
                or r.audience.startswith("side:"))
            await self._side_effects(tx, ctx, after, entries,
                                     [r for r in replies if r not in direct], now)
        self._remember(after)
        log.info("journaled %s", ", ".join(e.kind for e in entries),
                 extra={"case_id": case_id})
        if rescheduled and self.on_deadlines is not None:
            self.on_deadlines([d.due_at for d in summary.deadlines])
        return Outcome(case_id, tuple(entries), direct, after)

    async def _side_effects(self, tx: Transaction, ctx: Context, case: Case,
                            entries: list[JournalEntry], replies: list[Reply],
                            now: datetime) -> None:
        for entry in entries:
            if entry.kind == kinds.EVIDENCE_ADDED:
                p = entry.payload
                await tx.add_evidence(EvidenceRecord(
                    case.id, entry.seq, p["sha256"], p["size"], p["media_type"], p["filename"],
                    p["description"], entry.actor_id, now, p["late"]))
        notices = [OutboxMessage(case.id, ctx.platform, r.audience, r.text) for r in replies]
        if notices:
            await tx.add_outbox(notices)

    async def _earlier_outcome(self, ctx: Context) -> Outcome:
        assert ctx.source is not None
        earlier = await self.store.entries_for_source(ctx.source)
        case_id = earlier[0].case_id if earlier else None
        case = await self._fresh(case_id) if case_id else None
        return Outcome(case_id, tuple(earlier), (), case, duplicate=True)

    # -- deadlines ------------------------------------------------------------------------------
    async def fire_due(self, batch: int = 200) -> int:
        """Fire every deadline that is due; how many fired here. Any number of workers may
        sweep at once: each takes the due rows in its own random order, and a row another
        worker fired first is skipped, its effects not written twice."""
        fired = 0
        while True:
            due = await self.store.due_deadlines(self.clock(), batch)
            random.shuffle(due)
            results = [await self.fire(row) for row in due]
            fired += sum(results)
            if len(due) < batch or not any(results):
                return fired

    async def fire(self, row: DueDeadline) -> bool:
        """Fire one deadline row as the bot itself; False if another worker already did."""
        case = await self.case(row.case_id)
        ctx = Context(SYSTEM, case.community_id, await self._platform(case.community_id))
        try:
            outcome = await self._act(ctx, row.case_id, FireDeadline(row.key, row.due_at), row.id)
        except AlreadyFired:
            return False
        log.info("deadline %s fired: %s", row.key,
                 ", ".join(e.kind for e in outcome.entries) or "nothing to do",
                 extra={"case_id": row.case_id})
        return True

    # -- requests from adapters ------------------------------------------------------------------
    async def handle(self, request: Request, ctx: Context) -> Outcome:
        """Answer one `/mediate` request (typed or from a form)."""
        try:
            return await self._handle(request, ctx)
        except Refusal as refusal:
            return await self._unless_seen(ctx, refusal)

    async def _handle(self, request: Request, ctx: Context) -> Outcome:
        sub = request.subcommand
        rule = RULES_BY_NAME.get(sub)
        if rule is None:
            raise Refusal(f"There is no subcommand {sub!r}. Try `help`.")
        if sub == "open":
            return await self.open_case(request, ctx)
        case_id = request.case_id or ctx.case_id
        if sub == "help":
            return await reads.help_for(self, ctx, case_id)
        if sub == "cases":
            return await reads.my_cases(self, ctx)
        if sub == "config":
            return await reads.configure(self, request, ctx)
        if case_id is None:
            raise Refusal(
                f"Which case? Use `{sub}` in the case's thread, or give its id: "
                f"`/mediate {sub} MB-XXXXXX`."
            )
        case = await self.case(case_id, ctx.community_id)
        role = gate(case, sub, ctx.actor, self.clock())
        if not rule.changes_case:
            return await reads.read(self, sub, case, role, request, ctx)
        if sub == "evidence":
            raise Refusal("Attach a file to `evidence` (in Slack or Discord, upload it in the "
                          "case thread; in the console, give its path).")
        party = None
        if sub == "caucus" and request.args and ctx.people is not None:
            person = await ctx.people.resolve(request.args[0])
            party = person.user_id if person else None
        return await self._act(ctx, case_id, command_for(request, case, party))

    async def open_case(self, request: Request, ctx: Context) -> Outcome:
        values = validate(OPEN, open_fields(request))
        await self._known_community(ctx)
        counterpart = None
        if ctx.people is not None:
            counterpart = await ctx.people.resolve(values["counterpart"])
        if counterpart is None:
            raise Refusal(f"I don't know who {values['counterpart']!r} is: name a member here.")
        kind = PartyKind(values["side"])
        other = values.get("counterpart_side") or (
            PartyKind.BRAND.value if kind is PartyKind.CREATOR else PartyKind.CREATOR.value)
        details: dict[str, str] = {
            k: values[k]
            for k in ("campaign", "category", "amount", "currency", "summary", "desired_outcome")
            if k in values
        }
        command = OpenCase(self.new_case_id(), ctx.community_id, counterpart.user_id,
                           counterpart.name, kind, PartyKind(other), values["title"], details)
        return await self._act(ctx, command.case_id, command)

    async def add_evidence(self, ctx: Context, case_id: str, chunks: AsyncIterator[bytes],
                           filename: str, description: str = "") -> Outcome:
        """Store a file (hashed, content-addressed) and journal it as evidence."""
        try:
            return await self._add_evidence(ctx, case_id, chunks, filename, description)
        except Refusal as refusal:
            return await self._unless_seen(ctx, refusal)

    async def _add_evidence(self, ctx: Context, case_id: str, chunks: AsyncIterator[bytes],
                            filename: str, description: str) -> Outcome:
        case = await self.case(case_id, ctx.community_id)
        gate(case, "evidence", ctx.actor, self.clock())  # refuse before storing anything
        description = clean_text(description).strip()
        if len(description) > REASON_LIMIT:
            raise Refusal(f"The description is longer than {REASON_LIMIT} characters.")
        try:
            stored = await self.evidence.put(chunks)
        except EvidenceTooLarge as too_large:
            raise Refusal(str(too_large)) from None
        command = AddEvidence(stored.sha256, stored.size, sniff(stored.head, filename),
                              display_name(filename), description)
        return await self._act(ctx, case_id, command)

    async def save_policy(self, community_id: str, platform: str, policy: Policy) -> None:
        """Store a community's policy; new deadlines follow it (existing ones keep their time)."""
        community = await self.store.community(community_id) or Community(
            community_id, platform, community_id)
        await self.store.save_community(replace(community, policy=policy.to_json()))
        self._policies.pop(community_id, None)
