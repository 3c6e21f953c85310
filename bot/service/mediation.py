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
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from bot.checkpoints import Checkpointing
from bot.domain.case import Case
from bot.domain.commands import Command
from bot.domain.decide import gate
from bot.domain.errors import Refusal
from bot.domain.identity import SYSTEM
from bot.domain.policy import Policy
from bot.domain.rules import RULES_BY_NAME
from bot.exchange import Context, Outcome
from bot.guidelines.record import is_guidelines
from bot.guidelines.rulebook import Scope
from bot.input.grammar import Request
from bot.input.guidelines_requests import GUIDELINES_SUBCOMMANDS
from bot.input.interpret import command_for
from bot.input.review_requests import named_person
from bot.ports import (
    AlreadyFired,
    CaseStore,
    Community,
    DueDeadline,
    EvidenceStore,
)
from bot.service import case_opening, evidence_intake, queries
from bot.service.breach_watch import BreachWatch
from bot.service.campaigns import Campaigns, random_campaign_id
from bot.service.erasing import Erasing
from bot.service.figures import Figures
from bot.service.guidelines import Guidelines
from bot.service.journaling import Journaling
from bot.service.policies import Policies
from bot.service.streams import RecordCommand, is_campaign
from bot.signatures import Signer

log = logging.getLogger(__name__)

_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


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
        new_campaign_id: Callable[[], str] = random_campaign_id,
        default_policy: Policy | None = None,
        cache_size: int = 2000,
        on_deadlines: Callable[[list[datetime]], None] | None = None,
        signer: Signer | None = None,
        checkpoint_every: int = 100,
    ) -> None:
        self.store = store
        self.evidence = evidence
        self.signer = signer  # the deployment's key: it signs bundles and checkpoints
        self.clock = clock
        self.new_case_id = new_case_id
        self.default_policy = default_policy or Policy()
        # Told the due times of a case's deadline rows whenever they change (the scheduler).
        self.on_deadlines = on_deadlines
        self.policies = Policies(store, self.default_policy)
        self._platforms: dict[str, str] = {}
        self.journaling = Journaling(
            store, policies=self.policies, clock=lambda: self.clock(),
            new_case_id=self._fresh_id, deadlines_moved=self._deadlines_moved,
            cache_size=cache_size, checkpointing=Checkpointing(signer, checkpoint_every))
        self.guidelines = Guidelines(self.journaling, clock=lambda: self.clock(),
                                     known_community=self.known_community,
                                     case_in=self.case, platform_of=self.platform_of,
                                     evidence=evidence)
        self.campaigns = Campaigns(
            self.journaling, store, clock=lambda: self.clock(),
            known_community=self.known_community, new_campaign_id=new_campaign_id,
            may_propose=lambda ctx: self.guidelines.refuse_if_suspended(
                ctx.actor, ctx.community_id, Scope.CAMPAIGNS))
        self.breaches = BreachWatch(self.guidelines, store)
        self.campaigns.moved = self.breaches.watch
        self.figures = Figures(self.campaigns, evidence, clock=lambda: self.clock())
        self.erasing = Erasing(self)

    def _fresh_id(self, taken: str) -> str:
        """Another id of the kind of `taken` (which another record has)."""
        return self.campaigns.new_campaign_id() if is_campaign(taken) else self.new_case_id()

    def _deadlines_moved(self, due: list[datetime]) -> None:
        if self.on_deadlines is not None:
            self.on_deadlines(due)

    # -- communities ---------------------------------------------------------------------------
    async def ensure_community(self, community: Community) -> Community:
        existing = await self.store.community(community.id)
        if existing is None:
            await self.store.save_community(community)
            existing = community
        self.policies.forget(community.id)
        return existing

    async def known_community(self, ctx: Context) -> None:
        """A case's (or campaign's) community must exist: a new workspace or server gets the
        default policy when someone first opens a case or proposes a campaign there."""
        if self.policies.known(ctx.community_id):
            return
        if await self.store.community(ctx.community_id) is None:
            await self.store.save_community(
                Community(ctx.community_id, ctx.platform, ctx.community_id))

    async def platform_of(self, community_id: str) -> str:
        if community_id not in self._platforms:
            community = await self.store.community(community_id)
            self._platforms[community_id] = (
                community.platform if community else community_id.partition(":")[0])
        return self._platforms[community_id]

    async def policy(self, community_id: str) -> Policy:
        """The community's policy as stored now."""
        return await self.policies.current(community_id)

    # -- reading state ---------------------------------------------------------------------------
    async def case(self, case_id: str, community_id: str | None = None) -> Case:
        """The current state of a case (refreshed from the journal), or a Refusal.

        With `community_id`, a case of another community does not exist: cases never show
        across Slack workspaces or Discord servers, not even by their id."""
        case = await self.journaling.case(case_id)
        if not isinstance(case, Case) or (community_id is not None
                                          and case.community_id != community_id):
            raise Refusal(f"There is no case {case_id}.")
        return case

    # -- the one way to change a case ------------------------------------------------------------
    async def act(self, ctx: Context, case_id: str, command: Command) -> Outcome:
        """Decide `command` on the case and journal what it causes, exactly once
        (`bot.service.journaling`). A refusal of a platform event journaled before (a retry) is
        answered with what it did then."""
        try:
            return await self.journaling.act(ctx, case_id, command)
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)

    def submit(self, ctx: Context, case_id: str, command: Command) -> asyncio.Future[Outcome]:
        """Queue a command for its case and return at once; the future returned gets the
        outcome (as from `act`, a refusal included). What is queued for one case is journaled
        in the order it was queued, together when it arrives together: an adapter keeps a
        room's order by queueing its events in the order they came."""
        return self.journaling.submit(ctx, case_id, command)

    # -- deadlines ------------------------------------------------------------------------------
    async def fire_due(self, batch: int = 1000) -> int:
        """Fire every deadline that is due, `batch` rows at a time; how many fired here. Any
        number of workers may sweep at once: each takes the due cases in its own random
        order, and a row another worker fired first is skipped, its effects not written
        twice."""
        await self.breaches.catch_up()  # what a crash kept from being noticed
        fired = 0
        while True:
            due = await self.store.due_deadlines(self.clock(), batch)
            done = await self.fire(due)
            fired += done
            if len(due) < batch or not done:
                return fired

    async def fire(self, rows: Sequence[DueDeadline]) -> int:
        """Fire deadline rows as the bot itself, all handed to the journal at once: each
        case's in its queue, so that cases are journaled side by side and the rows of one
        case fire together, in due order, in one transaction. How many fired here: a row
        another worker fired first is skipped, and one whose firing failed stays due for the
        next sweep."""
        by_case: dict[str, list[DueDeadline]] = {}
        for row in rows:
            by_case.setdefault(row.case_id, []).append(row)
        cases = list(by_case.values())
        random.shuffle(cases)  # workers sweeping together mostly take different cases first
        platforms = {community_id: await self.platform_of(community_id)
                     for community_id in {row.community_id for row in rows}}
        for community_id in platforms:
            await self.policies.of(community_id)  # read once here, not by every case's firing
        await self.journaling.read_cases(list(by_case))  # one read for the cases not kept
        firings = [
            (row, self.journaling.submit(
                Context(SYSTEM, row.community_id, platforms[row.community_id]), row.case_id,
                await self._timer(row), row.id))
            for case_rows in cases
            for row in sorted(case_rows, key=lambda row: (row.due_at, row.id))]
        fired = 0
        for row, firing in firings:
            try:
                outcome = await firing
            except AlreadyFired:
                continue
            except Exception as problem:  # e.g. the case stayed busy: the row is still due
                log.warning("deadline %s did not fire (%s); the next sweep tries again",
                            row.key, problem, extra={"case_id": row.case_id})
                continue
            fired += 1
            if outcome.campaign is not None:  # the campaign moved: breaches to notice?
                await self.breaches.watch(outcome.campaign)
            log.info("deadline %s fired: %s", row.key,
                     ", ".join(e.kind for e in outcome.entries) or "nothing to do",
                     extra={"case_id": row.case_id})
        return fired

    async def _timer(self, row: DueDeadline) -> RecordCommand:
        """The bot's command for a row falling due (a breach's reads its campaign first)."""
        if is_guidelines(row.case_id):
            return await self.breaches.breach_fired(row.case_id, row.key)
        command: RecordCommand = self.journaling.streams.of(row.case_id).timer(row.key,
                                                                               row.due_at)
        return command

    # -- requests from adapters ------------------------------------------------------------------
    async def handle(self, request: Request, ctx: Context) -> Outcome:
        """Answer one `/mediate` request (typed or from a form)."""
        try:
            return await self._handle(request, ctx)
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)

    async def _handle(self, request: Request, ctx: Context) -> Outcome:
        sub = request.subcommand
        rule = RULES_BY_NAME.get(sub)
        if rule is None:
            raise Refusal(f"There is no subcommand {sub!r}. Try `help`.")
        if sub == "open":
            return await case_opening.open_case(self, request, ctx)
        case_id = request.case_id or ctx.case_id
        if sub == "help":
            return await queries.help_for(self, ctx, case_id)
        if sub == "cases":
            return await queries.my_cases(self, ctx)
        if sub == "campaign":
            return await self.campaigns.handle(request, ctx)
        if sub == "config":
            return await queries.configure(self, request, ctx)
        if sub in GUIDELINES_SUBCOMMANDS:
            return await self.guidelines.handle(request, ctx, await named_person(request, ctx))
        if case_id is None:
            raise Refusal(
                f"Which case? Use `{sub}` in the case's thread, or give its id: "
                f"`/mediate {sub} MB-XXXXXX`."
            )
        case = await self.case(case_id, ctx.community_id)
        role = gate(case, sub, ctx.actor, self.clock())
        if not rule.changes_case:
            return await queries.read(self, sub, case, role, request, ctx)
        if sub == "evidence":
            raise Refusal("Attach a file to `evidence` (in Slack or Discord, upload it in the "
                          "case thread; in the console, give its path).")
        person = await named_person(request, ctx)
        return await self.journaling.act(ctx, case_id, command_for(request, case, person))

    async def add_evidence(self, ctx: Context, case_id: str, chunks: AsyncIterator[bytes],
                           filename: str, description: str = "") -> Outcome:
        """Store a file (hashed, content-addressed) and journal it as evidence."""
        try:
            return await evidence_intake.add_evidence(self, ctx, case_id, chunks, filename,
                                                      description)
        except Refusal as refusal:
            return await self.journaling.unless_seen(ctx, refusal)

    async def save_policy(self, community_id: str, platform: str, policy: Policy) -> None:
        """Store a community's policy; new deadlines follow it (existing ones keep their time)."""
        community = await self.store.community(community_id) or Community(
            community_id, platform, community_id)
        await self.store.save_community(replace(community, policy=policy.to_json()))
        self.policies.forget(community_id)
