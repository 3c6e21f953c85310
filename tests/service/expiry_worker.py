"""A worker process for tests/service/test_guidelines_workers.py: waits for the start time,
then sweeps the due deadlines at the test's clock and prints how many fired here. Run with
`python -m`."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

from bot.domain.clock import parse_time
from bot.service.mediation import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore


async def main() -> None:
    url, search_path, start, now = sys.argv[1:5]
    moment = parse_time(now)  # the test's clock, not the wall clock
    engine = create_engine(url, search_path=search_path or None)
    store = SqlCaseStore(engine)
    service = MediationService(store, FileEvidenceStore(Path(os.environ["EVIDENCE"]), 1 << 20),
                               clock=lambda: moment)
    await asyncio.sleep(max(0.0, float(start) - time.time()))
    try:
        print(await service.fire_due(batch=7))
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
