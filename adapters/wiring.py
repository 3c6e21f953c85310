"""Builds the service and its storage from settings. No I/O at import time."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from adapters.settings import Settings
from bot.service import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import upgrade
from storage.repository import SqlCaseStore


@dataclass
class App:
    service: MediationService
    store: SqlCaseStore
    evidence: FileEvidenceStore

    async def close(self) -> None:
        await self.store.close()


async def build(settings: Settings, *, migrate: bool | None = None) -> App:
    """Storage and service. SQLite databases are migrated on start (nothing to set up);
    PostgreSQL is migrated by `mediator migrate` (the Procfile's release step)."""
    engine = create_engine(settings.database_url)
    if migrate is None:
        migrate = settings.database_url.startswith("sqlite")
    if migrate:
        await upgrade(engine)
    store = SqlCaseStore(engine)
    evidence = FileEvidenceStore(settings.evidence_dir, settings.evidence_max_bytes)
    return App(MediationService(store, evidence, default_policy=settings.policy), store, evidence)


def settle_heap() -> None:
    """Call once a long-running process has started (its app built, its client made).

    What start-up loaded (modules, the ORM's metadata, the platform libraries) lives as long
    as the process: moving it out of the garbage collector's reach (`gc.freeze`) spares every
    full collection from walking it again, which would otherwise pause the bot for tens of
    milliseconds each time."""
    gc.collect()
    gc.freeze()
