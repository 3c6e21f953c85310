"""A worker process for tests/service/test_two_processes.py: waits for the start time, then
accepts proposal #1 as Cleo and prints what happened. Run with `python -m`."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from bot.domain.clock import parse_time
from bot.domain.errors import Refusal
from bot.exchange import Context
from bot.input.grammar import parse
from bot.service.mediation import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from tests.service.desk import CLEO, COMMUNITY, PLATFORM, Directory


async def main() -> None:
    url, search_path, case_id, start, now = sys.argv[1:6]
    moment = parse_time(now)  # the test's clock, not the wall clock
    engine = create_engine(url, search_path=search_path or None)
    store = SqlCaseStore(engine)
    service = MediationService(store, FileEvidenceStore(Path(os.environ["EVIDENCE"]), 1 << 20),
                               clock=lambda: moment)
    await service.case(case_id)  # warm, as a busy worker would be
    await asyncio.sleep(max(0.0, float(start) - time.time()))
    ctx = Context(CLEO, COMMUNITY, PLATFORM, Directory(), case_id, source=f"p{os.getpid()}")
    try:
        outcome = await service.handle(parse("accept 1"), ctx)
        print("done", ",".join(e.kind for e in outcome.entries))
    except Refusal as refusal:
        print("refused", refusal.message)
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
