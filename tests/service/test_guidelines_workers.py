"""Strikes expire exactly once when two worker processes sweep the same due deadlines at the
same moment, and one community's guidelines never show in another's."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from bot.domain.clock import format_time
from bot.domain.identity import Actor
from bot.exchange import ACTOR, Context
from bot.guidelines import kinds
from bot.guidelines.record import guidelines_id
from bot.input.grammar import parse
from bot.ports import Community
from storage.database_url import normalize
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore

from .desk import COMMUNITY, MO, PLATFORM, Desk, person

ROOT = Path(__file__).resolve().parents[2]


async def _sweeper(url: str, search_path: str | None, start: float, evidence: Path,
                   now: str) -> int:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.service.expiry_worker", url, search_path or "",
        str(start), now, cwd=ROOT, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), "EVIDENCE": str(evidence)})
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return int(out.decode().strip())


async def test_two_workers_expire_each_strike_exactly_once(
        desk: Desk, database_url: str, search_path: str | None, tmp_path: Path) -> None:
    members = [f"creator{n}" for n in range(12)]
    for name in members:
        await desk.say(MO, f"penalize @{name} disclosure_missing seen no #ad")
        await desk.say(MO, f"penalize @{name} requirement_missed seen no link")
    desk.clock.advance(days=91)
    start = time.time() + 2.0
    fired = await asyncio.gather(*(
        _sweeper(normalize(database_url), search_path, start, tmp_path,
                 format_time(desk.clock())) for _ in range(2)))
    entries = await desk.verified(guidelines_id(COMMUNITY))
    expired = [e.payload["number"] for e in entries if e.kind == kinds.STRIKE_EXPIRED]
    assert sorted(expired) == list(range(1, 2 * len(members) + 1))
    assert sum(fired) == len(expired)
    assert await desk.service.fire_due() == 0


async def test_one_community_s_guidelines_never_show_in_another(desk: Desk) -> None:
    other = "console:other"
    await desk.service.ensure_community(Community(other, PLATFORM, "Other"))
    cleo_there = Actor("console:cleo", "cleo")
    mod_there = Actor("console:zed", "zed", is_mediator=True)

    async def there(actor: Actor, line: str) -> str:
        ctx = Context(actor, other, PLATFORM, desk.people)
        return (await desk.service.handle(parse(line), ctx)).to(ACTOR)[0]

    await desk.say(MO, "penalize @cleo ghosting seen two weeks of silence")
    await desk.say(person("otto"), "report @cleo rude to the brand")
    assert guidelines_id(other) != guidelines_id(COMMUNITY)
    assert "Active strikes: 0" in await there(cleo_there, "standing")
    assert "Open reports about cleo: 0" in await there(mod_there, "standing @cleo")
    assert "No report is waiting" in await there(mod_there, "reports")
    assert "Active strikes: 1" in (await desk.say(MO, "standing @cleo")).to(ACTOR)[0]
    # a penalty there is journaled there, not here
    await there(mod_there, "penalize @cleo ghosting seen silence there too")
    here = await desk.journal(guidelines_id(COMMUNITY))
    assert sum(e.kind == kinds.PENALTY_APPLIED for e in here) == 1
    there_entries = await desk.journal(guidelines_id(other))
    assert [e.payload["community_id"] for e in there_entries[:1]] == [other]


async def test_two_workers_starting_a_community_s_record_at_once_start_it_once(
        desk: Desk, store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    """Two services (as two workers) on one store, each the first to report in a community
    new to both: one starts the record, the other decides again on it; nothing is lost."""
    other = await Desk.over(store, evidence_store, desk.clock)
    fresh = "console:fresh"
    lines = [(desk, person("otto"), "report @cleo rude"), (other, person("ana"),
                                                           "report @cleo silent")]
    outcomes = await asyncio.gather(*(
        d.service.handle(parse(line), Context(who, fresh, PLATFORM, d.people))
        for d, who, line in lines))
    assert all(o.entries for o in outcomes)
    entries = await desk.verified(guidelines_id(fresh))
    kinds_seen = [e.kind for e in entries]
    assert kinds_seen.count(kinds.GUIDELINES_STARTED) == 1
    assert kinds_seen.count(kinds.REPORT_MADE) == 2
    assert sorted(e.payload["number"] for e in entries if e.kind == kinds.REPORT_MADE) == [1, 2]
