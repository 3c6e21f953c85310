"""Journal entries come back exactly as they were written, so the chain verifies from rows."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.identity import Actor, Role
from bot.domain.journal import Event, verify_chain
from bot.ports import CaseHead
from storage.repository import SqlCaseStore

from .builders import COMMUNITY, T0, append_to, entries_after, event, open_case, summary_after

AWKWARD = [
    "Zahlung überfällig — 50 % jetzt, Rest später",
    "Paiement “en retard” 🙃👩🏽‍💻🇫🇷",
    "הסכם: התשלום יבוצע תוך 30 יום",  # right-to-left
    "مرحبا، الفاتورة رقم ٤٢ لم تُدفع",
    "مرحبا \u200f mixed \u202e RTL override \u202c",
    "Ｗｉｄｅ　ｓｐａｃｅ and ｎｏｎ-ＢＭＰ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎",
    "quotes \" ' \\ backslashes \\n and a real\nnewline\ttab",
    "  leading and trailing spaces  ",
    "e\u0301 (decomposed) vs \u00e9 (composed)",
    "",
]


async def test_entries_round_trip_byte_exact(store: SqlCaseStore, engine: AsyncEngine) -> None:
    events = [
        Event("message_posted", {"text": body, "n": n, "nested": {"b": [1, 2.5, None], "a": True}})
        for n, body in enumerate(AWKWARD)
    ]
    actor = Actor("slack:T1:U2", "Zoë «ﺍﻟﻤﻮﺛﻖ» 🧑‍⚖️")
    written = entries_after(None, "C-1", events, source=None, actor=actor, role=Role.CLAIMANT)
    summary = summary_after("C-1", written, title="Ünïcødé ✓ עברית")
    await open_case(store, "C-0")  # the community, and a neighbour that must not leak in
    async with store.transaction() as tx:
        await tx.append(written, summary, 0)

    read = await store.entries("C-1")

    assert read == written
    assert [e.payload_json for e in read] == [e.payload_json for e in written]
    assert all(e.source is None for e in read)
    assert verify_chain("C-1", read) is None
    assert all(e.computed_hash() == e.hash for e in read)
    # The stored payload column is the very text that was hashed.
    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                text("SELECT payload FROM journal_entries WHERE case_id = 'C-1' ORDER BY seq")
            )
        ).scalars()
        assert [p.encode("utf-8") for p in stored] == [
            e.payload_json.encode("utf-8") for e in written
        ]
    assert (await store.case("C-1")).title == "Ünïcødé ✓ עברית"  # type: ignore[union-attr]


async def test_entries_after_a_sequence_number(store: SqlCaseStore) -> None:
    first, summary = await open_case(store, "C-1")
    second, summary = await append_to(store, summary, event(text="2"), event(text="3"))

    assert await store.entries("C-1") == first + second
    assert await store.entries("C-1", after_seq=1) == second
    assert await store.entries("C-1", after_seq=3) == []
    assert await store.entries("nope") == []
    assert await store.entries("C-1", after_seq=2) == second[1:]
    assert await store.head("C-1") == CaseHead(3, second[-1].hash)


async def test_entries_of_several_cases(store: SqlCaseStore) -> None:
    first_b, _ = await open_case(store, "C-2")
    first_a, summary = await open_case(store, "C-1")
    more_a, _ = await append_to(store, summary, event(text="2"))

    assert await store.entries_of(["C-2", "C-1", "C-9", "C-2"]) == first_a + more_a + first_b
    assert await store.entries_of([]) == []


async def test_head(store: SqlCaseStore) -> None:
    assert await store.head("C-1") is None
    entries, _ = await open_case(store, "C-1")
    assert await store.head("C-1") == CaseHead(version=1, last_hash=entries[-1].hash)


async def test_entries_for_source_finds_the_command_and_its_followers(
    store: SqlCaseStore,
) -> None:
    _, summary = await open_case(store, "C-1", source="slack:T1:Ev1")
    written, summary = await append_to(
        store, summary, event(text="a"), event(text="b"), event(text="c"), source="slack:T1:Ev2"
    )
    # Look-alikes that must not be taken for followers of slack:T1:Ev2.
    _, summary = await append_to(store, summary, event(), source="slack:T1:Ev2#x")
    _, summary = await append_to(store, summary, event(), source="SLACK:T1:EV2#9")
    _, summary = await append_to(store, summary, event(), source="slack:T1:Ev20")
    # A LIKE wildcard in a source is just a character.
    wild, summary = await append_to(store, summary, event(), event(), source="discord:msg:5_%")
    _, summary = await append_to(store, summary, event(), source="discord:msg:5_x#2")

    assert [e.source for e in written] == ["slack:T1:Ev2", "slack:T1:Ev2#2", "slack:T1:Ev2#3"]
    assert await store.entries_for_source("slack:T1:Ev2") == written
    assert await store.entries_for_source("discord:msg:5_%") == wild
    assert await store.entries_for_source("slack:T1:Ev9") == []


async def test_a_case_without_entries_reads_empty(store: SqlCaseStore) -> None:
    await open_case(store, "C-1")
    assert await store.entries("C-2") == []


_names = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=40)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    payload=st.dictionaries(
        st.text(max_size=10),
        st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.lists(st.text())),
        max_size=5,
    ),
    name=_names,
    source=st.one_of(st.none(), _names.filter(bool)),
    seconds=st.integers(min_value=0, max_value=10**9),
)
async def test_any_entry_round_trips(
    store: SqlCaseStore, payload: dict[str, object], name: str, source: str | None, seconds: int
) -> None:
    # Every example gets a case of its own in the test's database.
    case_id = f"H-{uuid4().hex}"
    now = T0 + timedelta(seconds=seconds, microseconds=seconds % 999_983)
    if source is not None:
        source = f"{case_id}:{source}"  # unique per example
    written = entries_after(
        None,
        case_id,
        [Event("message_posted", payload)],
        source=source,
        actor=Actor("u", name),
        now=now,
    )
    await store.save_community(COMMUNITY)
    async with store.transaction() as tx:
        await tx.append(
            written,
            summary_after(case_id, written, title=name),
            0,
        )
    assert await store.entries(case_id) == written
    assert verify_chain(case_id, await store.entries(case_id)) is None
