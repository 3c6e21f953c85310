"""Two workers (two services, each with its own store, engine and cache) on one database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.domain import kinds
from bot.domain.commands import PostMessage
from bot.domain.errors import Refusal
from bot.domain.phases import Phase
from bot.exchange import Outcome
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .desk import ANA, CLEO, MO, Clock, Desk

ROUNDS = 10
BURST = 12


async def second_worker(
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> Desk:
    return await Desk.over(await make_store(), evidence_store, clock)


def split(results: list[Outcome | BaseException]) -> tuple[list[Outcome], list[Refusal]]:
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, Refusal):
            raise result
    done = [r for r in results if isinstance(r, Outcome)]
    refused = [r for r in results if isinstance(r, Refusal)]
    return done, refused


async def test_two_concurrent_accepts_of_one_proposal_draft_one_agreement(
    desk: Desk,
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> None:
    other = await second_worker(make_store, evidence_store, clock)
    for round_ in range(ROUNDS):
        case_id = await desk.case_in(Phase.NEGOTIATION)
        # Both workers have the case in their caches, as busy workers would.
        await desk.service.case(case_id)
        await other.service.case(case_id)
        results = await asyncio.gather(
            desk.say(CLEO, "accept 1", case_id, source=f"slack:T1:A{round_}"),
            other.say(CLEO, "accept 1", case_id, source=f"slack:T1:B{round_}"),
            return_exceptions=True,
        )
        done, refused = split(results)
        assert len(done) == 1 and len(refused) == 1, results
        assert refused[0].message.strip()
        entries = await desk.verified(case_id)
        assert [e.kind for e in entries].count(kinds.AGREEMENT_DRAFTED) == 1
        assert [e.kind for e in entries].count(kinds.PROPOSAL_ACCEPTED) == 1
        assert entries[-1].kind == kinds.AGREEMENT_DRAFTED
        for worker in (desk, other):
            case = await worker.service.case(case_id)
            assert case.phase is Phase.AGREEMENT and case.version == len(entries)


async def test_accepting_each_others_proposals_at_once_drafts_one_agreement(
    desk: Desk,
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> None:
    other = await second_worker(make_store, evidence_store, clock)
    for _ in range(ROUNDS):
        case_id = await desk.case_in(Phase.NEGOTIATION)
        await desk.service.case(case_id)
        await other.service.case(case_id)
        results = await asyncio.gather(
            desk.say(CLEO, "accept 1", case_id),
            other.say(ANA, "accept 2", case_id),
            return_exceptions=True,
        )
        done, refused = split(results)
        assert len(done) == 1 and len(refused) == 1, results
        entries = await desk.verified(case_id)
        assert [e.kind for e in entries].count(kinds.AGREEMENT_DRAFTED) == 1


async def post_at_once(desk: Desk, other: Desk, case_id: str, count: int) -> list[Refusal]:
    """`count` messages at once, alternately through each worker; the refusals."""
    sends = [
        worker.act(who, case_id, PostMessage(f"message {n}"), source=f"discord:msg:{case_id}:{n}")
        for n in range(count)
        for worker, who in [((desk, ANA), (other, CLEO))[n % 2]]
    ]
    done, refused = split(await asyncio.gather(*sends, return_exceptions=True))
    entries = await desk.verified(case_id)
    posted = [e for e in entries if e.kind == kinds.MESSAGE_POSTED]
    assert sorted(e.payload["text"] for e in posted) == sorted(
        e.entries[0].payload["text"] for e in done
    )
    assert len({e.payload["ref"] for e in posted}) == len(posted)
    return refused


async def test_concurrent_messages_are_all_journaled_in_one_chain(
    desk: Desk,
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> None:
    other = await second_worker(make_store, evidence_store, clock)
    for _ in range(3):
        case_id = await desk.open_case()
        await other.service.case(case_id)
        refused = await post_at_once(desk, other, case_id, 6)
        assert not refused, [r.message for r in refused]


async def test_a_burst_of_messages_in_one_thread_is_all_journaled(
    desk: Desk,
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> None:
    other = await second_worker(make_store, evidence_store, clock)
    case_id = await desk.open_case()
    await other.service.case(case_id)
    refused = await post_at_once(desk, other, case_id, BURST)
    assert not refused, [r.message for r in refused]


async def test_two_workers_drawing_the_same_case_id_open_two_cases(
    desk: Desk,
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> None:
    """Both workers' id generators start at MB-000001: the loser draws again."""
    other = await second_worker(make_store, evidence_store, clock)
    first, second = await asyncio.gather(desk.open_case(), other.open_case())
    assert first != second
    assert sorted(await desk.store.case_ids()) == sorted([first, second])
    for case_id in (first, second):
        [entry] = await desk.verified(case_id)
        assert entry.case_id == case_id and entry.payload["title"] == "Reel not delivered"
    third = await other.open_case()  # its generator must move past the taken ids
    assert third not in (first, second)


async def test_a_refusal_decided_on_a_stale_cache_is_checked_against_the_store(
    desk: Desk,
    make_store: Callable[[], Awaitable[SqlCaseStore]],
    evidence_store: FileEvidenceStore,
    clock: Clock,
) -> None:
    """Worker B cached the case before worker A opened Cleo's caucus: B must not refuse
    Cleo's caucus message on its stale state."""
    other = await second_worker(make_store, evidence_store, clock)
    case_id = await desk.case_in(Phase.STATEMENTS, taken=True)
    await other.service.case(case_id)  # B caches the case: no caucus yet
    await desk.say(MO, "caucus @cleo", case_id)
    outcome = await other.service.act(
        other.context(CLEO, case_id, room="caucus:creator"),
        case_id,
        PostMessage("Between us: 1200 is fine", room="caucus:creator"),
    )
    [entry] = outcome.entries
    assert entry.visibility == "side:creator"
    await desk.verified(case_id)
