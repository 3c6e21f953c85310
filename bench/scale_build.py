"""The database `bench/scale.py` measures on: many cases and many journal entries, made by
the domain (decided, chained, hashed and folded like any case's) and written through the
store's own batch path (`SqlCaseStore.transaction` and `append`), a few cases per transaction.

Every case is opened by Ana against Ben; its other entries are messages in its thread. One
case holds `--history` entries, for the history figure. A set of `live` cases is brought to
negotiation through the service (joined, both statements in, a proposal by each side), for the
propose and accept figures.
"""

from __future__ import annotations

import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.commands import OpenCase, PostMessage
from bot.domain.decide import decide, record
from bot.domain.identity import Actor, PartyKind
from bot.domain.journal import Event
from bot.domain.policy import Policy
from bot.exchange import Context
from bot.input.grammar import parse
from bot.ports import Community
from bot.service.case_row import CaseRows
from bot.service.mediation import MediationService
from storage.repository import SqlCaseStore

ANA = Actor("console:ana", "Ana")
BEN = Actor("console:ben", "Ben")
COMMUNITY = "bench"
TEXT = "The reel went live a week late; here is the timeline as I remember it."
STATEMENTS = {
    ANA: 'statement what_happened="The reel was late" wants="Half the fee back" amount=500 '
         'currency=EUR',
    BEN: 'statement what_happened="The brief changed twice" wants="The full fee" '
         'position=dispute'}


class People:
    async def resolve(self, token: str) -> Actor | None:
        name = token.lstrip("@").lower()
        return {"ana": ANA, "ben": BEN}.get(name)


def context(actor: Actor, case_id: str | None = None) -> Context:
    return Context(actor, COMMUNITY, "console", People(), case_id)


def one_case(case_id: str, messages: int, now: datetime) -> tuple[list, object]:
    """A case's entries (opened, then `messages` messages) and its `cases` row."""
    policy = Policy()
    opening = OpenCase(case_id, COMMUNITY, BEN.user_id, BEN.name, PartyKind.BRAND,
                       PartyKind.CREATOR, "Late reel", {"summary": "bench"})
    entries, case = record(None, case_id, decide(None, opening, ANA, now, policy),
                           actor=ANA, now=now, source=None)
    [said] = decide(case, PostMessage(TEXT, ref="m0"), ANA, now, policy)
    events = [Event(said.kind, {**said.payload, "ref": f"m{i}", "text": f"{TEXT} ({i})"},
                    said.visibility) for i in range(1, messages + 1)]
    more, case = record(case, case_id, events, actor=ANA, now=now, source=None)
    summary = CaseRows().summarize(case, now, policy)
    return entries + more, summary


async def build(store: SqlCaseStore, cases: int, entries: int, history: int,
                per_transaction: int = 20) -> list[str]:
    """Write `cases` cases holding `entries` entries in all (one of them `history` long);
    their ids."""
    now = datetime.now(UTC)
    await store.save_community(Community(COMMUNITY, "console", "Bench"))
    per_case = max(1, (entries - history) // max(1, cases - 1))
    ids: list[str] = []
    pending: list[tuple[list, object]] = []
    for n in range(cases):
        case_id = f"MB-{n:06d}" if n < 1_000_000 else f"MB-{secrets.token_hex(3).upper()}"
        size = history if n == 0 else per_case
        pending.append(one_case(case_id, size - 1, now))
        ids.append(case_id)
        if len(pending) == per_transaction or n == cases - 1:
            async with store.transaction() as tx:
                for case_entries, summary in pending:
                    await tx.append(case_entries, summary, expected_version=0)
            pending.clear()
    return ids


async def live_cases(service: MediationService, count: int) -> list[str]:
    """Cases in negotiation through the service, each with an open proposal from each side
    (#1 Ana's, #2 Ben's)."""
    ids = []
    for _ in range(count):
        opened = await service.handle(parse(
            'open @ben Late reel side=brand category=other summary="bench" '
            'desired_outcome="bench"'), context(ANA))
        case_id = opened.case_id
        assert case_id is not None
        await service.handle(parse("join"), context(BEN, case_id))
        for actor, line in STATEMENTS.items():
            await service.handle(parse(line), context(actor, case_id))
        await service.handle(parse("propose amount=700 currency=EUR"), context(ANA, case_id))
        ids.append(case_id)
    return ids

