"""The service at a desk: people type `/mediate` lines in a case thread and get answers.

`Desk` drives the real `MediationService` over real storage with a clock that only moves when
told to and case ids that come in order, so every run journals the same bytes.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.domain.commands import Command
from bot.domain.errors import Refusal
from bot.domain.identity import Actor
from bot.domain.journal import JournalEntry, verify_chain
from bot.domain.phases import Phase
from bot.exchange import Context, Outcome
from bot.input.grammar import parse
from bot.ports import CaseStore, Community, EvidenceStore
from bot.service.mediation import MediationService
from storage.database_url import normalize
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
COMMUNITY = "console:demo"
PLATFORM = "console"
MEDIATORS = frozenset({"mo", "max", "mia"})
_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,39}", re.IGNORECASE)


def person(name: str) -> Actor:
    return Actor(f"console:{name}", name, is_mediator=name in MEDIATORS)


ANA = person("ana")  # brand manager, opens the case: the claimant
CLEO = person("cleo")  # creator: the respondent
MO = person("mo")  # a mediator of the community
MAX = person("max")  # another mediator
MIA = person("mia")  # a third mediator (for a hand-off once Mo and Max are out of a case)
DAN = person("dan")  # Ana's colleague: reads along with the brand side (observer)
EVE = person("eve")  # Cleo's talent manager: acts for the creator side (delegate)
OTTO = person("otto")  # in the channel, not in the case


class Directory:
    """The console's people: `@name` (or `name`) is `console:name`; some are mediators."""

    async def resolve(self, token: str) -> Actor | None:
        name = token.strip().removeprefix("@")
        return person(name) if _NAME.fullmatch(name) else None


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class CaseIds:
    """Case ids in order, `MB-<prefix><n>`, six characters after `MB-`."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.issued = 0

    def __call__(self) -> str:
        self.issued += 1
        digits = 6 - len(self.prefix)
        return f"MB-{self.prefix}{self.issued:0{digits}d}"


OPEN_LINE = (
    'open @cleo side=brand title="Reel not delivered" category=late_or_missing_deliverable '
    'campaign="Spring 26" amount=1500 currency=EUR summary="Paid half, no reel" '
    'desired_outcome="The reel or the advance back"'
)
STATEMENT_LINES = {
    "ana": 'statement what_happened="Advance paid, reel missing" wants="The reel" amount=1500 '
    "currency=EUR",
    "cleo": 'statement what_happened="The brief changed twice" wants="Full fee" position=dispute',
}


async def chunks_of(content: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for start in range(0, len(content), size):
        yield content[start : start + size]


@asynccontextmanager
async def database(
    kind: str, folder: Path
) -> AsyncIterator[tuple[SqlCaseStore, FileEvidenceStore]]:
    """A migrated store (and an evidence store) that outlives one test: a SQLite file in
    `folder`, or a schema of its own on TEST_DATABASE_URL's PostgreSQL (skipped if unset).
    For test modules that share one database between many tests, each on cases of its own."""
    schema = None
    if kind == "sqlite":
        url = normalize(f"sqlite:///{folder / 'shared.db'}")
    else:
        url = os.environ.get("TEST_DATABASE_URL", "").strip()
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set")
        url = normalize(url)
        schema = f"s_{secrets.token_hex(6)}"
        admin = create_engine(url)
        async with admin.begin() as connection:
            await connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, search_path=schema)
    try:
        await upgrade(engine)
        yield SqlCaseStore(engine), FileEvidenceStore(folder / "evidence", 1024 * 1024)
    finally:
        await engine.dispose()
        if schema is not None:
            async with admin.begin() as connection:
                await connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            await admin.dispose()


@dataclass
class Desk:
    store: CaseStore
    service: MediationService
    clock: Clock
    people: Directory = field(default_factory=Directory)
    sources: int = 0

    @classmethod
    async def over(
        cls,
        store: CaseStore,
        evidence: EvidenceStore,
        clock: Clock | None = None,
        case_ids: CaseIds | None = None,
    ) -> Desk:
        """A desk on `store`, its community registered (with Mo and Max as mediators)."""
        clock = clock or Clock()
        service = MediationService(store, evidence, clock=clock, new_case_id=case_ids or CaseIds())
        await service.ensure_community(
            Community(COMMUNITY, PLATFORM, "Demo", mediators=(MO.user_id, MAX.user_id))
        )
        return cls(store, service, clock)

    def context(
        self,
        actor: Actor,
        case_id: str | None = None,
        *,
        source: str | None = None,
        room: str = "thread",
    ) -> Context:
        return Context(actor, COMMUNITY, PLATFORM, self.people, case_id, room, source)

    # -- saying things ----------------------------------------------------------------------
    async def say(
        self, actor: Actor, line: str, case_id: str | None = None, *, source: str | None = None
    ) -> Outcome:
        """`line` typed by `actor` in the thread of `case_id` (or outside any case)."""
        return await self.service.handle(parse(line), self.context(actor, case_id, source=source))

    async def act(
        self, actor: Actor, case_id: str, command: Command, *, source: str | None = None
    ) -> Outcome:
        return await self.service.act(self.context(actor, case_id, source=source), case_id, command)

    async def attach(
        self,
        actor: Actor,
        case_id: str,
        content: bytes = b"%PDF-1.7 contract",
        filename: str = "contract.pdf",
        description: str = "",
    ) -> Outcome:
        return await self.service.add_evidence(
            self.context(actor, case_id), case_id, chunks_of(content), filename, description
        )

    async def refused(self, actor: Actor, line: str, case_id: str | None = None) -> str:
        """Expect `line` to be refused; nothing about the case may change. The message."""
        before = await self.footprint(case_id)
        with pytest.raises(Refusal) as refusal:
            await self.say(actor, line, case_id)
        assert await self.footprint(case_id) == before
        assert refusal.value.message.strip()
        return refusal.value.message

    # -- looking ----------------------------------------------------------------------------
    async def journal(self, case_id: str) -> list[JournalEntry]:
        return await self.store.entries(case_id)

    async def version(self, case_id: str) -> int:
        head = await self.store.head(case_id)
        assert head is not None
        return head.version

    async def footprint(self, case_id: str | None) -> tuple[int, int, int]:
        """Journal length, case version and pending outbox size: what a refusal must keep."""
        outbox = len(await self.store.pending_outbox(PLATFORM, limit=10_000))
        if case_id is None:
            return (0, 0, outbox)
        return (len(await self.journal(case_id)), await self.version(case_id), outbox)

    async def deliver_outbox(self) -> None:
        """The platform delivers every pending notification (keeps footprints cheap)."""
        while pending := await self.store.pending_outbox(PLATFORM, limit=1000):
            await self.store.mark_delivered([m.id for m in pending if m.id is not None])

    async def verified(self, case_id: str) -> list[JournalEntry]:
        entries = await self.journal(case_id)
        assert verify_chain(case_id, entries) is None
        assert entries and entries[-1].seq == await self.version(case_id)
        return entries

    # -- well-trodden paths -----------------------------------------------------------------
    async def open_case(self) -> str:
        outcome = await self.say(ANA, OPEN_LINE)
        assert outcome.case_id is not None
        return outcome.case_id

    async def case_in(self, phase: Phase, *, taken: bool = False, watched: bool = False) -> str:
        """A new case in `phase`. Negotiation has #1 by Ana and #2 by Cleo, both open;
        the agreement comes from Cleo accepting #1; in compliance #1 promised a payment by a
        date and both sides have signed (follow-up #1 is due); closed is settled. With
        `taken`, Mo took the case right after it was opened; with `watched`, Ana then let Dan
        read along with her side and Cleo made Eve her side's delegate (`act`)."""
        road = phase in (Phase.REVIEW, Phase.RECOMMENDATION, Phase.DECIDED, Phase.APPEAL)
        if road:  # decisions bind in the community the case is joined in
            await self.say(MO, "config decisions=binding")
        case_id = await self.open_case()
        if taken or road:
            await self.say(MO, "take", case_id)
        if watched:
            await self.say(ANA, "observer add @dan", case_id)
            await self.say(CLEO, "observer add @eve act", case_id)
        if phase is Phase.AWAITING_RESPONSE:
            return case_id
        await self.say(CLEO, "join", case_id)
        if phase is Phase.STATEMENTS:
            return case_id
        await self.say(ANA, STATEMENT_LINES["ana"], case_id)
        await self.say(CLEO, STATEMENT_LINES["cleo"], case_id)
        followup = (' followup="Payment of the fee" followup_due=2026-12-15'
                    if phase is Phase.COMPLIANCE else "")
        await self.say(ANA, 'propose amount=1000 currency=EUR deliverables="One reel"'
                       + followup, case_id)
        await self.say(CLEO, "propose amount=1400 currency=EUR", case_id)
        if phase is Phase.NEGOTIATION:
            return case_id
        if road:
            return await self.reviewed(case_id, phase)
        await self.say(CLEO, "accept 1", case_id)
        if phase is Phase.AGREEMENT:
            return case_id
        await self.say(ANA, "sign", case_id)
        await self.say(CLEO, "sign", case_id)
        assert (await self.service.case(case_id)).phase is phase
        return case_id

    async def reviewed(self, case_id: str, phase: Phase) -> str:
        """On from negotiation: under review (no final position in yet), a recommendation
        awaiting answers (it promises a payment by a date: follow-up #1), decided by Mo after
        Cleo rejected it, appealed by Ana."""
        await self.say(MO, "review", case_id)
        if phase is not Phase.REVIEW:
            await self.say(ANA, 'position position="The advance back."', case_id)
            await self.say(CLEO, 'position position="The full fee."', case_id)
            await self.say(MO, 'recommend amount=1200 currency=EUR reasons="Half the delay '
                           'was the brand\'s." cites=P1 followup="Payment of the fee" '
                           'followup_due=2026-12-15', case_id)
        if phase in (Phase.DECIDED, Phase.APPEAL):
            await self.say(CLEO, "recommendation reject too little", case_id)
            await self.say(MO, "decide recommended", case_id)
        if phase is Phase.APPEAL:
            await self.say(ANA, "appeal The approval emails show the brief never changed.",
                           case_id)
        assert (await self.service.case(case_id)).phase is phase
        return case_id
