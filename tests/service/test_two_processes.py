"""Two worker processes accept one proposal at the same moment: one agreement, one refusal."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from bot.domain import kinds
from bot.domain.clock import format_time
from bot.domain.phases import Phase
from storage.database_url import normalize

from .desk import Desk

ROOT = Path(__file__).resolve().parents[2]


async def _worker(url: str, search_path: str | None, case_id: str, start: float,
                  evidence: Path, now: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.service.accept_worker", url, search_path or "", case_id,
        str(start), now, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), "EVIDENCE": str(evidence)},
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


async def test_two_processes_accepting_at_once_draft_one_agreement(
        desk: Desk, database_url: str, search_path: str | None, tmp_path: Path) -> None:
    for _ in range(3):
        case_id = await desk.case_in(Phase.NEGOTIATION)
        start = time.time() + 2.0  # both processes are up and warm by then
        results = await asyncio.gather(*(
            _worker(normalize(database_url), search_path, case_id, start, tmp_path,
                    format_time(desk.clock()))
            for _ in range(2)))
        assert sorted(r.split()[0] for r in results) == ["done", "refused"], results
        done = next(r for r in results if r.startswith("done"))
        # Cleo's own #2 was still open: the acceptance of #1 supersedes it.
        assert done == "done proposal_accepted,proposal_superseded,agreement_drafted"
        entries = await desk.verified(case_id)
        assert [e.kind for e in entries].count(kinds.AGREEMENT_DRAFTED) == 1
