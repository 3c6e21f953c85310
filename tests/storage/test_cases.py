"""The case rows and what hangs off them: participants, deadlines, evidence, rooms, outbox,
communities."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.ports import (
    CaseSummary,
    Community,
    DeadlineDue,
    EvidenceRecord,
    OutboxMessage,
    Participant,
)
from storage.models import DeadlineRow
from storage.repository import SqlCaseStore
from tests.conftest import MakeStore

from .builders import (
    ANA,
    CLAIMANT,
    COMMUNITY,
    OTTO,
    RESPONDENT,
    T0,
    append_to,
    event,
    open_case,
)

MEDIATOR = Participant(user_id="console:mo", name="Mo", role="mediator", side=None)


async def test_a_case_reads_back_as_written(store: SqlCaseStore) -> None:
    _, summary = await open_case(
        store,
        "C-1",
        participants=(RESPONDENT, CLAIMANT),  # order kept as given
        deadlines={"statements": T0 + timedelta(days=5), "response": T0 + timedelta(days=3)},
        mediation_requested=True,
    )
    assert await store.case("C-1") == summary
    assert await store.case("C-2") is None


async def test_times_come_back_in_utc_whatever_zone_went_in(store: SqlCaseStore) -> None:
    lima = timezone(timedelta(hours=-5))
    opened_at = datetime(2026, 11, 21, 14, 0, 0, 123456, tzinfo=lima)
    await open_case(store, "C-1", opened_at=opened_at, updated_at=opened_at)
    read = await store.case("C-1")
    assert read is not None
    assert read.opened_at == opened_at
    assert read.opened_at.tzinfo == UTC
    assert read.opened_at.hour == 19 and read.opened_at.microsecond == 123456


async def test_naive_times_are_refused(store: SqlCaseStore) -> None:
    with pytest.raises(Exception, match="naive"):
        await open_case(store, "C-1", opened_at=datetime(2026, 1, 1))
    assert await store.case("C-1") is None


async def test_the_summary_follows_every_append(store: SqlCaseStore) -> None:
    _, opened = await open_case(store, "C-1")
    later = T0 + timedelta(hours=2)
    _, closed = await append_to(
        store,
        opened,
        event("case_closed", reason="settled"),
        now=later,
        phase="closed",
        closed_reason="settled",
        title="Settled: spring campaign",
        mediation_requested=True,
    )
    read = await store.case("C-1")
    assert read == closed
    assert read is not None
    assert (read.phase, read.closed_reason, read.version, read.updated_at) == (
        "closed",
        "settled",
        2,
        later,
    )
    assert read.opened_at == opened.opened_at


async def test_participants_are_written_when_they_change(store: SqlCaseStore) -> None:
    _, opened = await open_case(store, "C-1", participants=(CLAIMANT,))
    _, summary = await append_to(store, opened, event(), participants=(CLAIMANT, RESPONDENT))
    read = await store.case("C-1")
    assert read is not None and read.participants == (CLAIMANT, RESPONDENT)

    _, summary = await append_to(
        store, summary, event("case_joined"), participants=(CLAIMANT, RESPONDENT, MEDIATOR))
    read = await store.case("C-1")
    assert read is not None and read.participants == (CLAIMANT, RESPONDENT, MEDIATOR)

    _, summary = await append_to(store, summary, event(), participants=(RESPONDENT,))
    read = await store.case("C-1")
    assert read is not None and read.participants == (RESPONDENT,)
    assert [s.id for s in await store.cases(user_id=ANA.user_id)] == []


async def test_an_append_that_changes_neither_writes_only_the_case_and_its_entries(
    store: SqlCaseStore, engine: AsyncEngine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's trace")
    _, summary = await open_case(store, "C-1", deadlines={"response": T0 + timedelta(days=3)})
    _, summary = await append_to(store, summary, event())
    statements: list[str] = []
    await store.trace_writes(lambda sql: statements.append(sql.split()[0].upper()))
    try:
        await append_to(store, summary, event())
    finally:
        await store.trace_writes(None)
    assert statements == ["BEGIN", "UPDATE", "INSERT", "COMMIT"]


async def test_rows_another_writer_changed_are_written_again(
    store: SqlCaseStore, make_store: MakeStore, engine: AsyncEngine
) -> None:
    # This store wrote the case with Ana alone and a response deadline; another process then
    # changed both. An append here that brings back what this store wrote last must write
    # them again: what it remembers is no longer what is stored.
    response = T0 + timedelta(days=3)
    _, opened = await open_case(store, "C-1", participants=(CLAIMANT,),
                                deadlines={"response": response})
    other = await make_store()
    _, theirs = await append_to(other, opened, event(), participants=(RESPONDENT,),
                                deadlines=(DeadlineDue("statements", response),))
    await append_to(store, theirs, event(), participants=(CLAIMANT,),
                    deadlines=(DeadlineDue("response", response),))
    read = await store.case("C-1")
    assert read is not None
    assert read.participants == (CLAIMANT,)
    assert read.deadlines == (DeadlineDue("response", response),)


async def test_cases_by_participant_community_and_openness(store: SqlCaseStore) -> None:
    other = Community(id="slack:T9", platform="slack", name="Other workspace")
    await store.save_community(other)
    _, first = await open_case(store, "C-1", participants=(CLAIMANT, RESPONDENT))
    _, second = await open_case(
        store, "C-2", participants=(CLAIMANT,), opened_at=T0 + timedelta(days=1)
    )
    _, third = await open_case(
        store,
        "C-3",
        participants=(RESPONDENT,),
        community_id=other.id,
        opened_at=T0 + timedelta(days=2),
    )
    await append_to(store, second, event("case_closed"), phase="closed", closed_reason="withdrawn")

    def ids(summaries: list[CaseSummary]) -> list[str]:
        return [s.id for s in summaries]

    assert ids(await store.cases()) == ["C-3", "C-1"]
    assert ids(await store.cases(open_only=False)) == ["C-3", "C-2", "C-1"]
    assert ids(await store.cases(user_id=ANA.user_id)) == ["C-1"]
    assert ids(await store.cases(user_id=ANA.user_id, open_only=False)) == ["C-2", "C-1"]
    assert ids(await store.cases(user_id=OTTO.user_id)) == ["C-3", "C-1"]
    assert ids(await store.cases(community_id=COMMUNITY.id, open_only=False)) == ["C-2", "C-1"]
    assert ids(await store.cases(user_id=OTTO.user_id, community_id=other.id)) == ["C-3"]
    assert ids(await store.cases(user_id="console:nobody")) == []
    # Summaries from a listing are complete, as from `case`.
    listed = {s.id: s for s in await store.cases(open_only=False)}
    assert listed["C-1"] == first
    assert listed["C-3"] == third
    assert await store.case_ids() == ["C-1", "C-2", "C-3"]


async def _deadline_rows(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(
            select(
                DeadlineRow.key, DeadlineRow.due_at, DeadlineRow.fired_at, DeadlineRow.cancelled_at
            ).order_by(DeadlineRow.id)
        )
        return [tuple(row) for row in result.all()]


async def test_deadlines_are_reconciled(store: SqlCaseStore, engine: AsyncEngine) -> None:
    response = T0 + timedelta(days=3)
    statements = T0 + timedelta(days=5)
    _, opened = await open_case(
        store, "C-1", deadlines={"response": response, "statements": statements}
    )
    assert await _deadline_rows(engine) == [
        ("response", response, None, None),
        ("statements", statements, None, None),
    ]

    # The same deadlines again: rows untouched.
    _, summary = await append_to(store, opened, event())
    assert len(await _deadline_rows(engine)) == 2

    # "response" is gone, "statements" moves, "proposal:1" is new.
    moved = T0 + timedelta(days=7)
    proposal = T0 + timedelta(days=2)
    change_time = T0 + timedelta(hours=1)
    _, summary = await append_to(
        store,
        summary,
        event("proposal_made"),
        now=change_time,
        deadlines=(DeadlineDue("proposal:1", proposal), DeadlineDue("statements", moved)),
    )
    assert await _deadline_rows(engine) == [
        ("response", response, None, change_time),
        ("statements", statements, None, change_time),
        ("proposal:1", proposal, None, None),
        ("statements", moved, None, None),
    ]
    read = await store.case("C-1")
    assert read is not None
    assert read.deadlines == (DeadlineDue("proposal:1", proposal), DeadlineDue("statements", moved))

    # The same deadlines given in another time zone are the same deadlines: nothing changes.
    lima = timezone(timedelta(hours=-5))
    rows = await _deadline_rows(engine)
    _, summary = await append_to(
        store,
        summary,
        event(),
        deadlines=(
            DeadlineDue("statements", moved.astimezone(lima)),
            DeadlineDue("proposal:1", proposal),
        ),
    )
    assert await _deadline_rows(engine) == rows


async def test_fired_deadlines_are_never_touched_nor_recreated(
    store: SqlCaseStore, engine: AsyncEngine
) -> None:
    response = T0 + timedelta(days=3)
    _, opened = await open_case(store, "C-1", deadlines={"response": response})
    fired_at = response + timedelta(seconds=1)
    # What a deadline worker does when it claims the deadline.
    async with engine.begin() as connection:
        await connection.execute(
            DeadlineRow.__table__.update()
            .where(DeadlineRow.key == "response", DeadlineRow.fired_at.is_(None))
            .values(fired_at=fired_at)
        )

    # A change to another deadline while the summary still lists the fired one ...
    evidence_due = T0 + timedelta(days=4)
    _, summary = await append_to(
        store,
        opened,
        event(),
        deadlines=(DeadlineDue("response", response), DeadlineDue("evidence", evidence_due)),
    )
    # ... neither re-arms it nor cancels it.
    assert await _deadline_rows(engine) == [
        ("response", response, fired_at, None),
        ("evidence", evidence_due, None, None),
    ]
    # And when the summary drops it, the fired row still stays as it was.
    await append_to(store, summary, event(), deadlines=())
    rows = await _deadline_rows(engine)
    assert rows[0] == ("response", response, fired_at, None)
    assert rows[1][3] is not None  # evidence: cancelled
    read = await store.case("C-1")
    assert read is not None and read.deadlines == ()


async def test_evidence_records(store: SqlCaseStore) -> None:
    await open_case(store, "C-1")
    records = [
        EvidenceRecord(
            case_id="C-1",
            seq=3,
            sha256="b" * 64,
            size=5 * 1024**3,  # larger than 32 bits
            media_type="video/mp4",
            filename="../../etc/passwd — proof 📎.mp4",
            description="the posted video",
            uploader_id=ANA.user_id,
            uploaded_at=T0 + timedelta(hours=1),
            late=True,
        ),
        EvidenceRecord(
            case_id="C-1",
            seq=2,
            sha256="a" * 64,
            size=0,
            media_type="application/pdf",
            filename="contract.pdf",
            description="",
            uploader_id=OTTO.user_id,
            uploaded_at=T0,
            late=False,
        ),
    ]
    async with store.transaction() as tx:
        for record in records:
            await tx.add_evidence(record)
    assert await store.evidence("C-1") == [records[1], records[0]]
    assert await store.evidence("C-2") == []


async def test_communities_are_upserted(store: SqlCaseStore) -> None:
    assert await store.community("slack:T1") is None
    first = Community(
        id="slack:T1",
        platform="slack",
        name="Acme",
        policy={"response_days": 3, "nested": {"languages": ["de", "עברית"]}},
        mediators=("slack:T1:U1",),
    )
    await store.save_community(first)
    assert await store.community("slack:T1") == first

    second = Community(id="slack:T1", platform="slack", name="Acme Inc", mediators=())
    await store.save_community(second)
    assert await store.community("slack:T1") == second


async def test_rooms_link_to_cases(store: SqlCaseStore) -> None:
    await open_case(store, "C-1")
    await open_case(store, "C-2")
    assert await store.room("slack", "C123:1700000000.0001") is None

    await store.link_room("slack", "C123:1700000000.0001", "C-1", "thread")
    await store.link_room("discord", "987", "C-1", "caucus:brand")
    await store.link_room("discord", "988", "C-2", "caucus:creator")
    await store.link_room("slack", "C123:1700000000.0001", "C-1", "thread")  # a retry

    assert await store.room("slack", "C123:1700000000.0001") == ("C-1", "thread")
    assert await store.room("discord", "987") == ("C-1", "caucus:brand")
    assert await store.room("discord", "988") == ("C-2", "caucus:creator")
    assert await store.room("slack", "987") is None

    await store.link_room("discord", "987", "C-2", "thread")  # latest link wins
    assert await store.room("discord", "987") == ("C-2", "thread")


async def test_outbox_pending_and_delivered(store: SqlCaseStore) -> None:
    await open_case(store, "C-1")
    async with store.transaction() as tx:
        await tx.add_outbox(
            [
                OutboxMessage("C-1", "slack", "user:slack:T1:U2", "Your turn"),
                OutboxMessage("C-1", "discord", "thread", "Elsewhere"),
                OutboxMessage(None, "slack", "mediators", "A case needs a mediator", "alert"),
                OutboxMessage("C-1", "slack", "side:brand", "Proposal 2 — 🤝"),
            ]
        )
        await tx.add_outbox([])

    pending = await store.pending_outbox("slack")
    assert [(m.audience, m.text, m.kind, m.attempts, m.case_id) for m in pending] == [
        ("user:slack:T1:U2", "Your turn", "notice", 0, "C-1"),
        ("mediators", "A case needs a mediator", "alert", 0, None),
        ("side:brand", "Proposal 2 — 🤝", "notice", 0, "C-1"),
    ]
    ids = [m.id for m in pending]
    assert all(isinstance(i, int) for i in ids) and ids == sorted(ids)
    assert [m.id for m in await store.pending_outbox("slack", limit=2)] == ids[:2]

    await store.mark_delivered([ids[0], ids[2]])
    await store.mark_delivered([ids[0]])  # delivered twice: harmless
    await store.mark_delivered([])
    assert [m.text for m in await store.pending_outbox("slack")] == ["A case needs a mediator"]
    assert [m.text for m in await store.pending_outbox("discord")] == ["Elsewhere"]
    assert await store.pending_outbox("console") == []
