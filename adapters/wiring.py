"""Builds the service and its storage from settings. No I/O at import time."""

from __future__ import annotations

import gc
import logging
import os
from dataclasses import dataclass

from adapters.settings import Settings, SettingsError
from bot.ports import EvidenceStore
from bot.service.mediation import MediationService
from storage.engine import create_engine
from storage.evidence_store import FileEvidenceStore
from storage.migrate import schema_behind, upgrade
from storage.repository import SqlCaseStore
from storage.signing_keys import load_keys

log = logging.getLogger(__name__)


@dataclass
class App:
    service: MediationService
    store: SqlCaseStore
    evidence: EvidenceStore

    async def close(self) -> None:
        await self.store.close()


async def build(settings: Settings, *, migrate: bool | None = None) -> App:
    """Storage and service. SQLite databases are migrated on start (nothing to set up);
    PostgreSQL is migrated by `mediator migrate` (the Procfile's release step), and a process
    started on a database at another revision stops with a message (SettingsError) instead
    of failing on its first command."""
    engine = create_engine(settings.database_url)
    if migrate is None:
        migrate = settings.database_url.startswith("sqlite")
    if migrate:
        await upgrade(engine)
    else:
        problem = await schema_behind(engine)
        if problem is not None:
            await engine.dispose()
            raise SettingsError(problem)
    store = SqlCaseStore(engine)
    evidence = evidence_store(settings)
    keys, made = load_keys(os.environ)
    if made:
        log.warning("%s", made)
    service = MediationService(store, evidence, default_policy=settings.policy, signer=keys,
                               checkpoint_every=settings.checkpoint_every)
    return App(service, store, evidence)


def evidence_store(settings: Settings) -> EvidenceStore:
    """Where evidence files live: a bucket (`EVIDENCE_URL=s3://…`, reached with the usual
    AWS_* variables), or the local folder (`EVIDENCE_DIR`)."""
    if settings.evidence_url is None:
        return FileEvidenceStore(settings.evidence_dir, settings.evidence_max_bytes)
    from storage.s3_access import EvidenceUrl, s3_client
    from storage.s3_evidence import S3EvidenceStore

    url = EvidenceUrl.parse(settings.evidence_url)
    return S3EvidenceStore(s3_client(os.environ), url.bucket, url.prefix,
                           settings.evidence_max_bytes)


FULL_COLLECTION_EVERY = 100
"""How many collections of the middle generation may pass before a full one is considered
(CPython's default: 10)."""


def settle_heap() -> None:
    """Call once a long-running process has started (its app built, its client made).

    What start-up loaded (modules, the ORM's metadata, the platform libraries) lives as long
    as the process: moving it out of the garbage collector's reach (`gc.freeze`) spares every
    full collection from walking it again, which would otherwise pause the bot for tens of
    milliseconds each time.

    Full collections are also made rarer. Each one walks every object alive, and under a
    burst of events that is every event still in flight; CPython starts one as soon as the
    objects that outlived the young generations since the last one reach a quarter of those
    that survived it, which with the start-up heap frozen is a small number. The young
    generations are still collected as often as before, so the cycles of short-lived objects
    (nearly all of the garbage) are freed just as soon."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
