"""Signed checkpoints through the service: made with the entries at each milestone and every N
entries, stored, carried in the case's bundle and verified; none without a signing key."""

from __future__ import annotations

import base64
import io

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.checkpoints import problem_of
from bot.domain.phases import Phase
from bot.exports import check_bundle
from bot.ports import Community
from bot.service.mediation import MediationService
from bot.service.store_audit import verify_case
from bot.signatures import fingerprint
from bot.text.witness import MILESTONES
from storage.evidence_store import FileEvidenceStore
from storage.repository import SqlCaseStore
from storage.signing_keys import KeyRing, load_keys

from . import test_figures as figures
from .desk import ANA, COMMUNITY, MAX, MO, PLATFORM, CaseIds, Clock, Desk

KEYS = load_keys({"SIGNING_KEY": base64.b64encode(bytes(range(32))).decode()})[0]
EVERY = 4


async def signing_desk(store: SqlCaseStore, evidence: FileEvidenceStore,
                       keys: KeyRing | None = KEYS) -> Desk:
    clock = Clock()
    service = MediationService(store, evidence, clock=clock, new_case_id=CaseIds(),
                               signer=keys, checkpoint_every=EVERY)
    await service.ensure_community(
        Community(COMMUNITY, PLATFORM, "Demo", mediators=(MO.user_id, MAX.user_id)))
    return Desk(store, service, clock)


async def test_checkpoints_at_milestones_and_every_n_entries(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    desk = await signing_desk(store, evidence_store)
    case_id = await desk.case_in(Phase.CLOSED)
    entries = await desk.verified(case_id)
    stored = await SqlCaseStore(store.engine).checkpoints(case_id)  # as another process reads
    due = [e.seq for e in entries if e.kind in MILESTONES or e.seq % EVERY == 0]
    assert [c.seq for c in stored] == due
    assert {"case_opened", "statements_revealed", "proposal_accepted", "agreement_signed",
            "case_closed"} <= {entries[c.seq - 1].kind for c in stored}
    hashes = [e.hash for e in entries]
    for checkpoint in stored:
        assert checkpoint.hash == entries[checkpoint.seq - 1].hash
        assert problem_of(checkpoint.to_json(), case_id, hashes, fingerprint(KEYS.public_key)) \
            is None
    assert await verify_case(store, evidence_store, case_id) == []


async def test_without_a_signing_key_no_checkpoint_is_made(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    desk = await signing_desk(store, evidence_store, keys=None)
    case_id = await desk.case_in(Phase.NEGOTIATION)
    assert await store.checkpoints(case_id) == []
    assert await verify_case(store, evidence_store, case_id) == []


async def test_the_bundle_carries_the_checkpoints_and_verifies(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    desk = await signing_desk(store, evidence_store)
    case_id = await desk.case_in(Phase.NEGOTIATION)
    entries = await desk.journal(case_id)
    stored = await store.checkpoints(case_id)
    [reply] = (await desk.say(ANA, "export bundle", case_id)).replies
    assert reply.attachment is not None
    report = check_bundle(io.BytesIO(reply.attachment.content), fingerprint(KEYS.public_key))
    assert report.ok, report.problem
    assert report.checkpoints == len(stored) >= 2
    last = stored[-1]
    assert report.covered == (
        f"The last signed checkpoint covers entries 1–{last.seq} (signed {last.at} by key "
        f"{fingerprint(KEYS.public_key)}); entries {last.seq + 1}–{len(entries)} come after it.")


async def test_a_stored_checkpoint_that_does_not_hold_is_found(
        store: SqlCaseStore, evidence_store: FileEvidenceStore, engine: AsyncEngine) -> None:
    desk = await signing_desk(store, evidence_store)
    case_id = await desk.case_in(Phase.STATEMENTS)
    [opened] = await store.checkpoints(case_id)
    entries = await desk.journal(case_id)
    # Written behind the bot's back: entry 2's place, entry 1's hash and signature.
    async with engine.begin() as connection:
        await connection.execute(text(
            "INSERT INTO checkpoints (case_id, seq, hash, at, key_id, public_key, signature) "
            "VALUES (:case, 2, :hash, :at, :key, :public, :signature)"),
            {"case": case_id, "hash": entries[1].hash, "at": opened.at, "key": opened.key_id,
             "public": opened.public_key, "signature": opened.signature})
    [finding] = await verify_case(store, evidence_store, case_id)
    assert (finding.seq, finding.problem) == (2, "signed checkpoint: the signature does not match")


async def test_a_campaigns_record_is_checkpointed_every_n_entries(
        store: SqlCaseStore, evidence_store: FileEvidenceStore) -> None:
    desk = await signing_desk(store, evidence_store)
    campaign_id = await figures.campaign_with_a_live_reel(desk)
    entries = await desk.journal(campaign_id)
    stored = await store.checkpoints(campaign_id)
    assert len(entries) >= EVERY
    assert [c.seq for c in stored] == [e.seq for e in entries
                                       if e.kind in MILESTONES or e.seq % EVERY == 0]
    assert await verify_case(store, evidence_store, campaign_id) == []
